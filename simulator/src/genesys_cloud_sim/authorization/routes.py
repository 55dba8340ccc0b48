"""What a client-credentials client can learn of its own grants: its OAuth client (with the roles it holds) and
those roles' permissions. The Genesys Terraform provider reads GET /api/v2/tokens/me under client credentials to
find its OAuth client (oauth_client/resource_genesyscloud_oauth_client.go); OAuthClient.roleDivisions "only apply
to clients using the client_credential grant" (SDK OrgOAuthClient docs).

Each seeded client holds one role of its own, named after it, whose permissions are the client's grants: the
simulator models grants per client, not roles (FIDELITY.md, a guess)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.errors import not_found
from genesys_cloud_sim.core.http import json_response
from genesys_cloud_sim.core.state import Client

router = APIRouter()
_ROLES = uuid.UUID("6f1d3c3e-8c55-4a5e-9e8e-0c9a2b8a1d00")  # the namespace of the clients' role ids


def role_id(client: Client) -> str:
    return str(uuid.uuid5(_ROLES, client.client_id))


def oauth_client(client: Client) -> dict[str, Any]:
    return {"id": client.client_id, "name": client.name, "authorizedGrantType": "CLIENT-CREDENTIALS",
            "state": "active", "roleDivisions": [{"roleId": role_id(client), "divisionId": client.org.home_division_id}],
            "selfUri": f"/api/v2/oauth/clients/{client.client_id}"}


def role(client: Client) -> dict[str, Any]:
    return {"id": role_id(client), "name": f"{client.name} role", "permissions": sorted(client.permissions.granted),
            "base": False, "default": False, "selfUri": f"/api/v2/authorization/roles/{role_id(client)}"}


@router.get("/api/v2/oauth/clients/{clientId}")
async def get_oauth_client(clientId: str, request: Request) -> Response:  # noqa: N803  (the API's name)
    context = api_context(request)
    found = context.org.clients.get(clientId)
    if found is None:
        raise not_found("OAuth client", clientId)
    return json_response(oauth_client(found))


@router.get("/api/v2/authorization/roles/{roleId}")
async def get_authorization_role(roleId: str, request: Request) -> Response:  # noqa: N803
    context = api_context(request)
    found = next((c for c in context.org.clients.values() if role_id(c) == roleId), None)
    if found is None:
        raise not_found("role", roleId)
    return json_response(role(found))
