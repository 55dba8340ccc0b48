"""The ASGI application: the gateway in front of one FastAPI app holding every area's routes and the admin API."""

from __future__ import annotations

import uuid

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.responses import Response

from genesys_cloud_sim.admin.routes import router as admin_router
from genesys_cloud_sim.areas import API_ROUTERS, AREA_TYPES
from genesys_cloud_sim.core.context import CORRELATION_KEY, api_context
from genesys_cloud_sim.core.errors import ApiError, invalid_value, method_not_allowed, route_not_found, server_error
from genesys_cloud_sim.core.gateway import Gateway
from genesys_cloud_sim.core.http import json_response
from genesys_cloud_sim.core.permissions import REQUIREMENTS, authorize
from genesys_cloud_sim.core.simulation import Simulation
from genesys_cloud_sim.oauth.routes import router as oauth_router


def create_simulation(time_scale: float = 1.0, strict_fields: bool = False) -> Simulation:
    return Simulation(AREA_TYPES, time_scale, strict_fields)


def create_app(simulation: Simulation) -> Gateway:
    api = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    api.state.simulation = simulation
    for router in API_ROUTERS:
        api.include_router(router, dependencies=[Depends(_enforce_permissions)])
    api.include_router(oauth_router)
    api.include_router(admin_router)
    _register_error_handlers(api)
    routes = _region_routes()
    _check_every_operation_has_permissions(routes)
    return Gateway(api, simulation, routes)


def _region_routes() -> list[APIRoute]:
    """Every route a region serves, from the routers themselves (FastAPI's app.routes may hold wrappers)."""
    return [route for router in (*API_ROUTERS, oauth_router) for route in router.routes if isinstance(route, APIRoute)]


async def _enforce_permissions(request: Request) -> None:
    """Runs before every /api/v2 route: 403 missing.permissions when the client's grants fall short."""
    requirement = REQUIREMENTS[(request.method, request.scope["route"].path)]
    authorize(api_context(request).client.permissions, requirement)


def _check_every_operation_has_permissions(routes: list[APIRoute]) -> None:
    for route in routes:
        if route.path.startswith("/api/v2/"):
            for method in route.methods:
                if (method, route.path) not in REQUIREMENTS:
                    raise RuntimeError(f"{method} {route.path} has no entry in core.permissions.REQUIREMENTS")


def _error_response(request: Request, error: ApiError) -> Response:
    context_id = request.scope.get(CORRELATION_KEY) or str(uuid.uuid4())
    return json_response(error.body(context_id), status=error.status, headers=error.headers)


def _register_error_handlers(api: FastAPI) -> None:
    @api.exception_handler(ApiError)
    async def on_api_error(request: Request, error: ApiError) -> Response:
        return _error_response(request, error)

    @api.exception_handler(RequestValidationError)
    async def on_invalid_query(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0]
        field = str(first["loc"][-1])
        return _error_response(request, invalid_value(field, f"'{field}': {first['msg']}."))

    @api.exception_handler(HTTPException)
    async def on_http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 405:
            return _error_response(request, method_not_allowed(request.method, request.url.path))
        return _error_response(request, route_not_found(request.url.path))

    @api.exception_handler(Exception)
    async def on_crash(request: Request, error: Exception) -> Response:
        return _error_response(request, server_error(500))
