"""/api/v2/stations and a user's stations (/api/v2/users/{userId}/station...)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.http import json_response, no_content
from genesys_cloud_sim.core.paging import page_request, paginate
from genesys_cloud_sim.core.query import multi_value
from genesys_cloud_sim.users.models import USERS_PATH
from genesys_cloud_sim.users.stations import STATIONS_PATH, Station, StationsBackend

router = APIRouter()
STATION_PATH = STATIONS_PATH + "/{stationId}"
USER_STATION_PATH = USERS_PATH + "/{userId}/station"


@router.get(STATIONS_PATH)
async def get_stations(
    request: Request,
    name: str | None = Query(None),
    ids: list[str] | None = Query(None, alias="id"),
    line_appearance_id: str | None = Query(None, alias="lineAppearanceId"),
    web_rtc_user_id: str | None = Query(None, alias="webRtcUserId"),
    user_selectable: str | None = Query(None, alias="userSelectable"),
    sort_by: str | None = Query(None, alias="sortBy"),
    page_number: int | None = Query(None, alias="pageNumber"),
    page_size: int | None = Query(None, alias="pageSize"),
) -> Response:
    context = api_context(request)
    page = page_request(page_number, page_size)
    wanted_ids = multi_value(ids)
    filters = [
        (key, value)
        for key, value in (
            ("name", name),
            ("id", ",".join(wanted_ids) if wanted_ids is not None else None),
            ("lineAppearanceId", line_appearance_id),
            ("webRtcUserId", web_rtc_user_id),
            ("userSelectable", user_selectable),
            ("sortBy", sort_by),
        )
        if value is not None
    ]
    with context.simulation.store.lock:
        stations = context.org.area(StationsBackend)
        chosen = stations.listing(name, wanted_ids, line_appearance_id, web_rtc_user_id, user_selectable,
                                  sort_by or "name")
        listing = paginate(chosen, page, Station.wire, STATIONS_PATH, filters, with_total_number_of_entities=True)
        return json_response(listing)


@router.get(STATION_PATH)
async def get_station(request: Request, stationId: str) -> Response:  # noqa: N803 - the API's name
    context = api_context(request)
    with context.simulation.store.lock:
        return json_response(context.org.area(StationsBackend).get(stationId).wire())


@router.delete(STATION_PATH + "/associateduser")
async def delete_station_associateduser(request: Request, stationId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        context.org.area(StationsBackend).disassociate_station(stationId)
    return no_content()


@router.get(USER_STATION_PATH)
async def get_user_station(request: Request, userId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.lock:
        return json_response(context.org.area(StationsBackend).user_stations(userId))


@router.put(USER_STATION_PATH + "/associatedstation/{stationId}")
async def put_user_station_associatedstation(request: Request, userId: str, stationId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        context.org.area(StationsBackend).associate(userId, stationId)
    return no_content()


@router.delete(USER_STATION_PATH + "/associatedstation")
async def delete_user_station_associatedstation(request: Request, userId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        context.org.area(StationsBackend).disassociate_user(userId)
    return no_content()


@router.put(USER_STATION_PATH + "/defaultstation/{stationId}")
async def put_user_station_defaultstation(request: Request, userId: str, stationId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        context.org.area(StationsBackend).set_default(userId, stationId)
    return no_content()


@router.delete(USER_STATION_PATH + "/defaultstation")
async def delete_user_station_defaultstation(request: Request, userId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        context.org.area(StationsBackend).clear_default(userId)
    return no_content()
