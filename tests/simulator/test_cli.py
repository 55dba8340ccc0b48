"""`genesys-cloud-sim serve` as a child process: the state file survives a restart; bad configs exit 2."""

from __future__ import annotations

import json
import stat
import subprocess
import sys

import pytest

from genesys_cloud_sim.testing import SimulatorProcess

from conftest import ADMIN_SECRET, LOCATIONS, SEED, SITES, Api


def test_state_file_survives_a_restart(tmp_path):
    state_file = tmp_path / "world" / "state.json"
    with SimulatorProcess(config=SEED, state_file=state_file, strict_fields=True) as first:
        api = Api(first)
        location = api.ok("POST", LOCATIONS, {"name": "Depot", "address": {"city": "Lyon", "country": "FR"},
                                              "emergencyNumber": {"number": "+33472000000", "type": "default"}})
        site = api.ok("POST", SITES, {"name": "Lyon", "location": {"id": location["id"]},
                                      "ntpSettings": {"servers": ["ntp.lyon.example"]}})
        site = api.ok("PUT", f"{SITES}/{site['id']}", {**site, "description": "persisted"})
        assert site["version"] == 2
    assert first.process is not None and first.process.returncode == 0  # SIGTERM is a clean stop
    assert state_file.exists()
    assert stat.S_IMODE(state_file.stat().st_mode) == 0o600  # it holds client secrets
    assert ADMIN_SECRET in state_file.read_text(encoding="utf-8")
    assert not state_file.with_name("state.json.tmp").exists()

    with SimulatorProcess(config=SEED, state_file=state_file, strict_fields=True) as second:
        api = Api(second)  # the client secrets came back too
        again = api.ok("GET", f"{SITES}/{site['id']}")
        assert again["id"] == site["id"] and again["version"] == 2
        assert again["description"] == "persisted" and again["ntpSettings"] == {"servers": ["ntp.lyon.example"]}
        assert again["location"]["id"] == location["id"]
        assert again["dateCreated"] == site["dateCreated"]
        assert api.ok("GET", f"{LOCATIONS}/{location['id']}")["address"] == {"city": "Lyon", "country": "FR"}
        assert second.admin.stats()["requests_total"] == 3  # this run only: the traffic log is not persisted
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    names = {site["name"] for site in saved["regions"]["us-east-1"]["orgs"][0]["sites"]}
    assert names == {"Indy Core", "Lyon"}


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "genesys_cloud_sim", "serve", "--port", "0", *args],
                          capture_output=True, text=True, timeout=60, check=False)


def test_bad_yaml_config_exits_2(tmp_path):
    config = tmp_path / "seed.yml"
    config.write_text("regions: [unclosed\n  us-east-1: : x\n", encoding="utf-8")
    result = run_serve("--config", str(config))
    assert result.returncode == 2
    assert "cannot load the world" in result.stderr and "not valid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_with_an_error_exits_2_naming_it(tmp_path):
    config = tmp_path / "seed.yml"
    config.write_text("regions:\n  mars-north-1:\n    orgs: []\n", encoding="utf-8")
    result = run_serve("--config", str(config))
    assert result.returncode == 2 and "regions.mars-north-1" in result.stderr


def test_tls_options_go_together():
    result = run_serve("--tls-cert", "cert.pem")
    assert result.returncode == 2 and "--tls-cert and --tls-key go together" in result.stderr


def test_simulator_process_reports_why_it_did_not_start():
    with pytest.raises(RuntimeError, match=r"did not start:\n.*regions\.mars-north-1"):
        SimulatorProcess(config={"regions": {"mars-north-1": {"orgs": []}}}).start()
