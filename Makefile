# The two commands the README promises, and the pieces they are made of.
#   make sandbox   roll the sample multi-region inventory out against the bundled simulator
#   make test      every test: unit, simulator, integration (ansible-playbook), e2e (AWX-like), chaos, sanity
#   make bench     the benchmark at the standard scale (4 regions x 50 sites x 2 Edges); not part of make test
SHELL := /bin/bash
BIN := .venv/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg

.PHONY: bootstrap sandbox test units simulator-tests integration e2e chaos sanity changelog-lint build bench

bootstrap:
	@scripts/bootstrap.sh

sandbox: bootstrap
	$(BIN)/python scripts/sandbox.py $(ARGS)

test: units simulator-tests integration e2e chaos sanity changelog-lint build

units: bootstrap
	$(BIN)/python -m pytest -q tests/unit

simulator-tests: bootstrap
	$(BIN)/python -m pytest -q tests/simulator

integration: bootstrap
	$(BIN)/python -m pytest -q tests/integration

e2e: bootstrap
	$(BIN)/python -m pytest -q tests/e2e

# The fault campaign and the interrupted rollout; figures go to tests/chaos/results.json (or $$CHAOS_RESULTS).
chaos: bootstrap
	$(BIN)/python -m pytest -q tests/chaos

sanity: bootstrap
	tests/sanity/run.sh

changelog-lint: bootstrap
	$(BIN)/antsibull-changelog lint

build: bootstrap
	$(BIN)/python -m pytest -q tests/build

# Prints figures and writes tests/bench/results.json; never fails on timing. ARGS go to tests/bench/run.py
# (e.g. ARGS="--sites 10 --scenarios 1,2").
bench: bootstrap
	$(BIN)/python tests/bench/run.py $(ARGS)
