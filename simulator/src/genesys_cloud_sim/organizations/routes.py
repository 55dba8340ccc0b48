from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.http import json_response, read_json_object
from genesys_cloud_sim.core.schema import validate
from genesys_cloud_sim.organizations.models import FEATURE_STATE, organization, organization_features, set_feature

router = APIRouter()


@router.get("/api/v2/organizations/me")
async def get_organizations_me(request: Request) -> Response:
    context = api_context(request)
    with context.simulation.store.lock:
        return json_response(organization(context.org))


@router.patch("/api/v2/organizations/features/{featureName}")
async def patch_organizations_feature(request: Request, featureName: str) -> Response:  # noqa: N803 - the API's name
    """FeatureState in, OrganizationFeatures out; GET organizations/me shows the change in `features`."""
    context = api_context(request)
    body = validate(FEATURE_STATE, await read_json_object(request))
    with context.simulation.store.mutation():
        set_feature(context.org, featureName, body["enabled"])
        return json_response(organization_features(context.org))
