"""The clock reading: only requests answered at the first try count, so a throttled or retried request's wait never
becomes a clock offset."""

from __future__ import annotations

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._clock import best_offset
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._token_cache import TokenCache

SEED = {"regions": {"us-east-1": {"orgs": [{"name": "Clock", "clients": [
    {"client_id": "clock", "client_secret": "clock-secret", "permissions": ["*"]}]}]}}}


def client(sim, tmp_path, retry_budget=30.0):
    base = sim.base_url("us-east-1")
    return GenesysCloudClient(base, base, client_id="clock", client_secret="clock-secret", retry_budget=retry_budget,
                              token_cache=TokenCache(str(tmp_path)))


def test_readings_that_were_throttled_do_not_count(sim, tmp_path):
    sim.admin.set_skew("us-east-1", 3000)
    reader = client(sim, tmp_path)
    reader.token()
    # Every other request waits 2 s for its Retry-After: a reading that counted one would be 1 s off or more.
    sim.admin.set_faults(seed=4, rates={"429": 0.5}, retry_after=[2, 2], path_prefix="/api/v2/date")
    reading = best_offset(reader, 4)
    assert sim.admin.stats()["faults_injected"].get("429", 0) >= 1
    assert reading.rtt < 1.0 and abs(reading.offset - 3.0) < 0.5


def test_a_clock_always_refused_at_the_first_try_fails_instead_of_measuring_waits(sim, tmp_path):
    reader = client(sim, tmp_path, retry_budget=3.0)
    reader.token()
    sim.admin.set_faults(seed=1, rates={"503": 1.0}, path_prefix="/api/v2/date")
    with pytest.raises(GenesysCloudError) as error:
        best_offset(reader, 4)
    assert error.value.status == 503


def test_a_clock_the_client_may_not_read_fails_at_once(sim, tmp_path):
    reader = client(sim, tmp_path)
    reader.token()
    sim.admin.set_faults(seed=1, rates={"500": 0.0})
    reader.api_base_url += "/nowhere"  # every reading a 404
    with pytest.raises(GenesysCloudError) as error:
        best_offset(reader, 4)
    assert error.value.status == 404 and reader.stats["requests"] <= 2  # the token, then one reading
