"""One in-process simulator per test module, seeded with the module's SEED and reset to it before every test."""

import pytest

from genesys_cloud_sim.testing import Simulator


@pytest.fixture(scope="module")
def simulator(request):
    with Simulator(config=request.module.SEED, strict_fields=True) as sim:
        yield sim


@pytest.fixture
def sim(simulator, request):
    simulator.admin.reset(request.module.SEED)
    return simulator
