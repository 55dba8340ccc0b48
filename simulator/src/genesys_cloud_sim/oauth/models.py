"""Client-credentials grant: Basic client authentication, the per-client token budget, token issue."""

from __future__ import annotations

import base64
import binascii
import hmac
import time
from typing import Any
from urllib.parse import parse_qs

from genesys_cloud_sim.core.errors import OAuthError, invalid_client, token_rate_limited
from genesys_cloud_sim.core.simulation import Simulation
from genesys_cloud_sim.core.state import Client, Region

GRANT_TYPE = "client_credentials"


def grant_type_of(form_body: bytes) -> str:
    values = parse_qs(form_body.decode("utf-8", errors="replace")).get("grant_type")
    if not values:
        raise OAuthError(400, "invalid_request", "grant_type is required")
    if values[0] != GRANT_TYPE:
        raise OAuthError(400, "unsupported_grant_type", f"grant type {values[0]!r} is not supported here")
    return values[0]


def authenticate_client(simulation: Simulation, region: Region, authorization: str | None) -> Client:
    """The client named by `Authorization: Basic base64(id:secret)`; it must live in this region."""
    client_id, secret = _basic_credentials(authorization)
    client = simulation.store.clients.get(client_id)
    if client is None or client.org.region is not region:
        raise invalid_client()
    if not hmac.compare_digest(client.client_secret.encode(), secret.encode()):
        raise invalid_client()
    return client


def _basic_credentials(authorization: str | None) -> tuple[str, str]:
    scheme, _space, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        raise invalid_client()
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise invalid_client() from None
    client_id, separator, secret = decoded.partition(":")
    if not separator:
        raise invalid_client()
    return client_id, secret


def issue_token(simulation: Simulation, client: Client) -> dict[str, Any]:
    """A token for `client`, unless it asked for more tokens this minute than the login budget allows."""
    limit = simulation.store.rate_limits.token_endpoint_per_client_per_minute
    if limit:
        verdict = simulation.login_budget.hit(client.client_id, limit, simulation.rate_limit_window_s, time.monotonic())
        if not verdict.allowed:
            raise token_rate_limited()
    token, expires_in = simulation.tokens.issue(client)
    simulation.traffic.token_issued(client.org.region.name)
    return {"access_token": token.access_token, "token_type": "bearer", "expires_in": expires_in}
