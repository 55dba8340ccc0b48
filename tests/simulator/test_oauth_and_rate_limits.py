"""The login service (client credentials, its throttling, token lifetimes) and the per-token API budget."""

from __future__ import annotations

import pytest
import requests

from genesys_cloud_sim.testing import AdminError

from conftest import ADMIN_ID, ADMIN_SECRET, EU, EU_ID, EU_SECRET, US, Api, assert_error_body, basic, request_token
from conftest import seed_copy


def test_token_response(sim):
    response = request_token(sim)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 86400 and body["access_token"]
    assert response.headers["ININ-Correlation-Id"]


def test_bad_client_secret_is_invalid_client(sim):
    response = request_token(sim, secret="wrong")
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == "invalid_client" and "access_token" not in body


def test_unknown_client_and_client_of_another_region_are_invalid_client(sim):
    assert request_token(sim, client_id="nobody").json()["error"] == "invalid_client"
    response = request_token(sim, US, EU_ID, EU_SECRET)
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    assert request_token(sim, EU, EU_ID, EU_SECRET).status_code == 200


def test_missing_basic_authentication_is_invalid_client(sim):
    response = requests.post(f"{sim.base_url(US)}/oauth/token", data={"grant_type": "client_credentials"}, timeout=10)
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_wrong_grant_type_is_refused(sim):
    response = request_token(sim, grant_type="password")
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"
    no_grant = {"Authorization": basic(ADMIN_ID, ADMIN_SECRET)}
    response = requests.post(f"{sim.base_url(US)}/oauth/token", headers=no_grant, timeout=10)
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    assert sim.admin.stats()["tokens_issued"] == {}


def test_token_endpoint_throttles_with_400_not_429(sim):
    sim.admin.set_rate_limit(token_endpoint_per_client_per_minute=2)
    assert [request_token(sim).status_code for _attempt in range(2)] == [200, 200]
    response = request_token(sim)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_request"
    assert "rate limit exceeded" in body["description"]
    assert request_token(sim, EU, EU_ID, EU_SECRET).status_code == 200  # the budget is per client
    assert sim.admin.stats()["tokens_issued"] == {US: 2, EU: 1}


def test_token_lifetime_is_configurable(sim):
    seed = seed_copy()
    seed["regions"][US]["orgs"][0]["clients"][0]["token_lifetime"] = 300
    sim.admin.reset(seed)
    assert request_token(sim).json()["expires_in"] == 300
    tokens = sim.admin.tokens()
    assert len(tokens) == 1 and tokens[0]["client_id"] == ADMIN_ID and tokens[0]["live"]


def test_token_lifetime_outside_the_documented_range_is_refused(sim):
    seed = seed_copy()
    seed["regions"][US]["orgs"][0]["clients"][0]["token_lifetime"] = 172801
    before = sim.admin.state()
    with pytest.raises(AdminError, match=r"400 .*token_lifetime"):
        sim.admin.reset(seed)
    assert sim.admin.state() == before


def test_expired_tokens_are_refused(sim, api):
    assert api.get("/api/v2/date").status_code == 200
    assert sim.admin.expire_tokens() == 1
    assert_error_body(api.get("/api/v2/date"), 401, "bad.credentials")
    assert sim.admin.tokens()[0]["live"] is False


def test_per_token_rate_limit(sim, api):
    """Each token has its own budget; over it, a normalised 429 with Retry-After and no inin-ratelimit-* headers
    (developer forum: "Removal of inin-ratelimit response headers", after 2021-06-05; "Normalized Platform API 429
    responses", code too.many.requests.retry.after, from 2021-11-10)."""
    sim.admin.set_rate_limit(per_token_per_minute=5)
    for _count in range(1, 6):
        response = api.get("/api/v2/date")
        assert response.status_code == 200
        assert not [h for h in response.headers if h.lower().startswith("inin-ratelimit")]
    response = api.get("/api/v2/date")
    body = assert_error_body(response, 429, "too.many.requests.retry.after")
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert body["message"] == f"Rate limit exceeded the maximum. Retry the request in [{response.headers['Retry-After']}] seconds"
    assert not [h for h in response.headers if h.lower().startswith("inin-ratelimit")]
    fresh = Api(sim)  # each token has its own budget
    assert fresh.get("/api/v2/date").status_code == 200
    stats = sim.admin.stats()
    assert stats["rate_limited"] == 1 and stats["responses_by_status"]["429"] == 1


def test_rate_limit_headers_are_absent_when_the_limit_is_off(sim, api):
    sim.admin.set_rate_limit(per_token_per_minute=0)
    response = api.get("/api/v2/date")
    assert response.status_code == 200 and "inin-ratelimit-count" not in response.headers
    assert sim.admin.set_rate_limit(per_token_per_minute=7) == {
        "per_token_per_minute": 7, "token_endpoint_per_client_per_minute": 0,
    }
