"""Media retention policies, both families: the same seven operations under two prefixes (operations.json)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.errors import ApiError
from genesys_cloud_sim.core.http import json_response, no_content, read_json_object
from genesys_cloud_sim.core.paging import PageRequest, page_request, paginate
from genesys_cloud_sim.core.query import multi_value
from genesys_cloud_sim.core.schema import validate
from genesys_cloud_sim.recording.models import (
    CROSSPLATFORM, FAMILY_BACKENDS, STANDARD, Family, both_tokens, page_of_token, page_token,
)

router = APIRouter()


def _add_family_routes(family: Family) -> None:
    backend_type = FAMILY_BACKENDS[family.key]
    path = family.path

    @router.get(path, name=f"list {family.key} policies")
    async def list_policies(
        request: Request,
        page_size: int | None = Query(None, alias="pageSize"),
        page_number: int | None = Query(None, alias="pageNumber"),
        sort_by: str | None = Query(None, alias="sortBy"),
        expand: list[str] | None = Query(None),
        next_page: str | None = Query(None, alias="nextPage"),
        previous_page: str | None = Query(None, alias="previousPage"),
        name: str | None = Query(None),
        enabled: bool | None = Query(None),
        summary: bool | None = Query(None),
        has_errors: bool | None = Query(None, alias="hasErrors"),
        delete_days_threshold: int | None = Query(None, alias="deleteDaysThreshold"),
    ) -> Response:
        """PolicyEntityListing. `expand` is accepted and has no effect; a page token wins over pageNumber."""
        context = api_context(request)
        page = page_request(page_number, page_size)
        if next_page and previous_page:
            raise both_tokens()
        if next_page:
            page = PageRequest(page_of_token(next_page, "nextPage"), page.size)
        elif previous_page:
            page = PageRequest(page_of_token(previous_page, "previousPage"), page.size)
        filters = [
            (key, value)
            for key, value in (
                ("sortBy", sort_by),
                ("expand", ",".join(multi_value(expand) or []) or None),
                ("name", name),
                ("enabled", _flag(enabled)),
                ("summary", _flag(summary)),
                ("hasErrors", _flag(has_errors)),
                ("deleteDaysThreshold", None if delete_days_threshold is None else str(delete_days_threshold)),
            )
            if value is not None
        ]
        with context.simulation.store.lock:
            policies = context.org.area(backend_type)
            chosen = policies.listing(name, enabled, has_errors, delete_days_threshold, sort_by or "name")
            listing = paginate(chosen, page, lambda p: policies.wire(p, summary=bool(summary)), path, filters)
        # The listing pages by number like the others, and its next/previous URIs carry page tokens.
        for key, parameter, number in (("nextUri", "nextPage", page.number + 1),
                                       ("previousUri", "previousPage", page.number - 1)):
            if key in listing:
                query = [("pageSize", str(page.size)), (parameter, page_token(number)), *filters]
                listing[key] = f"{path}?{urlencode(query, quote_via=quote)}"
        return json_response(listing)

    @router.post(path, name=f"create {family.key} policy")
    async def create_policy(request: Request) -> Response:
        context = api_context(request)
        body = validate(family.create, await read_json_object(request))
        with context.simulation.store.mutation():
            policies = context.org.area(backend_type)
            return json_response(policies.wire(policies.create(body)))

    @router.delete(path, name=f"delete {family.key} policies")
    async def delete_policies(request: Request, ids: list[str] | None = Query(None)) -> Response:
        """Bulk delete: `ids` comma-joined (as the SDK sends it) or repeated; ids that match nothing are ignored."""
        context = api_context(request)
        wanted = multi_value(ids)
        if not wanted:
            raise ApiError(400, "bad.request", "The query parameter 'ids' is required.",
                           details=[{"errorCode": "required", "fieldName": "ids"}])
        with context.simulation.store.mutation():
            context.org.area(backend_type).delete_many(wanted)
        return no_content()

    @router.get(path + "/{policyId}", name=f"get {family.key} policy")
    async def get_policy(request: Request, policyId: str) -> Response:  # noqa: N803 - the API's name
        context = api_context(request)
        with context.simulation.store.lock:
            policies = context.org.area(backend_type)
            return json_response(policies.wire(policies.get(policyId)))

    @router.put(path + "/{policyId}", name=f"replace {family.key} policy")
    async def put_policy(request: Request, policyId: str) -> Response:  # noqa: N803
        context = api_context(request)
        body = validate(family.replace, await read_json_object(request))
        with context.simulation.store.mutation():
            policies = context.org.area(backend_type)
            return json_response(policies.wire(policies.replace(policyId, body)))

    @router.patch(path + "/{policyId}", name=f"update {family.key} policy")
    async def patch_policy(request: Request, policyId: str) -> Response:  # noqa: N803
        context = api_context(request)
        body = validate(family.update, await read_json_object(request))
        with context.simulation.store.mutation():
            policies = context.org.area(backend_type)
            return json_response(policies.wire(policies.set_enabled(policyId, body["enabled"])))

    @router.delete(path + "/{policyId}", name=f"delete {family.key} policy")
    async def delete_policy(request: Request, policyId: str) -> Response:  # noqa: N803
        context = api_context(request)
        with context.simulation.store.mutation():
            context.org.area(backend_type).delete(policyId)
        return no_content()


def _flag(value: bool | None) -> str | None:
    return None if value is None else str(value).lower()


_add_family_routes(STANDARD)
_add_family_routes(CROSSPLATFORM)
