# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The work of agent_readiness: many agents made ready at once, within the org's rate limits.

Everything is resolved first (one user search that also brings each agent's current station, presence and routing
status; one listing each of stations and presence definitions); then each agent is handled by a small pool of
workers whose first writes start a little apart (jitter), so thirty agents do not hit the API in the same second
(agents that are ready already wait for nothing). The client
waits out 429s (Retry-After) itself; every write here is idempotent, so a retry is safe.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import only_match
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import TaskFailed
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._retry import Backoff
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._users import STATIONS, USERS, UserDirectory
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError

PRESENCE_DEFINITIONS = "/api/v2/presence/definitions"
ROUTING_STATUSES = ["OFF_QUEUE", "IDLE"]  # the ones a client sets; the others are the platform's to set
ON_QUEUE = "OnQueue"
ASSOCIATION_TRIES = 10  # as the TF provider (util.RetryWhen: 10 attempts)
SYSTEM_PRESENCES = ["Available", "Away", "Busy", "Offline", "Idle", "OnQueue", "Meal", "Training", "Meeting", "Break"]


@dataclass
class AgentPlan:
    """One agent, resolved: who, which station, which routing status and presence are wanted.

    `presence` is the presence to set; `off_queue` the presence (Available) that takes an OnQueue agent off queue
    when only routing_status OFF_QUEUE was asked for."""

    field: str
    label: str
    user: dict[str, Any]
    station: dict[str, Any] | None
    routing_status: str | None
    presence: dict[str, Any] | None
    off_queue: dict[str, Any] | None = None


def wanted_presence(where: str, presence: str | None, routing_status: str | None) -> str | None:
    """The presence an agent needs: going on queue is the OnQueue presence (a routing status cannot do it), so
    IDLE implies OnQueue, and a presence that contradicts the routing status is refused before any request."""
    if routing_status == "IDLE" and presence not in (None, ON_QUEUE):
        raise ValidationError(f"{where}.presence", presence,
                              "cannot go with routing_status IDLE: an agent is on queue (IDLE) only with the OnQueue presence")
    if routing_status == "OFF_QUEUE" and presence == ON_QUEUE:
        raise ValidationError(f"{where}.presence", presence,
                              "cannot go with routing_status OFF_QUEUE: the OnQueue presence puts the agent on queue")
    return ON_QUEUE if routing_status == "IDLE" else presence


def plan_agents(client: Any, params: dict[str, Any]) -> list[AgentPlan]:
    """Check and resolve every agent before any write; the first problem fails the task naming the entry."""
    wanted = [(f"agents[{index}]", agent, agent.get("routing_status") or params["routing_status"])
              for index, agent in enumerate(params["agents"])]
    presence_names = [wanted_presence(where, agent.get("presence") or params["presence"], routing)
                      for where, agent, routing in wanted]
    directory = UserDirectory(client, [a["user"] for a in params["agents"]])
    stations = client.get_all(STATIONS) if any(a.get("station") or a.get("webrtc_phone") for a in params["agents"]) else []
    presences = _presence_definitions(client) if any(presence_names) or any(routing for _where, _agent, routing in wanted) else {}
    plans, seen = [], {}
    for (where, agent, routing), presence_name in zip(wanted, presence_names):
        if agent.get("station") and agent.get("webrtc_phone"):
            raise ValidationError(f"{where}.station", agent["station"], "and webrtc_phone are exclusive; give one")
        user = directory.require(f"{where}.user", agent["user"])
        if user["id"] in seen:
            raise ValidationError(f"{where}.user", agent["user"], f"is the same user as {seen[user['id']]}; list each agent once")
        seen[user["id"]] = where
        plans.append(AgentPlan(
            field=where, label=agent["user"], user=user,
            station=_station_for(where, agent, user, stations),
            routing_status=routing,
            presence=presences[presence_name.casefold()] if presence_name else None,
            off_queue=presences["available"] if routing == "OFF_QUEUE" and not presence_name else None,
        ))
    return plans


def _presence_definitions(client: Any) -> dict[str, dict[str, Any]]:
    """System presences by name (OnQueue, Available, ...); the org's own definitions cannot shadow them."""
    definitions = client.get_all(PRESENCE_DEFINITIONS)
    found = {d["systemPresence"].casefold(): d for d in definitions if d.get("type", "System") == "System" and d.get("systemPresence")}
    missing = [name for name in SYSTEM_PRESENCES if name.casefold() not in found]
    if missing:
        raise GenesysCloudError(f"the org has no system presence definitions for {', '.join(missing)}",
                                method="GET", path=PRESENCE_DEFINITIONS)
    return found


def _station_for(where: str, agent: dict[str, Any], user: dict[str, Any], stations: list[dict[str, Any]]) -> dict[str, Any] | None:
    if agent.get("station"):
        station = only_match(stations, agent["station"], "station")
        if station is None:
            raise ValidationError(f"{where}.station", agent["station"], "is not a station of this org; check its name in Admin > Telephony > Stations")
        return station
    if agent.get("webrtc_phone"):
        station = next((s for s in stations if s.get("webRtcUserId") == user["id"]), None)
        if station is None:
            raise ValidationError(f"{where}.webrtc_phone", True, f"but {agent['user']} has no WebRTC phone; create one for the user first")
        return station
    return None


def make_ready(client: Any, plan: AgentPlan, check_mode: bool, jitter: float = 0.0) -> dict[str, Any]:
    """Associate the station, set the presence, then the routing status if it still differs.

    The presence decides the queue: OnQueue makes an off-queue agent IDLE, any other presence OFF_QUEUE (evidence
    in simulator/FIDELITY.md), so after a presence write the routing status is known without reading it, and a
    routing-status write is left for what the presence does not settle: an OnQueue agent who is NOT_RESPONDING or
    was put OFF_QUEUE goes back to IDLE. Before its first write an agent waits up to `jitter` seconds, so many
    agents do not write in the same second; an agent that is ready already waits for nothing."""
    user_path = f"{USERS}/{plan.user['id']}"
    result: dict[str, Any] = {"user": plan.label, "id": plan.user["id"], "changed": False, "changes": {}}
    paced = [False]

    def write(method: str, path: str, body: Any = None) -> None:
        if not paced[0]:
            paced[0] = True
            time.sleep(random.uniform(0, jitter))  # nosec B311 - spreading load, not security
        client.request(method, path, json=body)

    if plan.station:
        current = (expanded(client, plan.user, "station", f"{user_path}/station").get("associatedStation") or {})
        if current.get("id") != plan.station["id"]:
            result["changes"]["station"] = {"before": current.get("name"), "after": plan.station["name"]}
            if not check_mode:
                associate(client, plan, lambda: write("PUT", f"{user_path}/station/associatedstation/{plan.station['id']}"))
        result["station"] = plan.station["name"]
    presence = plan.presence or plan.off_queue
    if presence:
        current = (expanded(client, plan.user, "presence", f"{user_path}/presences/purecloud").get("presenceDefinition") or {})
        if plan.off_queue and current.get("systemPresence") != ON_QUEUE:
            presence = None  # off queue already: the agent keeps the presence they have
        elif current.get("id") != presence["id"]:
            result["changes"]["presence"] = {"before": current.get("systemPresence"), "after": presence["systemPresence"]}
            if not check_mode:
                write("PATCH", f"{user_path}/presences/purecloud", {"presenceDefinition": {"id": presence["id"]}})
            plan.user["routingStatus"] = {"status": "IDLE" if presence["systemPresence"] == ON_QUEUE else "OFF_QUEUE"}
        if plan.presence:
            result["presence"] = plan.presence["systemPresence"]
    if plan.routing_status:
        current = expanded(client, plan.user, "routingStatus", f"{user_path}/routingstatus").get("status")
        if current != plan.routing_status:
            result["changes"]["routing_status"] = {"before": current, "after": plan.routing_status}
            if not check_mode:
                write("PUT", f"{user_path}/routingstatus", {"status": plan.routing_status})
        result["routing_status"] = plan.routing_status
    result["changed"] = bool(result["changes"])
    return result


def associate(client: Any, plan: AgentPlan, put: Any) -> None:
    """Associate the station; a 409 (or 400) here is the platform's eventual-consistency race (TF issue #1461:
    "The version number of the modified resource must match ..."): re-read the user's station and, unless it is
    associated now, try again, within ASSOCIATION_TRIES and the client's retry budget."""
    backoff = None
    for attempt in range(1, ASSOCIATION_TRIES + 1):
        try:
            put()
            return
        except GenesysCloudError as error:
            if error.status not in (400, 409) or attempt == ASSOCIATION_TRIES:
                raise
            backoff = backoff or Backoff(client.retry_budget, base=0.2, cap=3.0)
            if not client.wait_to_retry(backoff):
                raise
        current = client.get(f"{USERS}/{plan.user['id']}/station").get("associatedStation") or {}
        if current.get("id") == plan.station["id"]:
            return


def expanded(client: Any, user: dict[str, Any], field: str, path: str) -> dict[str, Any]:
    """The user's station, presence or routing status as the search expanded it; read alone if it did not."""
    if field in user:
        return user[field] or {}
    return client.get(path) or {}


def ready_all(client: Any, plans: list[AgentPlan], check_mode: bool, concurrency: int, jitter: float) -> list[dict[str, Any]]:
    """Every agent attempted, each result in the order given; one agent's failure does not stop the others."""
    def one(plan: AgentPlan) -> dict[str, Any]:
        try:
            return make_ready(client, plan, check_mode, jitter)
        except GenesysCloudError as error:
            return {"user": plan.label, "id": plan.user["id"], "changed": False, "failed": True, "msg": str(error)}

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(one, plans))


def converge_agents(ctx: Any) -> dict[str, Any]:
    params = ctx.params
    if not 1 <= params["concurrency"] <= 10:
        raise ValidationError("concurrency", params["concurrency"], "must be 1 to 10 (each worker's writes count against the org's rate limit)")
    if params["jitter"] < 0:
        raise ValidationError("jitter", params["jitter"], "must be 0 or more seconds")
    plans = plan_agents(ctx.client, params)
    agents = ready_all(ctx.client, plans, ctx.check_mode, params["concurrency"], params["jitter"])
    result: dict[str, Any] = {"changed": any(a["changed"] for a in agents), "agents": agents}
    if ctx.diff:
        result["diff"] = {"before": {a["user"]: {k: v["before"] for k, v in a["changes"].items()} for a in agents if a.get("changes")},
                          "after": {a["user"]: {k: v["after"] for k, v in a["changes"].items()} for a in agents if a.get("changes")}}
    failed = [a for a in agents if a.get("failed")]
    if failed:
        raise TaskFailed(f"{len(failed)} of {len(agents)} agent(s) could not be made ready: "
                         + "; ".join(f"{a['user']}: {a['msg']}" for a in failed), **result)
    return result
