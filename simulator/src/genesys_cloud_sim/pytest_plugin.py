"""pytest fixtures for projects testing against the simulator (registered through the pytest11 entry point).

    def test_sites(genesys_sim):                 # a fresh, empty world per test
        genesys_sim.admin.reset({"regions": {...}})
        base = genesys_sim.base_url("us-east-1")
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from genesys_cloud_sim.testing import Simulator


@pytest.fixture(scope="session")
def genesys_sim_server() -> Iterator[Simulator]:
    """One in-process simulator for the whole session."""
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def genesys_sim(genesys_sim_server: Simulator) -> Simulator:
    """The session's simulator, reset to an empty world (no orgs, tokens, faults or traffic)."""
    genesys_sim_server.admin.reset()
    return genesys_sim_server
