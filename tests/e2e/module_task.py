"""One task of a collection module, run by a real ansible-playbook; its registered result is read back (a second
task writes it as JSON), beside everything ansible-playbook printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass
class TaskRun:
    result: dict[str, Any]
    output: str  # stdout and stderr

    @property
    def failed(self) -> bool:
        return bool(self.result.get("failed"))


def ansible_env(workdir: Path, **extra: str) -> dict[str, str]:
    """This process's environment without GENESYSCLOUD_* (a developer's own org must never be reached) and without
    ANSIBLE_* (nor their own Ansible settings)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("GENESYSCLOUD_", "ANSIBLE_"))}
    return {**env, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LOCAL_TEMP": str(workdir / "ansible-tmp"),
            "GENESYSCLOUD_TOKEN_CACHE_DIR": str(workdir / "tokens"), **extra}


def run_module(module: str, args: dict[str, Any], workdir: Path, env: dict[str, str] | None = None,
               verbosity: str = "-v") -> TaskRun:
    """Run cxops.genesys_cloud.<module> with `args` on localhost; a failed task is a result, not an exception."""
    workdir.mkdir(parents=True, exist_ok=True)
    playbook, result_file = workdir / "play.yml", workdir / "result.json"
    play = {"hosts": "localhost", "gather_facts": False, "connection": "local",
            "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
            "tasks": [{"name": "the task under test", f"cxops.genesys_cloud.{module}": args,
                       "register": "outcome", "ignore_errors": True},
                      {"name": "its result", "ansible.builtin.copy": {"content": "{{ outcome | to_json }}",
                                                                      "dest": str(result_file)}}]}
    playbook.write_text(json.dumps([play]), encoding="utf-8")  # JSON is YAML
    completed = subprocess.run([str(BIN / "ansible-playbook"), verbosity, "-i", "localhost,", str(playbook)],
                               cwd=ROOT, env=env or ansible_env(workdir), capture_output=True, text=True,
                               timeout=120, check=False)
    output = completed.stdout + completed.stderr
    assert result_file.exists(), f"the task did not run:\n{output[-4000:]}"
    return TaskRun(json.loads(result_file.read_text(encoding="utf-8")), output)
