from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.http import json_response
from genesys_cloud_sim.utilities.models import server_date

router = APIRouter()


@router.get("/api/v2/date")
async def get_date(request: Request) -> Response:
    return json_response(server_date(api_context(request).region))
