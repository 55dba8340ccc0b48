"""The bad-input catalogue: every case fails naming the option, the value and the rule, and writes nothing.

All cases run in ONE ansible-playbook against a simulator process (one play and one inventory host a case, so the
cases' facts stay apart). Each play notes when its case started; the plays' records are dumped to a JSON file, and
each request in the simulator's log is the case's that last started before it (the simulator runs on this machine,
so both read the same clock). The parametrized tests read one case each.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from genesys_cloud_sim.testing import SimulatorProcess

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEED = yaml.safe_load((HERE / "seed.yml").read_text())
CASES = yaml.safe_load((HERE / "bad_input_catalogue.yml").read_text())["cases"]
CLIENT = SEED["regions"]["us-east-1"]["orgs"][0]["clients"][0]  # it-admin, all permissions
COLLECTION = "cxops.genesys_cloud"


# --- the playbook -------------------------------------------------------------------------------------------------

def case_task(case: dict[str, Any]) -> dict[str, Any]:
    if "module" in case:
        return {"name": case["id"], f"{COLLECTION}.{case['module']}": case["args"]}
    return {"name": case["id"], "ansible.builtin.include_role": {"name": f"{COLLECTION}.{case['role']}"}}


def case_play(case: dict[str, Any]) -> dict[str, Any]:
    """The case, when it started and how it failed; a failure is rescued, so the next case runs."""
    auth = {"api_base_url": "{{ sim_url }}/us-east-1", "client_id": CLIENT["client_id"],
            "client_secret": CLIENT["client_secret"]}
    auth = {k: v for k, v in {**auth, **case.get("module_defaults", {})}.items() if v is not None}
    return {
        "name": f"Case {case['id']}",
        "hosts": case["id"],
        "gather_facts": False,
        "module_defaults": {f"group/{COLLECTION}.genesys_cloud": auth},
        "tasks": [
            {"name": "Note the start", "ansible.builtin.set_fact": {"case_started": "{{ now().timestamp() }}"}},
            {"name": "Bad input", "block": [case_task(case)],
             "rescue": [{"ansible.builtin.set_fact": {"case_failure": "{{ ansible_failed_result.msg }}"}}]},
            {"name": "Record the case", "ansible.builtin.set_fact": {"case_record": {
                "started": "{{ case_started }}",
                "failure": "{{ case_failure | default(none) }}",
                "outcome": "{{ genesys_outcome | default({}) }}",
            }}},
        ],
    }


def dump_play(records: Path) -> dict[str, Any]:
    every_record = "{{ dict(groups.cases | zip(groups.cases | map('extract', hostvars, 'case_record'))) | to_json }}"
    return {"name": "Dump the records", "hosts": "localhost", "gather_facts": False,
            "tasks": [{"ansible.builtin.copy": {"content": every_record, "dest": str(records), "mode": "0600"}}]}


def inventory(tmp: Path) -> dict[str, Any]:
    hosts = {case["id"]: case.get("vars") or {} for case in CASES}
    common = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
              "sim_url": "{{ lookup('ansible.builtin.env', 'GENESYS_SIM_URL') }}", "catalogue_tmp": str(tmp)}
    return {"all": {"vars": common, "children": {"cases": {"hosts": hosts}}}}


# --- one run for every case ---------------------------------------------------------------------------------------

@dataclass(repr=False)  # a failing test prints its arguments: not the whole run
class Run:
    records: dict[str, dict[str, Any]]
    requests: dict[str | None, list[dict[str, Any]]]  # by case id; None: before the first case
    output: str
    writes: int  # as the simulator counts them


def requests_by_case(records: dict[str, dict[str, Any]], log: list[dict[str, Any]]) -> dict[str | None, list]:
    """Each request goes to the case that started last before it, in whole milliseconds as the log has them."""
    order = sorted(records, key=lambda case: float(records[case]["started"]))
    starts = [math.floor(float(records[case]["started"]) * 1000) for case in order]
    by_case: dict[str | None, list[dict[str, Any]]] = {None: [], **{case: [] for case in records}}
    for exchange in log:
        at = round(datetime.fromisoformat(exchange["ts"].replace("Z", "+00:00")).timestamp() * 1000)
        index = bisect.bisect_right(starts, at) - 1
        by_case[order[index] if index >= 0 else None].append(exchange)
    return by_case


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> Run:
    tmp = tmp_path_factory.mktemp("catalogue")
    records = tmp / "records.json"
    plays = [case_play(case) for case in CASES] + [dump_play(records)]
    (tmp / "playbook.yml").write_text(yaml.safe_dump(plays, sort_keys=False))
    (tmp / "inventory.yml").write_text(yaml.safe_dump(inventory(tmp)))
    with SimulatorProcess(config=SEED, time_scale=60, strict_fields=True) as sim:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYSCLOUD_")}
        env.update(ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"), ANSIBLE_NOCOLOR="1", GENESYS_SIM_URL=sim.url,
                   ANSIBLE_LOCAL_TEMP=str(tmp / "ansible-tmp"), GENESYSCLOUD_TOKEN_CACHE_DIR=str(tmp / "tokens"))
        command = [str(Path(sys.executable).parent / "ansible-playbook"), str(tmp / "playbook.yml"),
                   "-i", str(tmp / "inventory.yml")]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
        output = result.stdout + result.stderr
        assert result.returncode == 0 and records.exists(), output[-8000:]
        by_case = json.loads(records.read_text())
        return Run(by_case, requests_by_case(by_case, sim.admin.requests()), output, sim.admin.stats()["writes"])


# --- the table itself ---------------------------------------------------------------------------------------------

def test_catalogue_covers_every_module_and_role():
    modules = {p.stem for p in (ROOT / "plugins" / "modules").glob("*.py") if p.stem != "__init__"}
    roles = {p.parent.parent.name for p in (ROOT / "roles").glob("*/meta/argument_specs.yml")}
    assert len(CASES) >= 40
    assert len({c["id"] for c in CASES}) == len(CASES), "case ids must be unique"
    assert all(re.fullmatch(r"[a-z0-9-]+", c["id"]) for c in CASES), "case ids are host names and play patterns"
    assert {c["module"] for c in CASES if "module" in c} == modules
    assert {c["role"] for c in CASES if "role" in c} == roles


# --- every case ---------------------------------------------------------------------------------------------------

def is_read(exchange: dict[str, Any]) -> bool:
    """GETs, and the POSTs that only read: a token, a search."""
    path = exchange["route"] or exchange["path"]
    return exchange["method"] == "GET" or (exchange["method"] == "POST" and path.endswith(("/oauth/token", "/search")))


def writes_in(exchanges: list[dict[str, Any]]) -> list[str]:
    """Every write the simulator applied, and every request that was not a read."""
    return [f"{e['method']} {e['path']} -> {e['status']}" for e in exchanges if e["write"] or not is_read(e)]


def failure_message(case: dict[str, Any], record: dict[str, Any]) -> str | None:
    """The task's failure; a stage that failed fails its site's host with a message that names the stage."""
    if "stage" in case and f"the {case['stage']} stage failed" not in (record["failure"] or ""):
        return None
    return record["failure"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input_fails_naming_option_value_and_rule_and_writes_nothing(case, catalogue):
    record = catalogue.records[case["id"]]
    known_bug = f" (known bug: {case['bug']})" if "bug" in case else ""
    message = failure_message(case, record)
    assert message, f"the bad input was accepted{known_bug}; outcome: {record['outcome']}"
    missing = [part for part in case["expect"].values() if part not in message]
    assert not missing, f"the message lacks {missing}{known_bug}: {message}"
    writes = writes_in(catalogue.requests[case["id"]])
    assert not writes, f"bad input reached the API: {writes}{known_bug}"


def test_the_request_log_holds_every_write_and_nothing_before_the_cases(catalogue):
    logged = sum(exchange["write"] for exchanges in catalogue.requests.values() for exchange in exchanges)
    assert catalogue.writes == logged
    assert not catalogue.requests[None]


def test_no_secret_in_the_output(catalogue):
    assert CLIENT["client_secret"] not in catalogue.output
