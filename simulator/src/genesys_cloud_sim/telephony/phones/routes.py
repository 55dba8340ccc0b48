"""/api/v2/telephony/providers/edges/phones and .../phonebasesettings.

Registered before the Edges router, whose /{edgeId} would otherwise take "phones" and "phonebasesettings" for
Edge ids.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.http import json_response, no_content, read_json_object
from genesys_cloud_sim.core.paging import page_request, paginate
from genesys_cloud_sim.core.query import is_descending
from genesys_cloud_sim.core.schema import validate
from genesys_cloud_sim.telephony.phones.bases import PHONE_BASES_PATH, PhoneBase, PhoneBasesBackend
from genesys_cloud_sim.telephony.phones.models import PHONE, PHONES_PATH, PhonesBackend

router = APIRouter()
# The phone listing's filters the simulator evaluates, and those on what it does not model (they match nothing).
_PHONE_FILTERS = ("name", "site.id", "webRtcUser.id", "phoneBaseSettings.id", "lines.id", "lines.name")
_UNMODELLED_PHONE_FILTERS = ("lines.loggedInUser.id", "lines.defaultForUser.id", "phone_hardwareId",
                             "status.operationalStatus", "secondaryStatus.operationalStatus")


@router.get(PHONE_BASES_PATH)
async def get_phone_base_settings(
    request: Request,
    name: str | None = Query(None),
    sort_by: str | None = Query(None, alias="sortBy"),
    sort_order: str | None = Query(None, alias="sortOrder"),
    page_number: int | None = Query(None, alias="pageNumber"),
    page_size: int | None = Query(None, alias="pageSize"),
) -> Response:
    """`expand` is accepted and has no effect."""
    context = api_context(request)
    page = page_request(page_number, page_size)
    descending = is_descending(sort_order)
    filters = [(key, value) for key, value in (("name", name), ("sortBy", sort_by), ("sortOrder", sort_order))
               if value is not None]
    with context.simulation.store.lock:
        chosen = context.org.area(PhoneBasesBackend).listing(name, sort_by or "name", descending)
        listing = paginate(chosen, page, PhoneBase.wire, PHONE_BASES_PATH, filters, with_total_number_of_entities=True)
        return json_response(listing)


@router.get(PHONE_BASES_PATH + "/{phoneBaseId}")
async def get_phone_base_setting(request: Request, phoneBaseId: str) -> Response:  # noqa: N803 - the API's name
    context = api_context(request)
    with context.simulation.store.lock:
        return json_response(context.org.area(PhoneBasesBackend).get(phoneBaseId).wire())


@router.get(PHONES_PATH)
async def get_phones(
    request: Request,
    sort_by: str | None = Query(None, alias="sortBy"),
    sort_order: str | None = Query(None, alias="sortOrder"),
    page_number: int | None = Query(None, alias="pageNumber"),
    page_size: int | None = Query(None, alias="pageSize"),
) -> Response:
    """Filters as listed in _PHONE_FILTERS (dotted names, hence read from the query string); `expand` and
    `fields` are accepted and have no effect."""
    context = api_context(request)
    page = page_request(page_number, page_size)
    descending = is_descending(sort_order)
    query = request.query_params
    filters = {key: query[key] for key in _PHONE_FILTERS if key in query}
    unmodelled = [key for key in _UNMODELLED_PHONE_FILTERS if key in query]
    kept = [*filters.items(), *((key, query[key]) for key in unmodelled),
            *((key, value) for key, value in (("sortBy", sort_by), ("sortOrder", sort_order)) if value is not None)]
    with context.simulation.store.lock:
        phones = context.org.area(PhonesBackend)
        chosen = phones.listing(filters, unmodelled, sort_by or "name", descending)
        return json_response(paginate(chosen, page, phones.wire, PHONES_PATH, kept, with_total_number_of_entities=True))


@router.post(PHONES_PATH)
async def post_phones(request: Request) -> Response:
    context = api_context(request)
    body = validate(PHONE, await read_json_object(request))
    with context.simulation.store.mutation():
        phones = context.org.area(PhonesBackend)
        return json_response(phones.wire(phones.create(body)))


@router.get(PHONES_PATH + "/{phoneId}")
async def get_phone(request: Request, phoneId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.lock:
        phones = context.org.area(PhonesBackend)
        return json_response(phones.wire(phones.get(phoneId)))


@router.put(PHONES_PATH + "/{phoneId}")
async def put_phone(request: Request, phoneId: str) -> Response:  # noqa: N803
    context = api_context(request)
    body = validate(PHONE, await read_json_object(request))
    with context.simulation.store.mutation():
        phones = context.org.area(PhonesBackend)
        return json_response(phones.wire(phones.replace(phoneId, body)))


@router.delete(PHONES_PATH + "/{phoneId}")
async def delete_phone(request: Request, phoneId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        context.org.area(PhonesBackend).delete(phoneId)
    return no_content()
