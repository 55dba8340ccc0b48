from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import request_region, simulation_of
from genesys_cloud_sim.core.errors import OAuthError
from genesys_cloud_sim.core.http import json_response
from genesys_cloud_sim.oauth.models import authenticate_client, grant_type_of, issue_token

router = APIRouter()


@router.post("/oauth/token")
async def post_token(request: Request) -> Response:
    simulation = simulation_of(request)
    form_body = await request.body()
    try:
        with simulation.store.lock:
            grant_type_of(form_body)
            client = authenticate_client(simulation, request_region(request), request.headers.get("authorization"))
            return json_response(issue_token(simulation, client))
    except OAuthError as error:
        return json_response(error.body(), status=error.status)
