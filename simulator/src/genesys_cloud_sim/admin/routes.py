from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from genesys_cloud_sim.core.consistency import ConsistencyConfig
from genesys_cloud_sim.core.context import simulation_of
from genesys_cloud_sim.core.errors import ApiError, bad_request
from genesys_cloud_sim.core.faults import FaultConfig
from genesys_cloud_sim.core.http import json_response
from genesys_cloud_sim.core.ratelimit import RateLimitSettings
from genesys_cloud_sim.core.regions import normalize_region

router = APIRouter(prefix="/__sim")


async def _json_body(request: Request) -> dict[str, Any] | None:
    raw = await request.body()
    if not raw.strip():
        return None
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise bad_request(f"The body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise bad_request("The body must be a JSON object.")
    return body


def _refused(exc: Exception) -> ApiError:
    return ApiError(400, "bad.request", str(exc))


@router.get("/health")
async def health() -> Response:
    return json_response({"status": "ok"})


@router.post("/reset")
async def reset(request: Request) -> Response:
    """Empty state, or the body's seed: tokens, faults, budgets and the traffic log are cleared too."""
    config = await _json_body(request)
    try:
        simulation_of(request).reset(config)
    except ValueError as exc:
        raise _refused(exc) from None
    return json_response({"status": "reset"})


@router.post("/seed")
async def seed(request: Request) -> Response:
    config = await _json_body(request) or {}
    try:
        simulation_of(request).seed(config)
    except ValueError as exc:
        raise _refused(exc) from None
    return json_response({"status": "seeded"})


@router.get("/state")
async def state(request: Request) -> Response:
    """The world as a seed (client secrets masked)."""
    return json_response(simulation_of(request).export(include_secrets=False))


@router.get("/faults")
async def get_faults(request: Request) -> Response:
    config = simulation_of(request).faults.config
    return json_response(None if config is None else config.as_dict())


@router.put("/faults")
async def put_faults(request: Request) -> Response:
    try:
        config = FaultConfig.from_dict(await _json_body(request) or {})
    except (TypeError, ValueError) as exc:
        raise _refused(exc) from None
    simulation_of(request).faults.configure(config)
    return json_response(config.as_dict())


@router.delete("/faults")
async def delete_faults(request: Request) -> Response:
    simulation_of(request).faults.clear()
    return Response(status_code=204)


@router.get("/consistency")
async def get_consistency(request: Request) -> Response:
    config = simulation_of(request).consistency.config
    return json_response(None if config is None else config.as_dict())


@router.put("/consistency")
async def put_consistency(request: Request) -> Response:
    """Switch the eventual-consistency mode on (settings left out keep their defaults); restarts its draws."""
    try:
        config = ConsistencyConfig.from_dict(await _json_body(request) or {})
    except (TypeError, ValueError) as exc:
        raise _refused(exc) from None
    simulation_of(request).consistency.configure(config)
    return json_response(config.as_dict())


@router.delete("/consistency")
async def delete_consistency(request: Request) -> Response:
    simulation_of(request).consistency.clear()
    return Response(status_code=204)


@router.put("/regions/{region}/clock")
async def put_clock(request: Request, region: str) -> Response:
    body = await _json_body(request) or {}
    simulation = simulation_of(request)
    target = simulation.store.regions.get(normalize_region(region))
    if target is None:
        raise ApiError(404, "not.found", f"Region {region} is not seeded in this simulator.")
    skew_ms = body.get("skew_ms")
    if isinstance(skew_ms, bool) or not isinstance(skew_ms, int):
        raise bad_request("skew_ms must be an integer number of milliseconds.", "skew_ms")
    with simulation.store.mutation():
        target.skew_ms = skew_ms
    return json_response({"region": target.name, "skew_ms": skew_ms})


@router.get("/ratelimit")
async def get_rate_limits(request: Request) -> Response:
    return json_response(simulation_of(request).store.rate_limits.as_dict())


@router.put("/ratelimit")
async def put_rate_limits(request: Request) -> Response:
    """Change either limit (0 switches it off); the other keeps its value."""
    simulation = simulation_of(request)
    body = await _json_body(request) or {}
    try:
        settings = RateLimitSettings(**{**simulation.store.rate_limits.as_dict(), **body})
    except TypeError as exc:
        raise _refused(exc) from None
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in settings.as_dict().values()):
        raise bad_request("Rate limits are whole numbers of requests, 0 or more.")
    with simulation.store.mutation():
        simulation.store.rate_limits = settings
    return json_response(settings.as_dict())


@router.get("/stats")
async def stats(request: Request) -> Response:
    return json_response(simulation_of(request).traffic.stats())


@router.get("/requests")
async def get_requests(request: Request, limit: int | None = Query(None, ge=1)) -> Response:
    """The request log, oldest first; `limit` keeps the most recent entries."""
    return json_response(simulation_of(request).traffic.entries(limit))


@router.delete("/requests")
async def delete_requests(request: Request) -> Response:
    simulation_of(request).traffic.clear()
    return Response(status_code=204)


@router.get("/tokens")
async def get_tokens(request: Request) -> Response:
    simulation = simulation_of(request)
    return json_response(simulation.tokens.listing(simulation.faults.token_early_expiry_after_s))


@router.post("/tokens/expire")
async def expire_tokens(request: Request) -> Response:
    return json_response({"expired": simulation_of(request).tokens.expire_all()})
