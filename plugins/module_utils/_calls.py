# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The work of call_smoke_test: one outbound call placed, watched, optionally securely paused, and always hung up.

A smoke test proves a site works: the call egresses through the user's station and the site's Edges. It changes
nothing that lasts, so it reports changed: false; in check mode it resolves and checks everything but dials nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import snake_case
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edge_status import EDGES
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import live, require_site
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import TaskFailed
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._preflight import grants_of
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._retry import Backoff
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._token_cache import default_cache_dir
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._users import USERS, UserDirectory
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError, dial_target, e164, positive_duration

CALLS = "/api/v2/conversations/calls"
ENDED = frozenset({"disconnected", "terminated"})
HANG_UP_PERMISSION = "conversation:communication:disconnect"
# On the far end's participant (CreateCallRequest.attributes): the call is a smoke test of this collection.
SMOKE_ATTRIBUTE = {"cxopsSmokeTest": "true"}
MAX_JOURNAL_BYTES = 1024 * 1024
POLL_INTERVAL_S = 0.5
STATE_SETTLES_S = 5.0  # how long a change just made may take to show in a read (the simulator's lag mode: 0.5 s)


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


def read_until(client: Any, call: Call, shows: Any, timeout: float = STATE_SETTLES_S) -> dict[str, Any]:
    """The conversation once it shows a change just made: a read right after a write may still show the state before
    it (Genesys Cloud is eventually consistent). Answers the last read when the change never showed."""
    deadline = time.monotonic() + timeout
    while not shows(read(client, call)) and time.monotonic() < deadline:
        time.sleep(POLL_INTERVAL_S / 2)
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
    paused = read_until(client, call, lambda c: c.get("securePause") is True)
    call.note("recording paused", secure_pause=paused.get("securePause"), recording_state=paused.get("recordingState"))
    client.request("PATCH", path, json={"recordingState": "active"})
    resumed = read_until(client, call, lambda c: not c.get("securePause"))
    call.note("recording resumed", secure_pause=resumed.get("securePause"), recording_state=resumed.get("recordingState"))
    proof = {"paused": paused.get("securePause") is True and str(paused.get("recordingState")).lower() == "paused",
             "resumed": not resumed.get("securePause") and str(resumed.get("recordingState")).lower() == "active"}
    proof["proven"] = proof["paused"] and proof["resumed"]
    return proof


def ended(conversation: dict[str, Any]) -> bool:
    return all(p.get("state") in ENDED for p in conversation.get("participants") or [{}])


def hang_up(client: Any, call: Call) -> str:
    """Always end the call, even after a failure; the final read records every participant's end state. Answers
    why the call may still be up ('' once it is known to be over: hung up, or ended by the far end)."""
    refused = ""
    try:
        client.request("PATCH", f"{CALLS}/{call.conversation_id}", json={"state": "disconnected"})
        call.note("hung up")
    except GenesysCloudError as error:
        refused = str(error)
    try:
        read(client, call)
    except GenesysCloudError as error:
        return refused or f"it could not be read back after the hang-up ({error})"
    if refused and not ended(call.conversation):
        call.note("hang-up failed", error=refused)
        return refused
    return ""


class CallJournal:
    """The smoke calls placed and not yet known to be over, on the controller's disk beside the token cache: a run
    killed, or refused the hang-up, between placing a call and ending it leaves the call's id here, and the next
    run ends it before placing its own. No endpoint lists a client-credentials client's calls, so this is the only
    way back to them; each call also carries the attribute SMOKE_ATTRIBUTE, for an operator to find it."""

    _lock = threading.Lock()  # the smoke stage runs a region's sites in threads

    def __init__(self, client: Any):
        # Beside the token cache, not in it: the cache holds tokens only.
        directory = Path(str(getattr(client, "token_cache_dir", "") or default_cache_dir()).rstrip("/") + ".calls")
        self.path = directory / (hashlib.sha256(client.api_base_url.encode()).hexdigest()[:32] + ".json")

    def _entries(self) -> list[dict[str, Any]]:
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8")[:MAX_JOURNAL_BYTES])
        except (OSError, ValueError):
            return []
        return [e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)] if isinstance(entries, list) else []

    def _write(self, entries: list[dict[str, Any]]) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
                json.dump(entries, out)
            os.replace(temporary, self.path)
        except OSError:
            pass  # without a journal a killed run's call is left to its far end, as before

    def ids(self) -> list[str]:
        return [e["id"] for e in self._entries()]

    def add(self, conversation_id: str) -> None:
        with self._lock:
            self._write([*self._entries(), {"id": conversation_id, "pid": os.getpid()}])

    def remove(self, conversation_id: str) -> None:
        with self._lock:
            self._write([e for e in self._entries() if e["id"] != conversation_id])

    def end_left_calls(self, client: Any) -> list[str]:
        """End every call left up by a run that is over (its process gone); answers the ids of those that were still
        up. A live process's calls (this run's other sites, a concurrent job) are its own to end."""
        with self._lock:
            left = [e["id"] for e in self._entries() if not _alive(e.get("pid"))]
        still_up = []
        for conversation_id in left:
            conversation = client.get_or_none(f"{CALLS}/{conversation_id}")
            if conversation and not ended(conversation):
                client.request("PATCH", f"{CALLS}/{conversation_id}", json={"state": "disconnected"})
                still_up.append(conversation_id)
            self.remove(conversation_id)
        return still_up


def _alive(pid: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
    may_hang_up(client)
    if ctx.check_mode:
        return {**result, "verdict": "skipped", "msg": "check mode: the user, station and number check out; no call placed"}
    journal = CallJournal(client)
    ended_left = journal.end_left_calls(client)
    if ended_left:
        ctx.progress(f"ended {len(ended_left)} smoke call(s) an earlier run left up: {', '.join(ended_left)}")
        result["ended_left_calls"] = ended_left
    call = Call(params["number"], ctx.progress)
    body = {"phoneNumber": params["number"], "attributes": SMOKE_ATTRIBUTE,
            **({"callerId": params["caller_id"]} if params["caller_id"] else {})}
    call.conversation_id = place(client, user, body)
    journal.add(call.conversation_id)
    call.note("placed", conversation_id=call.conversation_id)
    failure, proof, still_up = None, None, ""
    try:
        failure = wait_until_connected(client, call, options["connect_timeout"])
        if failure is None:
            time.sleep(options["hold"])
            if params["secure_pause"]:
                proof = prove_secure_pause(client, call)
                if not proof["proven"]:
                    failure = "secure pause did not hold: " + ("the call was not reported paused" if not proof["paused"] else "the recording did not resume")
    finally:
        still_up = hang_up(client, call)
        if not still_up:
            journal.remove(call.conversation_id)
    if still_up:
        failure = (f"{failure + '; and ' if failure else ''}the call {call.conversation_id} could not be hung up "
                   f"({still_up}), so it may still be up: the next run ends it first, or end it in Genesys Cloud")
    result.update(conversation_id=call.conversation_id, timeline=call.timeline, participants=participants(call.conversation),
                  verdict="failed" if failure else "passed")
    if proof is not None:
        result["secure_pause"] = proof
    if failure:
        raise TaskFailed(f"Smoke call from {params['user']} to {params['number']} failed: {failure}", **result)
    return result


def may_hang_up(client: Any) -> None:
    """Refuse to place a call the client could not end: checked against its own grants, where it may read them."""
    grants = client.remember(("grants",), lambda: grants_of(client))
    if grants is not None and not grants.allows(HANG_UP_PERMISSION):
        raise ValidationError("user", grants.client_id,
                              f"is the OAuth client, which lacks {HANG_UP_PERMISSION}: it could place the call but not "
                              "end it, so no call is placed; grant the permission to the client's role")
