"""TokenInfo (models.json) for a client-credentials token: its org and OAuth client, no user."""

from __future__ import annotations

from typing import Any

from genesys_cloud_sim.core.context import ApiContext


def token_info(context: ApiContext) -> dict[str, Any]:
    org = {"id": context.org.id, "name": context.org.name}
    return {
        "organization": org,
        "homeOrganization": org,
        "OAuthClient": {
            "id": context.client.client_id,
            "name": context.client.name,
            "authorizedGrantType": "CLIENT-CREDENTIALS",
            "state": "active",
            "organization": org,
        },
    }


def revoke_calling_token(context: ApiContext) -> None:
    context.simulation.tokens.revoke(context.token)
