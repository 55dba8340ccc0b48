"""Documentation and style gates: every module and role renders in ansible-doc, antsibull-docs finds nothing to fix
in the collection's docs, and ansible-lint's production profile is clean on the roles and playbooks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MODULES = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())["action_groups"]["genesys_cloud"]
ROLES = sorted(p.name for p in (ROOT / "roles").iterdir() if (p / "meta" / "argument_specs.yml").exists()) \
    if (ROOT / "roles").exists() else []


def run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "NO_COLOR": "1", "ANSIBLE_NOCOLOR": "1",
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # antsibull-docs runs `ansible` itself
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_renders(module):
    result = run(str(BIN / "ansible-doc"), "-t", "module", f"cxops.genesys_cloud.{module}")
    assert result.returncode == 0, result.stderr
    assert "EXAMPLES" in result.stdout and "RETURN VALUES" in result.stdout


def test_there_are_roles_to_document():
    assert {"site", "edge_pairing", "time_sync", "pci_recording", "agent_readiness", "call_smoke_test",
            "site_rollout"} <= set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_renders(role):
    result = run(str(BIN / "ansible-doc"), "-t", "role", f"cxops.genesys_cloud.{role}")
    assert result.returncode == 0, result.stderr
    assert "ENTRY POINT:" in result.stdout and "main" in result.stdout


def test_antsibull_docs_lint_is_clean():
    result = run(str(BIN / "antsibull-docs"), "lint-collection-docs", "--plugin-docs", str(ROOT))
    assert result.returncode == 0, result.stdout + result.stderr


def test_ansible_lint_production_profile_is_clean():
    result = run(str(BIN / "ansible-lint"), "--profile", "production", "--offline", "roles", "playbooks")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-6000:]
