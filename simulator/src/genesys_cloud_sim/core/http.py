"""Fast JSON responses and request-body parsing shared by every area."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from genesys_cloud_sim.core.errors import bad_request, unsupported_media_type

JSON_MEDIA_TYPE = "application/json"


def dump_json(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dump_json(payload), status_code=status, headers=headers, media_type=JSON_MEDIA_TYPE)


def no_content() -> Response:
    return Response(status_code=204)


async def _read_json(request: Request) -> Any:
    """A JSON body sent as application/json (415 otherwise, 400 when it does not parse)."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != JSON_MEDIA_TYPE:
        raise unsupported_media_type(content_type)
    try:
        return json.loads(await request.body())
    except ValueError as exc:
        raise bad_request(f"Unable to parse the request body as JSON: {exc}") from None


async def read_json_object(request: Request) -> dict[str, Any]:
    """The body of a JSON write; anything but a JSON object is refused the way the API does (415 / 400)."""
    body = await _read_json(request)
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


async def read_json_array(request: Request) -> list[Any]:
    """The body of a bulk write (a JSON list, e.g. PUT /api/v2/users/presences/bulk)."""
    body = await _read_json(request)
    if not isinstance(body, list):
        raise bad_request("The request body must be a JSON list.")
    return body


async def read_optional_json_object(request: Request) -> dict[str, Any]:
    """The body of a write whose body is optional (EdgeRebootParameters): no body at all reads as {}."""
    if not (await request.body()).strip():
        return {}
    return await read_json_object(request)
