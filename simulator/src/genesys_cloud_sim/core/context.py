"""What the gateway learned about a request, handed to the area routes through the ASGI scope."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from genesys_cloud_sim.core.auth import IssuedToken
from genesys_cloud_sim.core.simulation import Simulation
from genesys_cloud_sim.core.state import Client, Org, Region

REGION_KEY = "genesys_cloud_sim.region"
CONTEXT_KEY = "genesys_cloud_sim.context"
CORRELATION_KEY = "genesys_cloud_sim.correlation_id"


@dataclass(slots=True)
class ApiContext:
    """An authenticated /api/v2 request: the token's client and org are who acts and what is acted on."""

    simulation: Simulation
    region: Region
    client: Client
    token: IssuedToken

    @property
    def org(self) -> Org:
        return self.client.org


def api_context(request: Request) -> ApiContext:
    return request.scope[CONTEXT_KEY]


def request_region(request: Request) -> Region:
    return request.scope[REGION_KEY]


def simulation_of(request: Request) -> Simulation:
    return request.app.state.simulation
