"""Reads the sites of a region share: a listing read once and filtered here, forgotten after any write, and never
kept when a write came while it was read. Against the in-process simulator, counting what reached it."""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import LOCATIONS, SITES, find_site
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._shared_reads import SharedReads, filtered, shareable
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._users import UserDirectory, read_region_users, search_terms
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._stages import STAGES, SiteRun, warm_up

SEED = {"regions": {"us-east-1": {"orgs": [{
    "name": "Shared",
    "clients": [{"client_id": "reader", "client_secret": "reader-secret", "permissions": ["*"]}],
    "locations": [{"name": "HQ", "emergencyNumber": {"number": "+13175550100"}}],
    "sites": [{"name": f"Site {n}", "location": "HQ"} for n in range(1, 6)],
    "users": [{"name": f"Agent {n}", "email": f"agent{n}@example.com"} for n in range(1, 6)],
}]}}}


@pytest.fixture
def client(sim):
    base = sim.base_url("us-east-1")
    made = GenesysCloudClient(base, base, client_id="reader", client_secret="reader-secret", retry_budget=10.0)
    made.token()  # the token's request is not what these tests count
    sim.admin.clear_requests()
    return made


def routes(sim):
    return [f"{r['method']} {r['route'] or r['path']}" for r in sim.admin.requests()]


def test_without_shared_reads_every_lookup_is_a_request(sim, client):
    for n in range(1, 6):
        assert find_site(client, f"Site {n}")["name"] == f"Site {n}"
    assert routes(sim).count(f"GET {SITES}") == 5


def test_the_sites_of_a_region_share_one_read_of_a_listing(sim, client):
    client.shared = SharedReads()
    client.share(SITES)
    found = [find_site(client, f"site {n}") for n in range(1, 6)]  # names compare case-insensitively
    assert [s["name"] for s in found] == [f"Site {n}" for n in range(1, 6)]
    assert find_site(client, "Site 9") is None
    assert routes(sim).count(f"GET {SITES}") == 1


def test_each_caller_gets_its_own_copy(client):
    client.shared = SharedReads()
    client.share(SITES)
    find_site(client, "Site 1")["name"] = "changed by one site"
    assert find_site(client, "Site 1")["name"] == "Site 1"


def test_a_write_makes_the_next_read_see_it(sim, client):
    client.shared = SharedReads()
    client.share(SITES)
    assert "Annex" not in [loc["name"] for loc in client.get_all(LOCATIONS)]  # a whole listing: read, and held
    client.request("POST", LOCATIONS, json={"name": "Annex"})
    assert "Annex" in [loc["name"] for loc in client.get_all(LOCATIONS)]
    assert find_site(client, "Site 2") is not None  # a location's write leaves the sites listing as it was read
    assert routes(sim).count(f"GET {LOCATIONS}") == 2
    assert routes(sim).count(f"GET {SITES}") == 1
    client.request("PATCH", "/api/v2/organizations/features/pci", json={"enabled": True})  # outside CHANGED_BY
    assert find_site(client, "Site 3") is not None  # not held any more: this site's own filtered read
    assert find_site(client, "Site 4") is not None  # and again: a filtered read does not fill the region's listing
    assert routes(sim).count(f"GET {SITES}") == 3


def test_a_fresh_read_goes_to_the_api_and_other_shared_values_stay(sim, client):
    client.shared = SharedReads()
    calls = []
    assert client.remember(("clock", 4), lambda: calls.append(1) or 42) == 42
    client.get_all(SITES, {"name": "Site 1"})
    client.get_all(SITES, {"name": "Site 1"}, fresh=True)
    client.request("POST", LOCATIONS, json={"name": "Annex"})
    assert client.remember(("clock", 4), lambda: calls.append(1) or 43) == 42
    assert calls == [1]
    assert routes(sim).count(f"GET {SITES}") == 2


def test_a_read_that_a_write_overtook_is_not_kept():
    shared = SharedReads()
    reading, written = threading.Event(), threading.Event()

    def slow_read():
        reading.set()
        written.wait(5)
        return ["before the write"]

    reader = threading.Thread(target=lambda: shared.remember(SITES, slow_read))
    reader.start()
    reading.wait(5)
    shared.forget_after_write(SITES)
    written.set()
    reader.join(5)
    assert shared.remember(SITES, lambda: ["after the write"]) == ["after the write"]


def test_threads_asking_at_once_wait_for_one_read():
    shared = SharedReads()
    reads = []

    def read():
        reads.append(1)
        time.sleep(0.05)
        return ["listing"]

    threads = [threading.Thread(target=shared.remember, args=(SITES, read)) for _thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert reads == [1]


def test_only_known_listings_and_filters_are_shared():
    assert shareable(SITES, {"name": "x"})
    assert shareable("/api/v2/telephony/providers/edges", {"site.id": "1"})
    assert not shareable(SITES, {"name": "x", "expand": "y"})
    assert not shareable("/api/v2/users", None)
    edges = [{"name": "A", "site": {"id": "1"}}, {"name": "B", "site": {"id": "2"}}, {"name": "a", "site": {"id": "2"}}]
    assert filtered(edges, {"site.id": "2", "name": "A"}) == [{"name": "a", "site": {"id": "2"}}]


def test_one_user_search_serves_every_agent_of_the_region(sim, client):
    client.shared = SharedReads()
    client.shared.wanted_users = set(search_terms([f"Agent{n}@example.com" for n in range(1, 6)]))
    read_region_users(client)
    for n in range(1, 6):
        assert UserDirectory(client, [f"Agent{n}@example.com"]).require("user", f"agent{n}@example.com")["name"] == f"Agent {n}"
    # a user the region did not announce, and another expansion, are searched for on their own
    assert UserDirectory(client, ["nobody@example.com"]).find("nobody@example.com") is None
    UserDirectory(client, ["agent1@example.com"], expand=("conversationSummary",)).require("user", "agent1@example.com")
    assert routes(sim).count("POST /api/v2/users/search") == 3


def test_a_stage_warm_up_reads_the_region_before_its_sites_and_once(sim, client):
    client.shared = SharedReads()
    sites = [SiteRun(host=f"site{n}", region="us-east-1", client=client,
                     variables={"genesys_site": {"name": f"Site {n}", "location": {"name": "HQ"}}}) for n in range(1, 6)]
    warm_up([STAGES["site"]], sites)
    assert sorted(routes(sim)) == [f"GET {LOCATIONS}", f"GET {SITES}"]
    assert all(find_site(client, f"Site {n}") for n in range(1, 6))
    assert sorted(routes(sim)) == [f"GET {LOCATIONS}", f"GET {SITES}"]
    # sites that will not run the stage (an earlier stage failed, or no agents) warm nothing
    for site in sites:
        site.failed_stage = "site"
    warm_up([STAGES["time"]], sites)
    warm_up([STAGES["agents"]], [SiteRun(host="bare", region="us-east-1", client=client, variables={})])
    assert len(routes(sim)) == 2


def test_nics_an_edge_had_not_reported_when_the_region_was_read_are_read_again():
    """A region's NIC listing read while an Edge was still pairing (another run paired it since) must not be
    taken to say the appliance has no NICs."""
    from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edges import _interfaces

    class Held:
        def __init__(self):
            self.reads = []

        def recall(self, path):
            return frozenset({"e1", "e2"}), {"e1": [], "e2": [{"portLabel": "eth0", "edgeUri": "/x/e2"}]}

        def get(self, path, params):
            self.reads.append(params["edgeIds"])
            return {"entities": [{"portLabel": "eth0", "edgeUri": "/api/v2/telephony/providers/edges/e1"}]}

    client = Held()
    nics = _interfaces(client, "physicalinterfaces", ["e1", "e2"])
    assert client.reads == ["e1"]
    assert [n["portLabel"] for n in nics["e1"]] == ["eth0"] and nics["e2"][0]["edgeUri"] == "/x/e2"
    assert _interfaces(client, "logicalinterfaces", ["e1"]) == {"e1": []} and client.reads == ["e1"]
