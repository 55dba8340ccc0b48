"""The benchmark harness itself, at a tiny scale: the generated inventory parses, the seed loads, and the figure
helpers produce every key results.json promises. No timing is asserted here (benchmarks only print figures)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from genesys_cloud_sim.app import create_simulation
from genesys_cloud_sim.core.seed import load_seed_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  pylint: disable=wrong-import-position
import run  # noqa: E402  pylint: disable=wrong-import-position

ROOT = Path(__file__).resolve().parents[2]
PAIRING_ID = re.compile(r"^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$")
TINY = generate.Scale(regions=1, sites=2, edges=1)


@pytest.fixture(name="generated")
def fixture_generated(tmp_path: Path) -> tuple[Path, Path]:
    return generate.generate(tmp_path / "bench", TINY)


def ansible_inventory(inventory: Path) -> dict:
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")}
    result = subprocess.run([str(Path(sys.executable).parent / "ansible-inventory"), "-i", str(inventory), "--list"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout)


def test_inventory_parses_with_sites_edges_agents(generated):
    inventory, _seed = generated
    data = ansible_inventory(inventory)
    assert data["genesys_sites"]["children"] == ["us_east_1"]
    hosts = data["us_east_1"]["hosts"]
    assert hosts == ["us_east_1_site0001", "us_east_1_site0002"]
    site = data["_meta"]["hostvars"][hosts[0]]
    assert site["genesys_cloud_region"] == "us-east-1" and site["genesys_cloud_client_id"] == "bench-us-east-1"
    assert len(site["genesys_edges"]) == TINY.edges and PAIRING_ID.match(site["genesys_edges"][0]["pairing_id"])
    assert len(site["genesys_agents"]) == generate.AGENTS_PER_SITE
    assert site["genesys_smoke_call"]["number"].startswith("+1")


def test_seed_loads_and_matches_the_inventory(generated):
    _inventory, seed_path = generated
    seed = load_seed_file(seed_path)
    create_simulation(1.0).reset(seed)  # raises on any seed error
    org = seed["regions"]["us-east-1"]["orgs"][0]
    assert len(org["appliances"]) == TINY.sites * TINY.edges
    assert {s["site"] for s in org["stations"]} == {"Bench us-east-1 0001", "Bench us-east-1 0002"}
    assert all(a["behaviour"]["kind"] == "pairs" for a in org["appliances"])


def test_generation_is_deterministic(tmp_path):
    first, second = (generate.generate(tmp_path / name, TINY) for name in ("a", "b"))
    assert first[1].read_text() == second[1].read_text()
    for path in sorted(first[0].rglob("*.yml")):
        assert path.read_text() == (second[0] / path.relative_to(first[0])).read_text()


def test_pairing_ids_are_unique_at_scale():
    sites = generate.sites_of(generate.Scale(regions=4, sites=1000, edges=3))
    ids = [s.pairing_id(e) for s in sites for e in (1, 2, 3)]
    assert len(set(ids)) == len(ids) and all(PAIRING_ID.match(i) for i in ids)


RECAP_TEXT = """PLAY RECAP *********
us_east_1_site0001         : ok=40   changed=0    unreachable=0    failed=0    skipped=3
us_east_1_site0002         : ok=38   changed=2    unreachable=0    failed=1    skipped=3
"""
STATS = {"requests": {"GET /api/v2/date": 4, "POST /oauth/token": 1, "PUT /api/v2/x/{id}": 2},
         "requests_total": 7, "writes": 2, "tokens_issued": {"us-east-1": 1},
         "responses_by_status": {"200": 6, "429": 1}, "rate_limited": 1}
LOG = [{"region": "us-east-1", "path": "/api/v2/date"}] * 6 + [{"region": "us-east-1", "path": "/oauth/token"}]


def test_figures_have_every_key():
    process = run.ProcessFigures(1.0, 2.0, 60.0, 300.0, 0, run.parse_recap(RECAP_TEXT), "TASK [x : y]\nchanged: [h1]\n")
    figures = run.scenario_figures("2-noop", process, STATS, LOG)
    assert figures["recap"] == {"hosts": 2, "ok": 78, "changed": 2, "unreachable": 0, "failed": 1}
    assert figures["task_failures"] == 1 and figures["changed_tasks"] == {"x : y": 1}
    assert figures["requests_by_verb"] == {"GET": 4, "POST": 1, "PUT": 2}
    assert figures["api_requests"] == 6 and figures["api_requests_by_region"] == {"us-east-1": 6}
    assert figures["tokens_issued_total"] == 1 and figures["rate_limited_429"] == 1 and figures["retries"] == 1
    for key in ("wall_s", "cpu_s", "peak_rss_mb", "peak_tree_rss_mb", "requests_by_route", "writes"):
        assert key in figures
    assert "scenario 2-noop" in run.format_scenario(figures)


def test_targets_name_pass_or_miss_with_a_margin():
    noop = run.scenario_figures("2", run.ProcessFigures(10.0, 2.0, 60.0, 300.0, 0, {"failed": 0}), STATS, LOG)
    first = {**noop, "api_requests": 20}
    limited = {**noop, "wall_s": 100.0}
    sim = {"scenario": "sim", "requests_per_s": 900.0}
    checks = run.targets({"1": first, "2": noop, "3": limited, "4": {**noop, "wall_s": 90.0}, "sim": sim},
                         generate.Scale(1, 2, 1))
    by_name = {c["target"]: c for c in checks}
    assert by_name["no-op re-run wall (s)"]["status"] == "pass" and by_name["no-op re-run wall (s)"]["margin"] == 10
    assert by_name["baseline / no-op wall ratio"]["measured"] == 9.0
    assert by_name["rate-limited wall <= 1.25x requests/allowed rate (s)"]["status"] == "miss"
    assert all(c["status"] in ("pass", "miss") and "margin" in c for c in checks)
    assert "targets" in run.format_targets(checks)
