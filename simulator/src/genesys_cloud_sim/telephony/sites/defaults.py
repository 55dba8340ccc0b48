"""What every site comes with: its default number plans and its "Default Outbound Route" (read-only for now).

Computed from the site, never stored: ids are derived from the site's id (stable across restarts), dates are the
site's. The plan names are TF's `defaultPlans`; the shapes TF's exporter re-creates are used where TF shows them,
and the rest are guesses (FIDELITY.md, documented guesses).
"""

from __future__ import annotations

import uuid
from typing import Any

from genesys_cloud_sim.core.errors import not_found
from genesys_cloud_sim.core.query import name_pattern

DEFAULT_OUTBOUND_ROUTE = "Default Outbound Route"
# name -> the NumberPlan fields beyond name/classification. Emergency, National, Network and Suicide Prevention are
# TF's exporter shapes (simulator/FIDELITY.md); Extension's and International's match details are not public.
_DEFAULT_PLANS: dict[str, dict[str, Any]] = {
    "Emergency": {"numbers": [{"start": "112"}], "matchType": "numberList"},
    "Extension": {"digitLength": {"start": "3", "end": "6"}, "matchType": "digitLength"},
    "National": {"matchType": "intraCountryCode"},
    "International": {"matchType": "interCountryCode"},
    "Network": {"match": "^([^@\\:]+@)([^@ ]+)?$", "normalizedFormat": "sip:$1$2", "matchType": "regex"},
    "Suicide Prevention": {"match": "^988$", "normalizedFormat": "+18002738255", "matchType": "regex"},
}
_ROUTE_CLASSIFICATIONS = ["National", "International"]  # a guess: the real default's list is not public


def _derived_id(site_id: str, kind: str, name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"genesys-cloud-sim/site/{site_id}/{kind}/{name}"))


def _common(site_wire: dict[str, Any], entity_id: str, name: str) -> dict[str, Any]:
    return {"id": entity_id, "name": name, "version": 1, "dateCreated": site_wire["dateCreated"],
            "dateModified": site_wire["dateCreated"], "state": "active"}


def number_plans(site_wire: dict[str, Any]) -> list[dict[str, Any]]:
    """list[NumberPlan], in TF's order; `priority` is the position (a guess)."""
    plans = []
    for priority, (name, shape) in enumerate(_DEFAULT_PLANS.items()):
        plan_id = _derived_id(site_wire["id"], "numberplans", name)
        plans.append({**_common(site_wire, plan_id, name), **{k: v for k, v in shape.items() if k != "matchType"},
                      "priority": priority, "classification": name, "matchType": shape["matchType"],
                      "selfUri": f"{site_wire['selfUri']}/numberplans/{plan_id}"})
    return plans


def number_plan(site_wire: dict[str, Any], plan_id: str) -> dict[str, Any]:
    found = next((plan for plan in number_plans(site_wire) if plan["id"] == plan_id), None)
    if found is None:
        raise not_found("number plan", plan_id)
    return found


def outbound_routes(site_wire: dict[str, Any], name: str | None) -> list[dict[str, Any]]:
    """OutboundRouteBase entities: the site's default route; `name` filters like the site name filter."""
    route_id = _derived_id(site_wire["id"], "outboundroutes", DEFAULT_OUTBOUND_ROUTE)
    route = {**_common(site_wire, route_id, DEFAULT_OUTBOUND_ROUTE), "classificationTypes": list(_ROUTE_CLASSIFICATIONS),
             "enabled": True, "distribution": "SEQUENTIAL", "externalTrunkBases": [],
             "selfUri": f"{site_wire['selfUri']}/outboundroutes/{route_id}"}
    return [route] if name is None or name_pattern(name).fullmatch(DEFAULT_OUTBOUND_ROUTE) else []


def outbound_route(site_wire: dict[str, Any], route_id: str) -> dict[str, Any]:
    found = next((route for route in outbound_routes(site_wire, None) if route["id"] == route_id), None)
    if found is None:
        raise not_found("outbound route", route_id)
    return found
