"""The front door every region request passes, like Genesys Cloud's API gateway.

    /<region>/oauth/token  -> faults -> login route
    /<region>/api/v2/...   -> authentication -> per-token rate limit -> faults -> area routes
    /__sim/...             -> admin routes (no faults, not logged)

It stamps every answer with ININ-Correlation-Id (the ErrorBody contextId), a Date header from the region's
(possibly skewed) clock; then it records the exchange.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from genesys_cloud_sim.core.clock import http_date, iso_ms
from genesys_cloud_sim.core.context import CONTEXT_KEY, CORRELATION_KEY, REGION_KEY, ApiContext
from genesys_cloud_sim.core.errors import ApiError, OAuthError, bad_credentials, route_not_found, server_error
from genesys_cloud_sim.core.errors import token_rate_limited, too_many_requests
from genesys_cloud_sim.core.faults import STATUS_FAULTS, FaultDraw, is_write
from genesys_cloud_sim.core.http import dump_json
from genesys_cloud_sim.core.regions import normalize_region
from genesys_cloud_sim.core.schema import refuse_unknown_fields
from genesys_cloud_sim.core.simulation import Simulation
from genesys_cloud_sim.core.state import ACTING_ORG, Client, Region
from genesys_cloud_sim.core.traffic import Exchange

ADMIN_PREFIX = "/__sim"
API_PREFIX = "/api/v2/"
LOGIN_PATH = "/oauth/token"
CORRELATION_HEADER = "ININ-Correlation-Id"


class Gateway:
    def __init__(self, app: ASGIApp, simulation: Simulation, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.simulation = simulation
        self.routes = tuple(routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(ADMIN_PREFIX):
            await self.app(scope, receive, _stamped(send, [("Date", http_date(time.time()))]))
            return
        call = _Call(scope)
        strictness = refuse_unknown_fields.set(self.simulation.strict_fields)
        try:
            await self._serve(call, scope, receive, send)
        except ApiError as error:
            await call.answer_error(send, error)
        except OAuthError as error:
            await call.answer(send, error.status, error.body())
        finally:
            refuse_unknown_fields.reset(strictness)
            self.simulation.traffic.record(call.exchange(scope, self._template_of))

    async def _serve(self, call: _Call, scope: Scope, receive: Receive, send: Send) -> None:
        region = self.simulation.store.regions.get(normalize_region(call.region_segment))
        if region is None or not (call.is_api or call.is_login):
            raise route_not_found(scope["path"])
        call.region = region
        scope["root_path"] = scope.get("root_path", "") + "/" + call.region_segment
        scope[REGION_KEY] = region
        scope[CORRELATION_KEY] = call.correlation_id
        fault = self.simulation.faults.draw(call.is_login, call.method, call.path)
        if fault.latency_s:
            call.latency_ms = round(fault.latency_s * 1000)
            await asyncio.sleep(fault.latency_s)
        if call.is_api:
            self._admit_api_call(call, scope, fault)
        _raise_injected_error(call, fault)
        app = self._lagging_app(call) if call.is_api and self.simulation.consistency.config else self.app
        if fault.kind == "reset":
            call.fault = fault.kind
            await _drop_connection(receive)
        elif fault.kind == "ambiguous_write":
            await app(scope, receive, call.swallow)
            call.fault = fault.kind
            await _drop_connection(receive)
        else:
            await app(scope, receive, call.stamped(send))

    def _lagging_app(self, call: _Call) -> ASGIApp:
        """The areas seen through the eventual-consistency mode (core/consistency.py): answers of reads rewritten,
        writes refused while a deleted object holds on, and each write that succeeded recorded with what a GET of
        its path answered before it."""
        consistency, org_id, now = self.simulation.consistency, call.client.org.id, call.region.now

        async def lagging(scope: Scope, receive: Receive, send: Send) -> None:
            if call.method == "GET" and consistency.lagging(org_id, now()):
                answer = await _answer_of(self.app, scope, receive)
                seen = consistency.view(org_id, call.path, answer.status, answer.json(), now())
                await (answer if seen is None else answer.rewritten(*seen)).send_to(send)
            elif is_write(call.method, call.path):
                raw = await _body_of(receive)
                refused = consistency.refusal(org_id, call.method, call.path, _json_or_none(raw), now())
                if refused is not None:
                    raise refused
                before = None
                if call.method != "POST":
                    probe = await _answer_of(self.app, {**scope, "method": "GET", "query_string": b""}, _replay(b""))
                    before = probe.json() if probe.status == 200 else None
                answer = await _answer_of(self.app, scope, _replay(raw))
                if answer.status < 300:
                    consistency.record(org_id, call.method, call.path, before, answer.json(), now())
                await answer.send_to(send)
            else:
                await self.app(scope, receive, send)

        return lagging

    def _admit_api_call(self, call: _Call, scope: Scope, fault: FaultDraw) -> None:
        """Authenticate, then spend the token's budget; only then does the request reach a route."""
        simulation = self.simulation
        token, client = simulation.tokens.authenticate(
            _header(scope, b"authorization"), call.region.name, simulation.faults.token_early_expiry_after_s
        )
        call.client = client
        ACTING_ORG.set(client.org)  # this request's own task: it does not leak into other requests
        if fault.kind == "token_expiry":
            simulation.tokens.revoke(token)
            call.fault = fault.kind
            raise bad_credentials()
        limit = simulation.store.rate_limits.per_token_per_minute
        if limit:
            verdict = simulation.api_budget.hit(token.jti, limit, simulation.rate_limit_window_s, time.monotonic())
            # No inin-ratelimit-* headers: Genesys Cloud stopped sending them after 2021-06-05 (developer forum,
            # "Removal of inin-ratelimit response headers"); a 429's Retry-After is all a client gets.
            if not verdict.allowed:
                raise too_many_requests(verdict.reset_s)
        scope[CONTEXT_KEY] = ApiContext(simulation, call.region, client, token)

    def _template_of(self, scope: Scope) -> str | None:
        """The route template of a request answered before routing (401, 429, faults), for the stats."""
        for route in self.routes:
            match = route.matches(scope)[0]
            if match is Match.FULL:
                return route.path  # type: ignore[attr-defined]
        return None


class _Call:
    """One request on its way through the gateway."""

    def __init__(self, scope: Scope) -> None:
        self.started = time.time()
        self.method: str = scope["method"]
        self.region_segment, _slash, rest = scope["path"][1:].partition("/")
        self.path = "/" + rest
        self.is_api = self.path.startswith(API_PREFIX)
        self.is_login = self.path == LOGIN_PATH
        self.correlation_id = str(uuid.uuid4())
        self.region: Region | None = None
        self.client: Client | None = None
        self.headers: list[tuple[str, str]] = [(CORRELATION_HEADER, self.correlation_id)]
        self.status: int | None = None
        self.fault: str | None = None
        self.latency_ms = 0

    def _common_headers(self) -> list[tuple[str, str]]:
        now = self.region.now() if self.region else time.time()
        return [*self.headers, ("Date", http_date(now))]

    def stamped(self, send: Send) -> Send:
        async def send_stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.status = message["status"]
            await _stamped(send, self._common_headers())(message)

        return send_stamped

    async def swallow(self, message: Message) -> None:
        """The answer of an ambiguous write: computed and applied, never delivered."""
        if message["type"] == "http.response.start":
            self.status = message["status"]

    async def answer(self, send: Send, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        extra = [("Content-Type", "application/json"), *(headers or {}).items()]
        await self.stamped(send)(
            {"type": "http.response.start", "status": status, "headers": _encode(extra)}
        )
        await send({"type": "http.response.body", "body": dump_json(body)})

    async def answer_error(self, send: Send, error: ApiError) -> None:
        await self.answer(send, error.status, error.body(self.correlation_id), error.headers)

    def exchange(self, scope: Scope, template_of: Any) -> Exchange:
        route = scope.get("route")
        template = route.path if route is not None else template_of(scope) if self.region else None
        applied = self.status is not None and self.status < 400 and self.fault != "reset"
        return Exchange(
            ts=iso_ms(self.started),
            region=self.region.name if self.region else None,
            org=self.client.org.id if self.client else None,
            client_id=self.client.client_id if self.client else None,
            method=self.method,
            path=self.path,
            route=template,
            status=None if self.fault in ("reset", "ambiguous_write") else self.status,
            write=self.is_api and is_write(self.method, scope["path"]) and applied,
            fault=self.fault,
            latency_ms=self.latency_ms,
        )


def _raise_injected_error(call: _Call, fault: FaultDraw) -> None:
    """Faults that replace the answer with an error: a 429 or 5xx, or a throttled login."""
    if fault.kind in STATUS_FAULTS:
        call.fault = fault.kind
        raise too_many_requests(fault.retry_after_s) if fault.kind == "429" else server_error(int(fault.kind), fault.retry_after_s)
    if fault.kind == "token_throttle":
        call.fault = fault.kind
        raise token_rate_limited()


def _encode(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]


def _stamped(send: Send, headers: list[tuple[str, str]]) -> Send:
    """`send` with `headers` added to the response start (replacing same-named ones)."""
    names = {name.lower().encode("latin-1") for name, _value in headers}

    async def send_stamped(message: Message) -> None:
        if message["type"] == "http.response.start":
            kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
            message = {**message, "headers": kept + _encode(headers)}
        await send(message)

    return send_stamped


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


@dataclass(frozen=True)
class _Answer:
    """A route's whole answer, held back so that the eventual-consistency mode can read or rewrite it."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def json(self) -> Any:
        return _json_or_none(self.body)

    def rewritten(self, status: int, payload: Any) -> _Answer:
        body = dump_json(payload)
        headers = [(k, v) for k, v in self.headers if k.lower() != b"content-length"]
        return _Answer(status, [*headers, (b"content-length", str(len(body)).encode())], body)

    async def send_to(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body})


async def _answer_of(app: ASGIApp, scope: Scope, receive: Receive) -> _Answer:
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, capture)
    return _Answer(start.get("status", 500), list(start.get("headers", [])), b"".join(chunks))


async def _body_of(receive: Receive) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


async def _drop_connection(receive: Receive) -> None:
    """Abort the socket without an answer, so the client sees a broken connection rather than an HTTP error.

    ASGI has no way to say this; uvicorn's `receive` is a method of its request cycle, which holds the transport.
    """
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None:
        raise RuntimeError("the 'reset' and 'ambiguous_write' faults need the simulator to run under uvicorn")
    transport.abort()
    await asyncio.sleep(0)  # let the server notice the disconnect before the route returns
