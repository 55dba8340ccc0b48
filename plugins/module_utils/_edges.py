# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The work of the edge module: a list of hardware Edges brought to their state in one run.

Order: check every declaration locally; read each site and its Edges once; plan every Edge (refusing conflicts
before any write); write; wait for all of them at once; set service state; then check each declared interface
against the appliance's NICs and write the logical interfaces only when every declaration fits.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import merged, snake_case
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edge_status import (
    EDGES, PAIRED, UNPAIRED, EdgeWatcher, Watched, timeout_message,
)
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._interfaces import (
    Declared, desired_interface, interface_changes, match_nic, parse_interfaces, same_adapter,
)
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import live, only_match, require_site
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import TaskFailed
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import (
    ValidationError, object_name, pairing_id, positive_duration,
)

EDGE_GROUPS = f"{EDGES}/edgegroups"
# Edge ids in one interfaces read: its URL stays under 2 KB (the API documents no limit; see simulator/FIDELITY.md).
EDGE_IDS_PER_READ = 50


@dataclass
class EdgeSpec:
    """One Edge as declared, checked locally."""

    field: str
    name: str
    site: str
    pairing_id: str | None
    description: str | None
    edge_group: str | None
    state: str
    in_service: bool | None
    interfaces: list[Declared]


@dataclass
class EdgePlan:
    """What one run does to one Edge, and what it saw."""

    spec: EdgeSpec
    site: dict[str, Any]
    current: dict[str, Any] | None
    action: str = "none"  # create, update, delete, unpair, none
    body: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)
    service: str | None = None  # "in" / "out" when the service state is to change
    interfaces: list[dict[str, Any]] = field(default_factory=list)
    watched: Watched | None = None

    @property
    def edge(self) -> dict[str, Any]:
        return (self.watched.edge if self.watched and self.watched.edge else self.current) or {}

    @property
    def changed(self) -> bool:
        return self.action != "none" or self.service is not None or any(i["action"] != "none" for i in self.interfaces)


def parse_specs(params: dict[str, Any]) -> list[EdgeSpec]:
    specs = []
    for index, item in enumerate(params["edges"]):
        where = f"edges[{index}]"
        site = item.get("site") or params["site"]
        if not site:
            raise ValidationError(f"{where}.site", None, "is required; set site for the task or for this Edge")
        state = item.get("state") or params["state"]
        if state == "present" and not item.get("pairing_id"):
            raise ValidationError(f"{where}.pairing_id", None, "is required for a present Edge; copy it from the appliance's display")
        specs.append(EdgeSpec(
            field=where, name=object_name(f"{where}.name", item["name"]), site=object_name(f"{where}.site", site),
            pairing_id=pairing_id(f"{where}.pairing_id", item["pairing_id"]) if item.get("pairing_id") else None,
            description=item.get("description"), edge_group=item.get("edge_group"), state=state,
            in_service=item["in_service"] if item.get("in_service") is not None else params["in_service"],
            interfaces=parse_interfaces(f"{where}.interfaces", item.get("interfaces")),
        ))
    _refuse_duplicates(specs, lambda s: s.name.lower(), "name", "an Edge name is unique in the org, across its sites")
    _refuse_duplicates([s for s in specs if s.pairing_id], lambda s: s.pairing_id, "pairing_id", "one appliance pairs with one Edge")
    return specs


def _refuse_duplicates(specs: list[EdgeSpec], key: Any, option: str, rule: str) -> None:
    seen: dict[Any, str] = {}
    for spec in specs:
        if key(spec) in seen:
            raise ValidationError(f"{spec.field}.{option}", getattr(spec, option), f"is also given by {seen[key(spec)]}; {rule}")
        seen[key(spec)] = spec.field


def plan_edge(spec: EdgeSpec, site: dict[str, Any], current: dict[str, Any] | None,
              groups: dict[str, dict[str, Any]]) -> EdgePlan:
    plan = EdgePlan(spec, site, current)
    status = (current or {}).get("statusCode")
    if spec.state == "absent":
        plan.action = "delete" if current else "none"
        return plan
    if spec.state == "unpaired":
        plan.action = "unpair" if current and status not in UNPAIRED else "none"
        return plan
    group_id = groups[spec.edge_group.lower()]["id"] if spec.edge_group else None
    if current is None:
        plan.action = "create"
        plan.body = {"name": spec.name, "site": {"id": site["id"]}, "edgeDeploymentType": "HARDWARE",
                     "pairingId": spec.pairing_id}
        plan.body.update({"description": spec.description} if spec.description is not None else {})
        plan.body.update({"edgeGroup": {"id": group_id}} if group_id else {})
        return plan
    if (current.get("pairingId") or "").upper() != spec.pairing_id:
        raise ValidationError(f"{spec.field}.pairing_id", spec.pairing_id,
                              f"differs from the pairing id {current.get('pairingId')!r} Edge {spec.name!r} was created "
                              "with; to pair another appliance, remove this Edge first (state: absent)")
    if spec.description is not None and current.get("description") != spec.description:
        plan.changes["description"] = spec.description
    if group_id and (current.get("edgeGroup") or {}).get("id") != group_id:
        plan.changes["edgeGroup"] = {"id": group_id}
    plan.action = "update" if plan.changes else "none"
    return plan


def converge_edges(ctx: Any) -> dict[str, Any]:
    params, client = ctx.params, ctx.client
    timeout = positive_duration("wait_timeout", params["wait_timeout"])
    specs = parse_specs(params)
    sites = {name.lower(): require_site(client, "site", name) for name in {s.site for s in specs}}
    groups = {name.lower(): _require_edge_group(client, name) for name in {s.edge_group for s in specs if s.edge_group}}
    # A site this check-mode run would create has no id and no Edges yet.
    current = {key: live(client.get_all(EDGES, {"site.id": site["id"]})) if site["id"] else [] for key, site in sites.items()}
    plans = [plan_edge(spec, sites[spec.site.lower()], only_match(current[spec.site.lower()], spec.name, "Edge"), groups)
             for spec in specs]
    if not ctx.check_mode:
        for plan in plans:
            _write_edge(client, plan)
    watcher = EdgeWatcher(client, ctx.progress, timeout)
    if params["wait"] and not ctx.check_mode:
        _wait(watcher, plans, "paired, ONLINE (or unpaired, as declared)", timeout, ctx.diff)
    _set_service(client, plans, ctx.check_mode)
    if params["wait"] and not ctx.check_mode and any(p.service for p in plans):
        _wait(watcher, [p for p in plans if p.service], "in the declared service state", timeout, ctx.diff)
    _converge_interfaces(client, plans, ctx.check_mode, ctx.diff)
    return _result(plans, ctx.diff, watcher.polls)


def _require_edge_group(client: Any, name: str) -> dict[str, Any]:
    group = only_match(client.get_all(EDGE_GROUPS, {"name": name}), name, "Edge group")
    if group is None:
        raise ValidationError("edge_group", name, "is not an Edge group of this org; create it in Admin > Telephony first")
    return group


def _write_edge(client: Any, plan: EdgePlan) -> None:
    spec, site_id = plan.spec, plan.site["id"]
    if plan.action == "create":
        plan.current = client.create(EDGES, plan.body, find_existing=lambda: only_match(
            live(client.get_all(EDGES, {"site.id": site_id})), spec.name, "Edge"))
    elif plan.action == "update":
        path = f"{EDGES}/{plan.current['id']}"
        plan.current = client.update("PUT", path, merged(plan.current, plan.changes), confirm=lambda: None,
                                     rebase=lambda: merged(client.get(path), plan.changes))
    elif plan.action == "unpair":
        client.request("POST", f"{EDGES}/{plan.current['id']}/unpair")
    elif plan.action == "delete":
        client.delete(f"{EDGES}/{plan.current['id']}")


def _done(spec: EdgeSpec) -> Any:
    if spec.state == "unpaired":
        return lambda edge: edge.get("statusCode") == "UNPAIRED"
    return lambda edge: edge.get("statusCode") in PAIRED and edge.get("onlineStatus") == "ONLINE"


def _wait(watcher: EdgeWatcher, plans: list[EdgePlan], goal: str, timeout: float, diff: bool) -> None:
    waiting = [p for p in plans if p.spec.state != "absent" and p.current is not None]
    for plan in waiting:
        if plan.watched is None:
            plan.watched = Watched(plan.spec.name, plan.site["id"], plan.site["name"], _done(plan.spec))
        elif plan.service:
            target = "ACTIVE" if plan.service == "in" else "INACTIVE"
            plan.watched.done = lambda edge, target=target: edge.get("statusCode") == target
    pending = watcher.wait([p.watched for p in waiting])
    if pending:
        raise TaskFailed(timeout_message(pending, len(waiting), timeout, goal), **_result(plans, diff, watcher.polls))


def _set_service(client: Any, plans: list[EdgePlan], check_mode: bool) -> None:
    for plan in plans:
        status, wanted = plan.edge.get("statusCode"), plan.spec.in_service
        if plan.spec.state != "present" or wanted is None or status not in PAIRED:
            continue
        if (status == "ACTIVE") != wanted:
            plan.service = "in" if wanted else "out"
            if not check_mode:
                client.request("POST", f"{EDGES}/{plan.edge['id']}/statuscode", json={"inService": wanted})


def _converge_interfaces(client: Any, plans: list[EdgePlan], check_mode: bool, diff: bool) -> None:
    """Check every declaration of every paired Edge first; write only when all of them fit their appliance."""
    ready = [p for p in plans if p.spec.interfaces and p.spec.state == "present" and p.edge.get("statusCode") in PAIRED]
    for plan in plans:
        if plan.spec.interfaces and plan not in ready:
            plan.interfaces = [{"adapter": d.adapter, "action": "pending", "reason": "the Edge is not paired yet"}
                               for d in plan.spec.interfaces]
    if not ready:
        return
    ids = [p.edge["id"] for p in ready]
    nics = _interfaces(client, "physicalinterfaces", ids)
    logical = _interfaces(client, "logicalinterfaces", ids)
    problems, work = [], []
    for plan in ready:
        for declared in plan.spec.interfaces:
            nic, mismatches = match_nic(plan.spec.name, declared, nics.get(plan.edge["id"], []))
            problems += mismatches
            if nic is not None:
                work.append((plan, declared, desired_interface(declared, nic)))
    if problems:
        raise TaskFailed("The declared interfaces do not match the appliances' NICs; nothing was written. "
                         + " | ".join(problems), mismatches=problems, **_result(plans, diff, 0))
    for plan, declared, desired in work:
        edge_id = plan.edge["id"]
        current = next((i for i in logical.get(edge_id, []) if same_adapter(desired, i)), None)
        changes = desired if current is None else interface_changes(desired, current)
        entry = {"adapter": declared.adapter, "name": desired["name"],
                 "action": "none" if not changes else "create" if current is None else "update"}
        if diff and changes:
            entry["before"], entry["after"] = snake_case({k: (current or {}).get(k) for k in changes}), snake_case(changes)
        if changes and not check_mode:
            path = f"{EDGES}/{edge_id}/logicalinterfaces"
            if current is None:
                client.create(path, desired, find_existing=lambda: _interface_of(client, edge_id, desired))
            else:
                client.request("PUT", f"{path}/{current['id']}", json=merged(current, changes))
        plan.interfaces.append(entry)


def _interface_of(client: Any, edge_id: str, desired: dict[str, Any]) -> dict[str, Any] | None:
    """The Edge's logical interface on the desired adapter, if a create whose answer was lost made it."""
    listing = _by_edge(client.get(f"{EDGES}/logicalinterfaces", {"edgeIds": edge_id}))
    return next((i for i in listing.get(edge_id, []) if same_adapter(desired, i)), None)


def _interfaces(client: Any, kind: str, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The physical or logical interfaces of these Edges, by Edge id: from the region's read when it holds them."""
    path = f"{EDGES}/{kind}"
    region = client.recall(path)
    if region is None or not set(ids) <= region[0]:
        return _read_interfaces(client, path, ids)
    held = {i: copy.deepcopy(region[1].get(i, [])) for i in ids}
    if kind == "physicalinterfaces":
        # An appliance reports its NICs once it pairs: the region's read may predate that (another run pairing it
        # meanwhile), so an Edge that had none then is read again rather than judged to have none.
        unreported = [i for i, nics in held.items() if not nics]
        held.update(_read_interfaces(client, path, unreported) if unreported else {})
    return held


def read_region_interfaces(client: Any, kind: str) -> None:
    """The physical or logical interfaces of every Edge of the region (in reads of EDGE_IDS_PER_READ Edges), for
    all the sites that share the client, read before any of them asks."""
    path = f"{EDGES}/{kind}"
    region = sorted(e["id"] for e in live(client.share(EDGES)))
    client.remember(path, lambda: (frozenset(region), _read_interfaces(client, path, region)))


def _read_interfaces(client: Any, path: str, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), EDGE_IDS_PER_READ):
        for edge_id, items in _by_edge(client.get(path, {"edgeIds": ",".join(ids[start:start + EDGE_IDS_PER_READ])})).items():
            grouped.setdefault(edge_id, []).extend(items)
    return grouped


def _by_edge(listing: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Batch-read interfaces grouped by the id at the end of their edgeUri."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in listing.get("entities") or []:
        grouped.setdefault((item.get("edgeUri") or "").rstrip("/").rsplit("/", 1)[-1], []).append(item)
    return grouped


def _summary(plan: EdgePlan) -> dict[str, Any]:
    edge = plan.edge
    summary = {
        "name": plan.spec.name, "site": plan.site["name"], "id": edge.get("id"), "action": plan.action,
        "changed": plan.changed, "status_code": edge.get("statusCode"), "online_status": edge.get("onlineStatus"),
        "pairing_id": edge.get("pairingId") or plan.spec.pairing_id, "serial_number": edge.get("serialNumber"),
        "software_version": edge.get("softwareVersion"), "interfaces": plan.interfaces,
        "transitions": plan.watched.transitions if plan.watched else [],
    }
    if plan.service:
        summary["service"] = plan.service
    return summary


def _result(plans: list[EdgePlan], diff: bool, polls: int) -> dict[str, Any]:
    result: dict[str, Any] = {"changed": any(p.changed for p in plans), "edges": [_summary(p) for p in plans], "polls": polls}
    if diff:
        before, after = {}, {}
        for plan in plans:
            if plan.action == "create":
                before[plan.spec.name], after[plan.spec.name] = {"state": "absent"}, snake_case(plan.body)
            elif plan.action == "delete":
                before[plan.spec.name], after[plan.spec.name] = {"state": "present"}, {"state": "absent"}
            elif plan.action == "unpair":
                before[plan.spec.name] = {"status_code": (plan.current or {}).get("statusCode")}
                after[plan.spec.name] = {"status_code": "UNPAIRED"}
            elif plan.action == "update":
                before[plan.spec.name] = snake_case({k: (plan.current or {}).get(k) for k in plan.changes})
                after[plan.spec.name] = snake_case(plan.changes)
            if plan.service:
                before.setdefault(plan.spec.name, {})["in_service"] = plan.service == "out"
                after.setdefault(plan.spec.name, {})["in_service"] = plan.service == "in"
            changed_interfaces = [i for i in plan.interfaces if "after" in i]
            if changed_interfaces:
                before.setdefault(plan.spec.name, {})["interfaces"] = [{i["adapter"]: i["before"]} for i in changed_interfaces]
                after.setdefault(plan.spec.name, {})["interfaces"] = [{i["adapter"]: i["after"]} for i in changed_interfaces]
        result["diff"] = {"before": before, "after": after}
    return result
