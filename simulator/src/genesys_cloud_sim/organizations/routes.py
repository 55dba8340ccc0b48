from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.http import json_response
from genesys_cloud_sim.organizations.models import organization

router = APIRouter()


@router.get("/api/v2/organizations/me")
async def get_organizations_me(request: Request) -> Response:
    context = api_context(request)
    with context.simulation.store.lock:
        return json_response(organization(context.org))
