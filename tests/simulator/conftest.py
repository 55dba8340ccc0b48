"""Shared fixtures for the simulator's own tests: one in-process simulator per session, reset to SEED per test."""

from __future__ import annotations

import base64
import copy
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from genesys_cloud_sim.testing import Simulator

US = "us-east-1"
EU = "eu-west-1"
ADMIN_ID, ADMIN_SECRET = "admin-client", "admin-secret"
VIEWER_ID, VIEWER_SECRET = "viewer-client", "viewer-secret"
EU_ID, EU_SECRET = "eu-client", "eu-secret"
SITES = "/api/v2/telephony/providers/edges/sites"
LOCATIONS = "/api/v2/locations"

ADMIN_PERMISSIONS = [
    "directory:location:add",
    "directory:location:edit",
    "directory:location:delete",
    "telephony:plugin:all",
    "oauth:client:view",
    "authorization:role:view",
]

SEED: dict[str, Any] = {
    "regions": {
        US: {
            "orgs": [
                {
                    "name": "Sandbox US",
                    "features": {"pci": False},
                    "clients": [
                        {"client_id": ADMIN_ID, "client_secret": ADMIN_SECRET, "name": "Admin",
                         "permissions": ADMIN_PERMISSIONS},
                        {"client_id": VIEWER_ID, "client_secret": VIEWER_SECRET, "name": "Viewer",
                         "permissions": ["telephony:sites:view"]},
                    ],
                    "locations": [
                        {"name": "HQ", "address": {"street1": "1 Main St", "city": "Indianapolis", "country": "US"},
                         "emergencyNumber": {"number": "+13175550100", "type": "default"}},
                    ],
                    "sites": [
                        {"name": "Indy Core", "location": "HQ", "ntpSettings": {"servers": ["0.pool.ntp.org"]}},
                    ],
                }
            ]
        },
        EU: {
            "orgs": [
                {
                    "name": "Sandbox EU",
                    "clients": [{"client_id": EU_ID, "client_secret": EU_SECRET, "permissions": ADMIN_PERMISSIONS}],
                }
            ]
        },
    }
}


def seed_copy() -> dict[str, Any]:
    """SEED as a fresh dict a test may change."""
    return copy.deepcopy(SEED)


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def request_token(sim: Any, region: str = US, client_id: str = ADMIN_ID, secret: str = ADMIN_SECRET,
                  grant_type: str = "client_credentials") -> requests.Response:
    """POST {base}/oauth/token the way the official SDK does (form body, Basic client authentication)."""
    return requests.post(
        f"{sim.base_url(region)}/oauth/token",
        data={"grant_type": grant_type},
        headers={"Authorization": basic(client_id, secret)},
        timeout=10,
    )


def get_token(sim: Any, region: str = US, client_id: str = ADMIN_ID, secret: str = ADMIN_SECRET) -> str:
    response = request_token(sim, region, client_id, secret)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


class Api:
    """Authenticated requests to one region: `api.get("/api/v2/date")` returns the requests.Response."""

    def __init__(self, sim: Any, region: str = US, client_id: str = ADMIN_ID, secret: str = ADMIN_SECRET,
                 token: str | None = None) -> None:
        self.base = sim.base_url(region)
        self.token = token or get_token(sim, region, client_id, secret)
        self.session = requests.Session()

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.session.request(method, self.base + path, headers=headers, timeout=10, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json=body, **kwargs)

    def put(self, path: str, body: Any, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, json=body, **kwargs)

    def patch(self, path: str, body: Any, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, json=body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def ok(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        """The JSON of a successful call (None for 204); fails the test on any error status."""
        response = self.request(method, path, json=body, **kwargs)
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    def location_id(self, name: str = "HQ") -> str:
        entities = self.ok("GET", LOCATIONS, params={"pageSize": 100})["entities"]
        return next(entity["id"] for entity in entities if entity["name"] == name)

    def create_site(self, name: str, **fields: Any) -> dict[str, Any]:
        body = {"name": name, "location": {"id": self.location_id()}, **fields}
        return self.ok("POST", SITES, body)


def assert_error_body(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    """An ErrorBody with the ErrorBody essentials, whose contextId is the response's correlation id."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    assert body["status"] == status
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["details"], list)
    assert body["contextId"] == response.headers["ININ-Correlation-Id"]
    return body


@pytest.fixture(scope="session")
def sim_server() -> Iterator[Simulator]:
    with Simulator(SEED, strict_fields=True) as simulator:  # the project's tests refuse unknown fields
        yield simulator


@pytest.fixture
def sim(sim_server: Simulator) -> Simulator:
    """The session's simulator, reset to SEED (no tokens, faults, budgets or traffic left from earlier tests)."""
    sim_server.admin.reset(SEED)
    return sim_server


@pytest.fixture
def api(sim: Simulator) -> Api:
    """The admin client of the US org."""
    return Api(sim)
