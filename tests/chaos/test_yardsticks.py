"""The yardsticks the chaos tests judge runs by: blind to ids, timestamps and versions, not to anything else."""

from __future__ import annotations

import copy
from typing import Any

from chaos.harness import converged_projection, duplicates


def org_state(suffix: str) -> dict[str, Any]:
    """A one-site org as admin.state() shows it; `suffix` varies every id and timestamp."""
    ids = {kind: f"{kind}-{suffix}" for kind in ("location", "site", "edge", "user", "station", "policy")}
    stamp = {"dateCreated": f"2026-01-0{suffix}T00:00:00Z", "version": int(suffix)}
    interface = {"id": f"if-{suffix}", "name": "eth0", "hardwareAddress": "00:25:90:00:00:01",
                 "addresses": [{"address": "10.0.0.11/24"}], **stamp}
    org = {
        "features": {"pci": True},
        "locations": [{"id": ids["location"], "name": "HQ", "address": {"city": "Chicago"}, **stamp}],
        "sites": [{"id": ids["site"], "name": "Chicago", "location": ids["location"], "mediaModel": "Premises",
                   "ntpSettings": {"servers": ["10.0.0.1"]}, **stamp}],
        "edges": [{"id": ids["edge"], "name": "chicago-edge-1", "site": ids["site"], "pairingId": "P-1",
                   "in_service": True, "logical_interfaces": [interface], **stamp}],
        "media_retention_policies": [{"id": ids["policy"], "name": "PCI", "enabled": True, "mediaPolicies": {},
                                      **stamp}],
        "users": [{"id": ids["user"], "name": "Agent", "email": "agent@example.com",
                   "presence": {"systemPresence": "OnQueue", "modifiedDate": stamp["dateCreated"]},
                   "routing_status": {"status": "IDLE", "startTime": stamp["dateCreated"]}}],
        "stations": [{"id": ids["station"], "name": "Desk 1", "associated_user": ids["user"], **stamp}],
        "calls": [],
    }
    return {"regions": {"us-east-1": {"orgs": [org]}}}


def org(state: dict[str, Any]) -> dict[str, Any]:
    return state["regions"]["us-east-1"]["orgs"][0]


def test_projection_ignores_ids_timestamps_and_versions():
    assert converged_projection(org_state("1")) == converged_projection(org_state("2"))


def test_projection_sees_every_converged_setting():
    changes = [
        lambda o: o["sites"][0]["ntpSettings"].update(servers=["10.0.0.2"]),
        lambda o: o["edges"][0]["logical_interfaces"][0]["addresses"].clear(),
        lambda o: o["edges"][0].update(in_service=False),
        lambda o: o["stations"][0].update(associated_user=None),
        lambda o: o["users"][0]["routing_status"].update(status="OFF_QUEUE"),
        lambda o: o["media_retention_policies"][0].update(enabled=False),
        lambda o: o["locations"][0].update(name="Elsewhere"),
    ]
    for change in changes:
        state = org_state("1")
        change(org(state))
        assert converged_projection(state) != converged_projection(org_state("1"))


def test_duplicates_counts_each_name_of_each_kind():
    state = org_state("1")
    assert duplicates(state) == {}
    site = org(state)["sites"][0]
    org(state)["sites"].append({**copy.deepcopy(site), "id": "another"})
    edge = org(state)["edges"][0]
    edge["logical_interfaces"].append({**edge["logical_interfaces"][0], "id": "another"})
    assert duplicates(state) == {"us-east-1 sites Chicago": 2, "us-east-1 logical_interfaces chicago-edge-1/eth0": 2}
