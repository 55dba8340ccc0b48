# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The work of call_smoke_test: one outbound call placed, watched, optionally securely paused, and always hung up.

A smoke test proves a site works: the call egresses through the user's station and the site's Edges. It changes
nothing that lasts, so it reports changed: false; in check mode it resolves and checks everything but dials nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import snake_case
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edge_status import EDGES
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import live, require_site
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import TaskFailed
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._retry import Backoff
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._users import USERS, UserDirectory
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError, dial_target, e164, positive_duration

CALLS = "/api/v2/conversations/calls"
ENDED = frozenset({"disconnected", "terminated"})
POLL_INTERVAL_S = 0.5


@dataclass
class Call:
    """What was seen of one call, with seconds since it was placed."""

    number: str
    progress: Any
    started: float = field(default_factory=time.monotonic)
    conversation_id: str | None = None
    timeline: list[dict[str, Any]] = field(default_factory=list)
    conversation: dict[str, Any] = field(default_factory=dict)

    def note(self, event: str, **details: Any) -> None:
        entry = {"event": event, "seconds": round(time.monotonic() - self.started, 2), **details}
        self.timeline.append(entry)
        self.progress(f"call to {self.number}: {event}" + "".join(f" {k}={v}" for k, v in details.items()))

    @property
    def far_end(self) -> dict[str, Any]:
        """The participant dialled: the one whose purpose is not the calling user's."""
        participants = self.conversation.get("participants") or []
        return next((p for p in participants if p.get("purpose") in ("external", "customer")), participants[-1] if participants else {})


def checked_options(params: dict[str, Any]) -> dict[str, float]:
    dial_target("number", params["number"])
    if params["caller_id"]:
        e164("caller_id", params["caller_id"])
    return {"connect_timeout": positive_duration("connect_timeout", params["connect_timeout"]),
            "hold": positive_duration("hold", params["hold"]) if params["hold"] not in (0, "0", "0s") else 0.0}


def require_station(client: Any, user: dict[str, Any], label: str) -> dict[str, Any]:
    stations = client.get(f"{USERS}/{user['id']}/station")
    station = stations.get("effectiveStation") or stations.get("associatedStation")
    if not station:
        raise ValidationError("user", label, "has no station, so a call cannot be placed for this user; associate one "
                                             "first (cxops.genesys_cloud.agent_readiness)")
    return station


def require_live_edge(client: Any, site_name: str) -> None:
    site = require_site(client, "site", site_name)
    edges = live(client.get_all(EDGES, {"site.id": site["id"]}))
    if not any(e.get("statusCode") == "ACTIVE" and e.get("onlineStatus") == "ONLINE" for e in edges):
        states = ", ".join(f"{e.get('name')} {e.get('statusCode')}/{e.get('onlineStatus')}" for e in edges) or "none"
        raise ValidationError("site", site_name, f"has no ACTIVE, ONLINE Edge to carry the call (its Edges: {states}); "
                                                 "pair them first (cxops.genesys_cloud.edge)")


def live_calls(user: dict[str, Any]) -> int:
    """The user's calls not yet ended, from a User expanded with conversationSummary."""
    summary = (user.get("conversationSummary") or {}).get("call") or {}
    return sum((summary.get(kind) or {}).get("active") or 0 for kind in ("contactCenter", "enterprise"))


def place(client: Any, user: dict[str, Any], body: dict[str, Any]) -> str:
    """POST the call and answer its conversation id.

    No listing finds a user's call from a client-credentials token, so after a lost answer the user's count of live
    calls decides, once a backoff has let a placed call show: unchanged, the call was not placed and is tried again
    within retry_budget; risen, it was placed and its id is lost, so it can be neither watched nor hung up from here:
    fail and say so rather than dial twice.
    """
    path = f"{CALLS}/user/{user['id']}"
    calls_before = live_calls(user)
    backoff = Backoff(client.retry_budget)
    while True:
        try:
            return client.request("POST", path, json=body)["id"]
        except GenesysCloudError as error:
            if not error.ambiguous:
                raise
            may_retry = client.wait_to_retry(backoff)
            calls_now = live_calls(client.get(f"{USERS}/{user['id']}", {"expand": "conversationSummary"}))
            if calls_now > calls_before:
                error.fix = (f"The call was placed all the same: {user.get('email') or user['id']} now has {calls_now} "
                             "live call(s). Without the answer its conversation id is unknown, so it can be neither "
                             "watched nor hung up from here, and no second call was dialled: end it in the user's "
                             "client (or let the far end hang up), then re-run.")
                raise
            if not may_retry:
                raise


def read(client: Any, call: Call) -> dict[str, Any]:
    call.conversation = client.get(f"{CALLS}/{call.conversation_id}")
    return call.conversation


def wait_until_connected(client: Any, call: Call, timeout: float) -> str | None:
    """None once the far end is connected; otherwise why it never was."""
    deadline = time.monotonic() + timeout
    last_state = None
    while True:
        read(client, call)
        far = call.far_end
        state = far.get("state")
        if state != last_state:
            call.note(f"far end {state}")
            last_state = state
        if state == "connected":
            return None
        if state in ENDED:
            return ended_early(far)
        if time.monotonic() >= deadline:
            return f"it was still {state or 'not set up'} after {timeout:.0f}s: nobody answered, or the call is stuck in the site's Edges"
        time.sleep(min(POLL_INTERVAL_S, max(0.0, deadline - time.monotonic())))


def ended_early(far: dict[str, Any]) -> str:
    error = far.get("errorInfo") or {}
    kind = far.get("disconnectType") or "unknown"
    detail = f"{error.get('message') or error.get('code')} ({error.get('code')})" if error else "no error given"
    hint = {"endpoint": "the far end was busy or refused the call", "error": "the platform could not place the call",
            "transport.failure": "the site's Edges or trunk could not reach the far end", "system": "the platform ended it"}
    return f"it ended before connecting: disconnectType {kind} ({hint.get(kind, 'see the error')}), {detail}"


def prove_secure_pause(client: Any, call: Call) -> dict[str, Any]:
    """Pause, read securePause back, resume, read back: the recording is paused only while asked.

    Through PATCH .../calls/{id} {"recordingState": "paused" | "active"}, the way Genesys' own secure-pause add-in
    does it: that PATCH needs conversation:communication:disconnect, which hanging up needs anyway, where
    PUT .../recordingstate would add conversation:recording:pauseOthers."""
    path = f"{CALLS}/{call.conversation_id}"
    client.request("PATCH", path, json={"recordingState": "paused"})
    paused = read(client, call)
    call.note("recording paused", secure_pause=paused.get("securePause"), recording_state=paused.get("recordingState"))
    client.request("PATCH", path, json={"recordingState": "active"})
    resumed = read(client, call)
    call.note("recording resumed", secure_pause=resumed.get("securePause"), recording_state=resumed.get("recordingState"))
    proof = {"paused": paused.get("securePause") is True and str(paused.get("recordingState")).lower() == "paused",
             "resumed": not resumed.get("securePause") and str(resumed.get("recordingState")).lower() == "active"}
    proof["proven"] = proof["paused"] and proof["resumed"]
    return proof


def hang_up(client: Any, call: Call) -> None:
    """Always end the call, even after a failure; the final read records every participant's end state."""
    try:
        client.request("PATCH", f"{CALLS}/{call.conversation_id}", json={"state": "disconnected"})
        call.note("hung up")
    except GenesysCloudError as error:
        call.note("hang-up failed", error=str(error))
    try:
        read(client, call)
    except GenesysCloudError:
        pass


def participants(conversation: dict[str, Any]) -> list[dict[str, Any]]:
    keep = ("purpose", "address", "state", "direction", "disconnectType", "errorInfo", "connectedTime", "endTime")
    return [snake_case({k: p[k] for k in keep if k in p}) for p in conversation.get("participants") or []]


def smoke_test(ctx: Any) -> dict[str, Any]:
    params, client = ctx.params, ctx.client
    options = checked_options(params)
    user = UserDirectory(client, [params["user"]], expand=("conversationSummary",)).require("user", params["user"])
    station = require_station(client, user, params["user"])
    if params["site"]:
        require_live_edge(client, params["site"])
    result: dict[str, Any] = {"changed": False, "user_id": user["id"], "station": station.get("name")}
    if ctx.check_mode:
        return {**result, "verdict": "skipped", "msg": "check mode: the user, station and number check out; no call placed"}
    call = Call(params["number"], ctx.progress)
    body = {"phoneNumber": params["number"], **({"callerId": params["caller_id"]} if params["caller_id"] else {})}
    call.conversation_id = place(client, user, body)
    call.note("placed", conversation_id=call.conversation_id)
    failure, proof = None, None
    try:
        failure = wait_until_connected(client, call, options["connect_timeout"])
        if failure is None:
            time.sleep(options["hold"])
            if params["secure_pause"]:
                proof = prove_secure_pause(client, call)
                if not proof["proven"]:
                    failure = "secure pause did not hold: " + ("the call was not reported paused" if not proof["paused"] else "the recording did not resume")
    finally:
        hang_up(client, call)
    result.update(conversation_id=call.conversation_id, timeline=call.timeline, participants=participants(call.conversation),
                  verdict="failed" if failure else "passed")
    if proof is not None:
        result["secure_pause"] = proof
    if failure:
        raise TaskFailed(f"Smoke call from {params['user']} to {params['number']} failed: {failure}", **result)
    return result
