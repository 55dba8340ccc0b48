from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.http import json_response, no_content, read_json_object
from genesys_cloud_sim.core.paging import page_request, paginate
from genesys_cloud_sim.core.query import is_descending, multi_value
from genesys_cloud_sim.core.schema import validate
from genesys_cloud_sim.locations.models import LOCATION_CREATE, LOCATION_UPDATE, Location, LocationsBackend

router = APIRouter()
LOCATIONS = "/api/v2/locations"


@router.get(LOCATIONS)
async def get_locations(
    request: Request,
    ids: list[str] | None = Query(None, alias="id"),
    page_number: int | None = Query(None, alias="pageNumber"),
    page_size: int | None = Query(None, alias="pageSize"),
    sort_order: str | None = Query(None, alias="sortOrder"),
) -> Response:
    context = api_context(request)
    page = page_request(page_number, page_size)
    wanted = multi_value(ids)
    descending = is_descending(sort_order)
    filters = [("id", ",".join(wanted))] if wanted else []
    filters += [("sortOrder", sort_order)] if sort_order else []
    with context.simulation.store.lock:
        chosen = context.org.area(LocationsBackend).listing(set(wanted) if wanted else None, descending)
        return json_response(paginate(chosen, page, Location.wire, LOCATIONS, filters))


@router.post(LOCATIONS)
async def post_locations(request: Request) -> Response:
    context = api_context(request)
    definition = validate(LOCATION_CREATE, await read_json_object(request))
    with context.simulation.store.mutation():
        return json_response(context.org.area(LocationsBackend).create(definition).wire())


@router.get(LOCATIONS + "/{locationId}")
async def get_location(request: Request, locationId: str) -> Response:  # noqa: N803 - the API's name
    """`expand` is accepted and has no effect: images and verification details are not modelled."""
    context = api_context(request)
    with context.simulation.store.lock:
        return json_response(context.org.area(LocationsBackend).get(locationId).wire())


@router.patch(LOCATIONS + "/{locationId}")
async def patch_location(request: Request, locationId: str) -> Response:  # noqa: N803
    context = api_context(request)
    definition = validate(LOCATION_UPDATE, await read_json_object(request))
    with context.simulation.store.mutation():
        return json_response(context.org.area(LocationsBackend).update(locationId, definition).wire())


@router.delete(LOCATIONS + "/{locationId}")
async def delete_location(request: Request, locationId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        context.org.area(LocationsBackend).delete(locationId)
    return no_content()
