from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.errors import invalid_value
from genesys_cloud_sim.core.http import json_response, no_content, read_json_object
from genesys_cloud_sim.core.paging import page_request, paginate
from genesys_cloud_sim.core.query import is_descending
from genesys_cloud_sim.core.schema import validate
from genesys_cloud_sim.telephony.sites import defaults
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
    """A recently deleted site reads `state: deleted` (soft delete)."""
    context = api_context(request)
    with context.simulation.store.lock:
        sites = context.org.area(SitesBackend)
        return json_response(sites.wire(sites.readable(siteId)))


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


# --- what every site comes with (telephony/sites/defaults.py); a deleted site has none -------------------------


def _site_wire(request: Request, site_id: str) -> dict:
    sites = api_context(request).org.area(SitesBackend)
    return sites.wire(sites.get(site_id))


@router.get(SITES_PATH + "/{siteId}/numberplans")
async def get_site_numberplans(request: Request, siteId: str) -> Response:  # noqa: N803
    """list[NumberPlan], not paged (the SDK: "Only fetches the first 200 records")."""
    with api_context(request).simulation.store.lock:
        return json_response(defaults.number_plans(_site_wire(request, siteId)))


@router.get(SITES_PATH + "/{siteId}/numberplans/{numberPlanId}")
async def get_site_numberplan(request: Request, siteId: str, numberPlanId: str) -> Response:  # noqa: N803
    with api_context(request).simulation.store.lock:
        return json_response(defaults.number_plan(_site_wire(request, siteId), numberPlanId))


@router.get(SITES_PATH + "/{siteId}/outboundroutes")
async def get_site_outboundroutes(
    request: Request,
    siteId: str,  # noqa: N803
    name: str | None = Query(None),
    external_trunk_bases_ids: str | None = Query(None, alias="externalTrunkBases.ids"),
    page_number: int | None = Query(None, alias="pageNumber"),
    page_size: int | None = Query(None, alias="pageSize"),
    sort_by: str | None = Query(None, alias="sortBy"),
) -> Response:
    """OutboundRouteBaseEntityListing; no trunk bases are modelled, so an externalTrunkBases.ids filter matches none."""
    page = page_request(page_number, page_size)
    if sort_by not in (None, "name"):
        raise invalid_value("sortBy", f"sortBy must be name, not '{sort_by}'.")
    filters = [(key, value) for key, value in (("name", name), ("externalTrunkBases.ids", external_trunk_bases_ids),
                                               ("sortBy", sort_by)) if value is not None]
    with api_context(request).simulation.store.lock:
        routes = [] if external_trunk_bases_ids else defaults.outbound_routes(_site_wire(request, siteId), name)
        return json_response(paginate(routes, page, dict, f"{SITES_PATH}/{siteId}/outboundroutes", filters,
                                      with_total_number_of_entities=True))


@router.get(SITES_PATH + "/{siteId}/outboundroutes/{outboundRouteId}")
async def get_site_outboundroute(request: Request, siteId: str, outboundRouteId: str) -> Response:  # noqa: N803
    with api_context(request).simulation.store.lock:
        return json_response(defaults.outbound_route(_site_wire(request, siteId), outboundRouteId))
