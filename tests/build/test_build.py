"""`ansible-galaxy collection build` succeeds and the tarball installs and documents every module."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*command: str, cwd: Path = ROOT, env: dict | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_build_install_and_document(tmp_path):
    run(str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(tmp_path), str(ROOT))
    (tarball,) = tmp_path.glob("cxops-genesys_cloud-*.tar.gz")
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    assert "plugins/module_utils/_client.py" in names
    assert not [n for n in names if n.startswith(("simulator/", ".venv", ".cache", "tests/output"))]

    # A clean environment: the checkout's ansible.cfg would show the collection as already installed (.cache).
    installed = tmp_path / "collections"
    env = {"ANSIBLE_COLLECTIONS_PATH": str(installed), "PATH": str(BIN), "HOME": str(tmp_path)}
    run(str(BIN / "ansible-galaxy"), "collection", "install", "-p", str(installed), str(tarball), cwd=tmp_path, env=env)
    listed = run(str(BIN / "ansible-doc"), "-l", "cxops.genesys_cloud", "--json", cwd=tmp_path, env=env)
    modules = set(yaml.safe_load(listed))
    group = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())["action_groups"]["genesys_cloud"]
    # Every module that talks to Genesys Cloud takes the auth options from the group's module_defaults; the report and
    # site_outcome make no request, and module_defaults' auth options would be unsupported parameters there.
    talking = {name for name in modules if "cxops.genesys_cloud.auth" in (ROOT / "plugins" / "modules" / (
        name.rsplit(".", 1)[-1] + ".py")).read_text()}
    assert talking == modules - {"cxops.genesys_cloud.rollout_report", "cxops.genesys_cloud.site_outcome"}
    assert {f"cxops.genesys_cloud.{name}" for name in group} == talking, "the action group must name every such module"
