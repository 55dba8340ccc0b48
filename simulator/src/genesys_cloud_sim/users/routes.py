"""/api/v2/users (listing, one user, exact search), routing status, PureCloud presence, presence definitions.

The fixed sub-paths (search, presences/bulk) are registered before /{userId}, which would otherwise take them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from genesys_cloud_sim.conversations.models import CallsBackend
from genesys_cloud_sim.core.context import ApiContext, api_context
from genesys_cloud_sim.core.errors import invalid_value, not_found
from genesys_cloud_sim.core.http import json_response, read_json_array, read_json_object
from genesys_cloud_sim.core.paging import page_request, paginate
from genesys_cloud_sim.core.query import is_descending, multi_value
from genesys_cloud_sim.core.schema import validate
from genesys_cloud_sim.users import presence, search
from genesys_cloud_sim.users.models import ROUTING_STATUS, USER_PRESENCE, USERS_PATH, User, UsersBackend
from genesys_cloud_sim.users.stations import StationsBackend

router = APIRouter()
USER_PATH = USERS_PATH + "/{userId}"


def _expand(values: list[str] | None) -> tuple[str, ...]:
    """The User fields to expand; values the simulator does not expand are accepted and ignored (FIDELITY.md)."""
    return tuple(multi_value(values) or ())


def _render_user(context: ApiContext, expand: tuple[str, ...]) -> Callable[[User], dict[str, Any]]:
    """How a listing or search renders each user, with the fields `expand` asks for."""
    users = context.org.area(UsersBackend)
    stations = context.org.area(StationsBackend)
    calls = context.org.area(CallsBackend)

    def render(user: User) -> dict[str, Any]:
        station = stations.user_stations(user.id) if "station" in expand else None
        summary = calls.conversation_summary(user.id) if "conversationSummary" in expand else None
        return users.wire(user, expand, station, summary)

    return render


@router.get(USERS_PATH)
async def get_users(
    request: Request,
    ids: list[str] | None = Query(None, alias="id"),
    expand: list[str] | None = Query(None),
    state: str | None = Query(None),
    jabber_id: list[str] | None = Query(None, alias="jabberId"),
    sort_order: str | None = Query(None, alias="sortOrder"),
    page_number: int | None = Query(None, alias="pageNumber"),
    page_size: int | None = Query(None, alias="pageSize"),
) -> Response:
    """`integrationPresenceSource` and `userCustomAttributeSchemaIds` are accepted and have no effect."""
    context = api_context(request)
    page = page_request(page_number, page_size)
    wanted_ids = multi_value(ids)
    jabber_ids = multi_value(jabber_id)
    fields = _expand(expand)
    filters = [
        (key, value)
        for key, value in (
            ("id", ",".join(wanted_ids) if wanted_ids is not None else None),
            ("jabberId", ",".join(jabber_ids) if jabber_ids is not None else None),
            ("state", state),
            ("sortOrder", sort_order),
            ("expand", ",".join(fields) or None),
        )
        if value is not None
    ]
    descending = is_descending(sort_order)
    with context.simulation.store.lock:
        users = context.org.area(UsersBackend)
        chosen = users.listing(wanted_ids, state or "active", jabber_ids, descending)
        return json_response(paginate(chosen, page, _render_user(context, fields), USERS_PATH, filters))


@router.post(search.USERS_SEARCH_PATH)
async def post_users_search(request: Request) -> Response:
    context = api_context(request)
    body = validate(search.USER_SEARCH_REQUEST, await read_json_object(request))
    criteria = search.exact_criteria(body)
    with context.simulation.store.lock:
        found = [user for user in context.org.area(UsersBackend).active_users() if search.matches(user, criteria)]
        render = _render_user(context, tuple(body.get("expand") or ()))
        return json_response(search.search_response(found, body, render))


@router.put(USERS_PATH + "/presences/bulk")
async def put_users_presences_bulk(request: Request) -> Response:
    context = api_context(request)
    entries = await read_json_array(request)
    with context.simulation.store.mutation():
        users = context.org.area(UsersBackend)
        return json_response([users.presence_wire(user) for user in users.set_presences(entries)])


@router.get(USER_PATH)
async def get_user(
    request: Request,
    userId: str,  # noqa: N803 - the API's name
    expand: list[str] | None = Query(None),
    state: str | None = Query(None),
) -> Response:
    """A user in another state than `state` (when given) is not found."""
    context = api_context(request)
    with context.simulation.store.lock:
        user = context.org.area(UsersBackend).get(userId)
        if state is not None and state != user.state:
            raise not_found("user", userId)
        return json_response(_render_user(context, _expand(expand))(user))


@router.get(USER_PATH + "/routingstatus")
async def get_user_routingstatus(request: Request, userId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.lock:
        users = context.org.area(UsersBackend)
        return json_response(users.routing_status_wire(users.get(userId)))


@router.put(USER_PATH + "/routingstatus")
async def put_user_routingstatus(request: Request, userId: str) -> Response:  # noqa: N803
    context = api_context(request)
    raw = await read_json_object(request)
    body = validate(ROUTING_STATUS, raw)
    if raw.get("userId") not in (None, userId):
        raise invalid_value("userId", f"userId {raw['userId']} does not match the user of the path, {userId}.")
    with context.simulation.store.mutation():
        users = context.org.area(UsersBackend)
        return json_response(users.routing_status_wire(users.set_routing_status(userId, body)))


@router.get(USER_PATH + "/presences/purecloud")
async def get_user_presences_purecloud(request: Request, userId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.lock:
        users = context.org.area(UsersBackend)
        return json_response(users.presence_wire(users.get(userId)))


@router.patch(USER_PATH + "/presences/purecloud")
async def patch_user_presences_purecloud(request: Request, userId: str) -> Response:  # noqa: N803
    context = api_context(request)
    body = validate(USER_PRESENCE, await read_json_object(request))
    with context.simulation.store.mutation():
        users = context.org.area(UsersBackend)
        return json_response(users.presence_wire(users.set_presence(userId, body)))


@router.get(presence.PRESENCE_DEFINITIONS_PATH)
async def get_presence_definitions(
    request: Request,
    deactivated: str | None = Query(None),
) -> Response:
    """`divisionId` and `localeCode` are accepted and have no effect: system presences belong to no division and
    carry their en_US label."""
    context = api_context(request)
    if deactivated is not None and deactivated.lower() not in ("true", "false"):
        raise invalid_value("deactivated", f"deactivated must be true or false, not '{deactivated}'.")
    return json_response(presence.listing(context.org.id, (deactivated or "false").lower() == "true"))


@router.get(presence.PRESENCE_DEFINITIONS_PATH + "/{definitionId}")
async def get_presence_definition(request: Request, definitionId: str) -> Response:  # noqa: N803
    context = api_context(request)
    return json_response(presence.get_definition(context.org.id, definitionId))
