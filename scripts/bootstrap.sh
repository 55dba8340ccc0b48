#!/usr/bin/env bash
# Create .venv with ansible-core, the test tools and the simulator, and link this checkout where Ansible
# looks for collections (.cache/ansible_collections/cxops/genesys_cloud). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
stamp=.venv/.bootstrap-stamp
inputs=(requirements.txt tests/requirements.txt simulator/pyproject.toml scripts/bootstrap.sh)

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ -n "$(find "${inputs[@]}" -newer "$stamp" 2>/dev/null)" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r tests/requirements.txt -e ./simulator
  touch "$stamp"
fi

mkdir -p .cache/ansible_collections/cxops
ln -sfn ../../.. .cache/ansible_collections/cxops/genesys_cloud
