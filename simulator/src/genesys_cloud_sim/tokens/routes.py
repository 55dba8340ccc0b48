from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.http import json_response, no_content
from genesys_cloud_sim.tokens.models import revoke_calling_token, token_info

router = APIRouter()


@router.get("/api/v2/tokens/me")
async def get_tokens_me(request: Request) -> Response:
    """preserveIdleTTL is accepted and has no effect: idle timeouts are not modelled."""
    return json_response(token_info(api_context(request)))


@router.head("/api/v2/tokens/me")
async def head_tokens_me(request: Request) -> Response:
    """A cheap "is my token still good?": the gateway already answered 401 when it is not."""
    return Response(status_code=200)


@router.delete("/api/v2/tokens/me")
async def delete_tokens_me(request: Request) -> Response:
    revoke_calling_token(api_context(request))
    return no_content()
