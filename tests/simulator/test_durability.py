"""An acknowledged write survives SIGKILL: the simulator is killed at seeded random points of a stream of writes
(creates, updates and deletes, some in the middle of a compaction) and restarted on the same state file, round
after round; every write it answered must be there."""

from __future__ import annotations

import random
import time
from typing import Any

from genesys_cloud_sim.testing import SimulatorProcess

from conftest import LOCATIONS, SEED, SITES, US, Api

ROUNDS = 4


class Expected:
    """What the acknowledged writes left: locations by name (present or deleted) and a site's description (one
    the API made: the seed's own objects are re-declared at every start)."""

    def __init__(self) -> None:
        self.locations: dict[str, str | None] = {}  # name -> id, None once deleted
        self.descriptions: dict[str, str] = {}  # site id -> description

    def check(self, state: dict[str, Any]) -> None:
        org = state["regions"][US]["orgs"][0]
        names = {location["name"]: location["id"] for location in org["locations"]}
        for name, location_id in self.locations.items():
            assert names.get(name) == location_id, (name, location_id, names.get(name))
        sites = {site["id"]: site.get("description") for site in org["sites"]}
        for site_id, description in self.descriptions.items():
            assert sites[site_id] == description


def one_write(api: Api, rng: random.Random, expected: Expected, serial: int) -> None:
    live = [name for name, location_id in expected.locations.items() if location_id]
    choice = rng.random()
    if live and choice < 0.25:
        name = rng.choice(live)
        api.ok("DELETE", f"{LOCATIONS}/{expected.locations[name]}")
        expected.locations[name] = None
    elif choice < 0.5:
        site = (api.ok("GET", SITES, params={"name": "Durable"})["entities"] or [api.create_site("Durable")])[0]
        description = f"write {serial}"
        api.ok("PUT", f"{SITES}/{site['id']}", {**site, "description": description})
        expected.descriptions[site["id"]] = description
    else:
        name = f"Durable {serial}"
        expected.locations[name] = api.ok("POST", LOCATIONS, {"name": name})["id"]


def test_acknowledged_writes_survive_sigkill(tmp_path):
    rng = random.Random(1461)
    state_file = tmp_path / "state.json"
    expected, serial = Expected(), 0
    for _round in range(ROUNDS):
        with SimulatorProcess(config=SEED, state_file=state_file) as sim:
            expected.check(sim.admin.state())  # what the killed run acknowledged is back
            api = Api(sim)
            for _write in range(rng.randint(1, 25)):
                serial += 1
                one_write(api, rng, expected, serial)
            time.sleep(rng.uniform(0, 0.4))  # sometimes before, sometimes during the debounced compaction
            sim.process.kill()
            sim.process.wait()
    with SimulatorProcess(config=SEED, state_file=state_file) as sim:
        expected.check(sim.admin.state())
    assert serial >= ROUNDS
    assert not state_file.with_name("state.json.wal.compacting").exists()  # the clean stop compacted it all
