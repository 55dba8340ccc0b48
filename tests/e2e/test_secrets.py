"""Secrets stay secret at the loudest settings: one region of the sandbox rolled out at -vvvv with ANSIBLE_DEBUG=1
and --diff, then every byte it left behind is searched for the client secret (also as the Basic credential it
travels in) and for every token the simulator issued: what it printed, the ansible log, the reports, and every
temporary file, kept (ANSIBLE_KEEP_REMOTE_FILES) and in HOME and TMPDIR of its own. The token cache holds the
issued token only, in files of mode 0600 in a directory of mode 0700."""

from __future__ import annotations

import base64
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from genesys_cloud_sim.testing import SimulatorProcess

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = ROOT / "inventories" / "sandbox"
CLIENT_ID, SECRET = "sandbox-us", "sandbox-us-secret"  # inventories/sandbox/group_vars/us_east_1.yml
BASIC_CREDENTIAL = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
CACHE_ENTRY_KEYS = {"access_token", "expires_at", "lifetime"}


def loud_env(sim: SimulatorProcess, work: Path) -> dict[str, str]:
    """Everything the run may write goes under `work`: logs, reports, temp files (kept), token cache, HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GENESYSCLOUD_", "ANSIBLE_"))}
    for directory in ("home", "tmp"):
        (work / directory).mkdir()
    env.update({"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_DEBUG": "1", "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_LOG_PATH": str(work / "ansible.log"), "ANSIBLE_KEEP_REMOTE_FILES": "1",
                "ANSIBLE_LOCAL_TEMP": str(work / "ansible-local"), "ANSIBLE_REMOTE_TEMP": str(work / "ansible-remote"),
                "HOME": str(work / "home"), "TMPDIR": str(work / "tmp"), "GENESYS_SIM_URL": sim.url,
                "GENESYSCLOUD_TOKEN_CACHE_DIR": str(work / "tokens")})
    return env


@pytest.fixture(scope="module")
def loud_run(tmp_path_factory):
    """The rollout of us-east-1 at full verbosity; returns what it printed, where it wrote, and the tokens issued."""
    work = tmp_path_factory.mktemp("secrets")
    with SimulatorProcess(config=SANDBOX / "simulator.yml", time_scale=30, strict_fields=True) as sim:
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "-vvvv", "--diff", "-i", str(SANDBOX),
                   str(ROOT / "playbooks" / "site_rollout.yml"), "--limit", "us_east_1",
                   "-e", f"genesys_report_dir={work / 'reports'}"]
        result = subprocess.run(command, cwd=ROOT, env=loud_env(sim, work), capture_output=True, text=True,
                                timeout=600, check=False)
        tokens = [t["access_token"] for t in sim.admin.tokens()]
    return result, work, tokens


def files_under(directory: Path) -> list[Path]:
    return [path for path in directory.rglob("*") if path.is_file()]


def test_the_loud_run_succeeds_and_used_tokens(loud_run):
    result, _work, tokens = loud_run
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert tokens, "the run must have logged in"


def test_the_run_left_what_is_searched(loud_run):
    """The search below proves something only if the places it searches were written to."""
    result, work, _tokens = loud_run
    assert re.search(r"^ *\d+ \d+\.\d+: starting run$", result.stdout, re.MULTILINE)  # ANSIBLE_DEBUG's lines
    assert (work / "ansible.log").stat().st_size > 0
    reports = {path.name for path in files_under(work / "reports")}
    assert reports >= {f"rollout-report-latest.{kind}" for kind in ("json", "md", "html")}
    # Kept module payloads would hold their arguments in clear. The rollout now runs no module process at all: the
    # collection's modules, the report and set_fact all run in the controller (plugin_utils/_controller.py).
    assert files_under(work / "ansible-remote") == [], "a module process ran, its arguments kept in clear"


def test_no_secret_or_token_in_output_logs_reports_or_temp_files(loud_run):
    result, work, tokens = loud_run
    written = {str(path): str(path.relative_to(work)).encode() + b"\n" + path.read_bytes()  # name and content
               for path in files_under(work) if path.parent != work / "tokens"}
    places = {"stdout": result.stdout.encode(), "stderr": result.stderr.encode(), **written}
    for secret in (SECRET, BASIC_CREDENTIAL, *tokens):
        leaks = [where for where, data in places.items() if secret.encode() in data]
        assert leaks == [], f"{secret[:12]}... found in {leaks}"


def test_the_token_cache_holds_the_issued_token_only_and_privately(loud_run):
    _result, work, tokens = loud_run
    cache = work / "tokens"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    files = files_under(cache)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert CLIENT_ID not in path.name and SECRET not in path.name
    entries = [path for path in files if path.suffix == ".json"]
    assert all(path.suffix == ".lock" and path.stat().st_size == 0 for path in files if path not in entries)
    cached = [json.loads(path.read_text(encoding="utf-8")) for path in entries]
    assert all(set(entry) == CACHE_ENTRY_KEYS for entry in cached), cached  # a token and its times, nothing else
    assert [entry["access_token"] for entry in cached] == tokens  # the one token of the org, shared by every task
