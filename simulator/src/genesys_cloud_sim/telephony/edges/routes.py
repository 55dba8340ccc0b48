"""/api/v2/telephony/providers/edges: Edges, their pairing actions and interfaces, and Edge groups.

The fixed sub-paths (edgegroups, logicalinterfaces, physicalinterfaces) are registered before /{edgeId}, which
would otherwise take them for Edge ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.errors import ApiError, invalid_value
from genesys_cloud_sim.core.http import json_response, no_content, read_json_object, read_optional_json_object
from genesys_cloud_sim.core.paging import DEFAULT_PAGE_SIZE, PageRequest, page_request, paginate
from genesys_cloud_sim.core.query import multi_value
from genesys_cloud_sim.core.schema import validate
from genesys_cloud_sim.telephony.edges.groups import EDGE_GROUPS_PATH, EdgeGroup, EdgeGroupsBackend
from genesys_cloud_sim.telephony.edges.interfaces import EDGES_PATH, LOGICAL_INTERFACE, LogicalInterface
from genesys_cloud_sim.telephony.edges.models import (
    EDGE, EDGE_REBOOT_PARAMETERS, EDGE_SERVICE_STATE_REQUEST, Edge, EdgesBackend,
)

router = APIRouter()
EDGE_PATH = EDGES_PATH + "/{edgeId}"
LOGICAL_PATH = EDGE_PATH + "/logicalinterfaces"
PHYSICAL_PATH = EDGE_PATH + "/physicalinterfaces"

T = TypeVar("T")


def _present(pairs: Sequence[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """The filters a listing's URIs keep: the ones the request gave."""
    return [(key, value) for key, value in pairs if value is not None]


def _whole(items: Sequence[T], render: Callable[[T], dict[str, Any]], path: str,
           filters: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """The envelope of a listing the API does not page (interfaces): everything on one page of at least 25."""
    return paginate(items, PageRequest(1, max(len(items), DEFAULT_PAGE_SIZE)), render, path, filters)


MAX_EDGE_IDS = 100


def _edge_ids(edge_ids: list[str] | None) -> list[str]:
    wanted = multi_value(edge_ids)
    if not wanted:
        raise ApiError(400, "bad.request", "The query parameter 'edgeIds' is required.",
                       details=[{"errorCode": "required", "fieldName": "edgeIds"}])
    if len(wanted) > MAX_EDGE_IDS:  # a guess on the safe side (FIDELITY.md)
        raise invalid_value("edgeIds", f"At most {MAX_EDGE_IDS} Edge ids are allowed, not {len(wanted)}.")
    return wanted


# --- Edge groups ---------------------------------------------------------------------------------------------


@router.get(EDGE_GROUPS_PATH)
async def get_edge_groups(
    request: Request,
    name: str | None = Query(None),
    managed: bool | None = Query(None),
    page_number: int | None = Query(None, alias="pageNumber"),
    page_size: int | None = Query(None, alias="pageSize"),
    sort_by: str | None = Query(None, alias="sortBy"),
) -> Response:
    context = api_context(request)
    page = page_request(page_number, page_size)
    filters = _present([("name", name), ("managed", None if managed is None else str(managed).lower()),
                        ("sortBy", sort_by)])
    with context.simulation.store.lock:
        chosen = context.org.area(EdgeGroupsBackend).listing(name, managed, sort_by or "name")
        return json_response(paginate(chosen, page, EdgeGroup.wire, EDGE_GROUPS_PATH, filters,
                                      with_total_number_of_entities=True))


@router.get(EDGE_GROUPS_PATH + "/{edgeGroupId}")
async def get_edge_group(request: Request, edgeGroupId: str) -> Response:  # noqa: N803 - the API's name
    """`expand` is accepted and has no effect: trunk bases are not modelled."""
    context = api_context(request)
    with context.simulation.store.lock:
        return json_response(context.org.area(EdgeGroupsBackend).get(edgeGroupId).wire())


# --- batch interface reads -----------------------------------------------------------------------------------


@router.get(EDGES_PATH + "/logicalinterfaces")
async def get_logical_interfaces_of_edges(
    request: Request, edge_ids: list[str] | None = Query(None, alias="edgeIds")
) -> Response:
    """Every logical interface of the given Edges; each names its Edge in edgeUri. `expand` has no effect."""
    context = api_context(request)
    wanted = _edge_ids(edge_ids)
    with context.simulation.store.lock:
        edges = context.org.area(EdgesBackend)
        found = [interface for edge_id in wanted for interface in edges.logical_interfaces(edges.get(edge_id))]
        return json_response(_whole(found, LogicalInterface.wire, EDGES_PATH + "/logicalinterfaces",
                                    [("edgeIds", ",".join(wanted))]))


@router.get(EDGES_PATH + "/physicalinterfaces")
async def get_physical_interfaces_of_edges(
    request: Request, edge_ids: list[str] | None = Query(None, alias="edgeIds")
) -> Response:
    """Every physical interface the given Edges' appliances report; each names its Edge in edgeUri."""
    context = api_context(request)
    wanted = _edge_ids(edge_ids)
    with context.simulation.store.lock:
        edges = context.org.area(EdgesBackend)
        found = [nic for edge_id in wanted for nic in edges.physical_interfaces(edges.get(edge_id))]
        return json_response(_whole(found, dict, EDGES_PATH + "/physicalinterfaces", [("edgeIds", ",".join(wanted))]))


# --- Edges ---------------------------------------------------------------------------------------------------


@router.get(EDGES_PATH)
async def get_edges(
    request: Request,
    name: str | None = Query(None),
    site_id: str | None = Query(None, alias="site.id"),
    edge_group_id: str | None = Query(None, alias="edgeGroup.id"),
    managed: bool | None = Query(None),
    show_cloud_media: bool | None = Query(None, alias="showCloudMedia"),
    page_number: int | None = Query(None, alias="pageNumber"),
    page_size: int | None = Query(None, alias="pageSize"),
    sort_by: str | None = Query(None, alias="sortBy"),
) -> Response:
    """`showCloudMedia` is accepted and has no effect: there are no cloud media Edges in the simulator."""
    context = api_context(request)
    page = page_request(page_number, page_size)
    filters = _present([
        ("name", name), ("site.id", site_id), ("edgeGroup.id", edge_group_id),
        ("managed", None if managed is None else str(managed).lower()),
        ("showCloudMedia", None if show_cloud_media is None else str(show_cloud_media).lower()),
        ("sortBy", sort_by),
    ])
    with context.simulation.store.lock:
        edges = context.org.area(EdgesBackend)
        chosen = edges.listing(name, site_id, edge_group_id, managed, sort_by or "name")
        return json_response(paginate(chosen, page, edges.wire, EDGES_PATH, filters,
                                      with_total_number_of_entities=True))


@router.post(EDGES_PATH)
async def post_edges(request: Request) -> Response:
    context = api_context(request)
    body = validate(EDGE, await read_json_object(request))
    with context.simulation.store.mutation():
        edges = context.org.area(EdgesBackend)
        return json_response(edges.wire(edges.create(body)))


@router.get(EDGE_PATH)
async def get_edge(request: Request, edgeId: str) -> Response:  # noqa: N803 - the API's name
    """`expand` is accepted and has no effect. A recently deleted Edge reads `state: deleted` (soft delete)."""
    context = api_context(request)
    with context.simulation.store.lock:
        edges = context.org.area(EdgesBackend)
        return json_response(edges.wire(edges.readable(edgeId)))


@router.put(EDGE_PATH)
async def put_edge(request: Request, edgeId: str) -> Response:  # noqa: N803
    context = api_context(request)
    body = validate(EDGE, await read_json_object(request))
    with context.simulation.store.mutation():
        edges = context.org.area(EdgesBackend)
        return json_response(edges.wire(edges.replace(edgeId, body)))


@router.delete(EDGE_PATH)
async def delete_edge(request: Request, edgeId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        context.org.area(EdgesBackend).delete(edgeId)
    return no_content()


def _acknowledged(edge: Edge) -> Response:
    """The actions answer a bare string (operations.json: response `str`); the simulator sends the Edge id."""
    return json_response(edge.id)


@router.post(EDGE_PATH + "/unpair")
async def post_edge_unpair(request: Request, edgeId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        return _acknowledged(context.org.area(EdgesBackend).unpair(edgeId))


@router.post(EDGE_PATH + "/statuscode")
async def post_edge_statuscode(request: Request, edgeId: str) -> Response:  # noqa: N803
    """callDrainingWaitTimeSeconds is accepted; there are no calls to drain, so the change is immediate."""
    context = api_context(request)
    state = validate(EDGE_SERVICE_STATE_REQUEST, await read_json_object(request))
    with context.simulation.store.mutation():
        return _acknowledged(context.org.area(EdgesBackend).set_service(edgeId, state))


@router.post(EDGE_PATH + "/reboot")
async def post_edge_reboot(request: Request, edgeId: str) -> Response:  # noqa: N803
    context = api_context(request)
    validate(EDGE_REBOOT_PARAMETERS, await read_optional_json_object(request))
    with context.simulation.store.mutation():
        return _acknowledged(context.org.area(EdgesBackend).reboot(edgeId))


@router.get(EDGE_PATH + "/setuppackage")
async def get_edge_setuppackage(request: Request, edgeId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.lock:
        context.org.area(EdgesBackend).setup_package(edgeId)


# --- an Edge's interfaces ------------------------------------------------------------------------------------


@router.get(PHYSICAL_PATH)
async def get_edge_physical_interfaces(request: Request, edgeId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.lock:
        edges = context.org.area(EdgesBackend)
        return json_response(_whole(edges.physical_interfaces(edges.get(edgeId)), dict,
                                    PHYSICAL_PATH.format(edgeId=edgeId)))


@router.get(PHYSICAL_PATH + "/{interfaceId}")
async def get_edge_physical_interface(request: Request, edgeId: str, interfaceId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.lock:
        return json_response(context.org.area(EdgesBackend).physical_interface(edgeId, interfaceId))


@router.get(LOGICAL_PATH)
async def get_edge_logical_interfaces(request: Request, edgeId: str) -> Response:  # noqa: N803
    """`expand` is accepted and has no effect."""
    context = api_context(request)
    with context.simulation.store.lock:
        edges = context.org.area(EdgesBackend)
        return json_response(_whole(edges.logical_interfaces(edges.get(edgeId)), LogicalInterface.wire,
                                    LOGICAL_PATH.format(edgeId=edgeId)))


@router.post(LOGICAL_PATH)
async def post_edge_logical_interfaces(request: Request, edgeId: str) -> Response:  # noqa: N803
    context = api_context(request)
    body = validate(LOGICAL_INTERFACE, await read_json_object(request))
    with context.simulation.store.mutation():
        return json_response(context.org.area(EdgesBackend).create_logical(edgeId, body).wire())


@router.get(LOGICAL_PATH + "/{interfaceId}")
async def get_edge_logical_interface(request: Request, edgeId: str, interfaceId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.lock:
        return json_response(context.org.area(EdgesBackend).logical_interface(edgeId, interfaceId).wire())


@router.put(LOGICAL_PATH + "/{interfaceId}")
async def put_edge_logical_interface(request: Request, edgeId: str, interfaceId: str) -> Response:  # noqa: N803
    context = api_context(request)
    body = validate(LOGICAL_INTERFACE, await read_json_object(request))
    with context.simulation.store.mutation():
        return json_response(context.org.area(EdgesBackend).replace_logical(edgeId, interfaceId, body).wire())


@router.delete(LOGICAL_PATH + "/{interfaceId}")
async def delete_edge_logical_interface(request: Request, edgeId: str, interfaceId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.mutation():
        context.org.area(EdgesBackend).delete_logical(edgeId, interfaceId)
    return no_content()
