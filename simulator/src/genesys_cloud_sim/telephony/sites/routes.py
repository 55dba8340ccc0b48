from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.http import json_response, no_content, read_json_object
from genesys_cloud_sim.core.paging import page_request, paginate
from genesys_cloud_sim.core.query import is_descending
from genesys_cloud_sim.core.schema import validate
from genesys_cloud_sim.telephony.sites.models import SITE, SITES_PATH, SitesBackend

router = APIRouter()


@router.get(SITES_PATH)
async def get_sites(
    request: Request,
    name: str | None = Query(None),
    location_id: str | None = Query(None, alias="location.id"),
    managed: bool | None = Query(None),
    page_number: int | None = Query(None, alias="pageNumber"),
    page_size: int | None = Query(None, alias="pageSize"),
    sort_by: str | None = Query(None, alias="sortBy"),
    sort_order: str | None = Query(None, alias="sortOrder"),
) -> Response:
    """`expand` is accepted and has no effect until Edges are modelled."""
    context = api_context(request)
    page = page_request(page_number, page_size)
    descending = is_descending(sort_order)
    filters = [
        (key, value)
        for key, value in (
            ("name", name),
            ("location.id", location_id),
            ("managed", None if managed is None else str(managed).lower()),
            ("sortBy", sort_by),
            ("sortOrder", sort_order),
        )
        if value is not None
    ]
    with context.simulation.store.lock:
        sites = context.org.area(SitesBackend)
        chosen = sites.listing(name, location_id, managed, sort_by or "name", descending)
        listing = paginate(chosen, page, sites.wire, SITES_PATH, filters, with_total_number_of_entities=True)
        return json_response(listing)


@router.post(SITES_PATH)
async def post_sites(request: Request) -> Response:
    context = api_context(request)
    body = validate(SITE, await read_json_object(request))
    with context.simulation.store.mutation():
        sites = context.org.area(SitesBackend)
        return json_response(sites.wire(sites.create(body)))


@router.get(SITES_PATH + "/{siteId}")
async def get_site(request: Request, siteId: str) -> Response:  # noqa: N803 - the API's name
    context = api_context(request)
    with context.simulation.store.lock:
        sites = context.org.area(SitesBackend)
        return json_response(sites.wire(sites.get(siteId)))


@router.put(SITES_PATH + "/{siteId}")
async def put_site(request: Request, siteId: str) -> Response:  # noqa: N803
    context = api_context(request)
    body = validate(SITE, await read_json_object(request))
    with context.simulation.store.mutation():
        sites = context.org.area(SitesBackend)
        return json_response(sites.wire(sites.replace(siteId, body)))


@router.delete(SITES_PATH + "/{siteId}")
async def delete_site(request: Request, siteId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        context.org.area(SitesBackend).delete(siteId)
    return no_content()
