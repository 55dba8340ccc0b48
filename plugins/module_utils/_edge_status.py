# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Edge pairing states, what each means in the field, and waiting for many Edges at once.

Waiting reads one listing per site per poll (never one request per Edge), with growing intervals, and reports
every status change as it is seen, so a twenty-minute pairing is watched rather than endured.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import live

EDGES = "/api/v2/telephony/providers/edges"
PAIRED = frozenset({"ACTIVE", "INACTIVE"})
UNPAIRED = frozenset({"UNPAIRING", "UNPAIRED"})

MEANINGS = {
    "NEW": "the Edge record exists but the appliance has not called in; check it is powered on and shows this "
           "pairing id",
    "AWAITING_CONNECTION": "the appliance has not reached Genesys Cloud on TCP 443; check its WAN link, DNS, "
                           "proxy and firewall, and that the pairing id matches the one on its display",
    "AWAITING_FINGERPRINT": "the appliance connected but has not sent its certificate fingerprint; check for a "
                            "TLS-intercepting proxy and the appliance's clock (NTP)",
    "AWAITING_FINGERPRINT_VERIFICATION": "pairing waits for a person to compare the fingerprint on the "
                                         "appliance's display with the one in Admin > Telephony > Edges and "
                                         "confirm it; no API does this step",
    "FINGERPRINT_VERIFIED": "the fingerprint is confirmed and the appliance is about to fetch its configuration",
    "AWAITING_BOOTSTRAP": "the appliance is downloading its configuration and software; a slow WAN link makes "
                          "this long, so allow a longer wait_timeout",
    "INITIALIZING": "the appliance's services are starting, which can take several minutes after a software "
                    "update",
    "ACTIVE": "paired and in service",
    "INACTIVE": "paired but out of service (in_service: false)",
    "RMA": "the appliance is marked for return (RMA); pair its replacement under a new pairing id",
    "UNPAIRING": "the Edge is being unpaired",
    "UNPAIRED": "the Edge is unpaired; the appliance can be paired again",
}
OFFLINE_MEANING = "the appliance paired but is not connected now; check its power and WAN link"
GONE_MEANING = ("its record disappeared while it was waited on (deleted, or lost): find out who removes it, then "
                "re-run to create it again")
# Polls in a row an Edge may be missing from its site's listing before it counts as gone: a record made a moment
# ago may not show in a listing yet (listings lag writes).
MISSING_POLLS = 3


def meaning(edge: dict[str, Any]) -> str:
    status = edge.get("statusCode") or "unknown"
    if status in PAIRED and edge.get("onlineStatus") != "ONLINE":
        return OFFLINE_MEANING
    return MEANINGS.get(status, "a status this collection does not know")


def status_of(edge: dict[str, Any]) -> str:
    return f"{edge.get('statusCode') or 'unknown'}/{edge.get('onlineStatus') or 'unknown'}"


@dataclass
class Watched:
    """One Edge being waited for: where it is, what counts as done, and what was seen on the way."""

    name: str
    site_id: str
    site_name: str
    done: Callable[[dict[str, Any]], bool]
    started: float = field(default_factory=time.monotonic)
    edge: dict[str, Any] = field(default_factory=dict)
    transitions: list[dict[str, Any]] = field(default_factory=list)
    seen: bool = False  # its record showed in a listing at least once
    missing: int = 0  # polls in a row that did not show it

    def observe(self, edge: dict[str, Any] | None) -> bool:
        """Record `edge` as the latest reading; True when its status changed."""
        if edge is None or edge.get("state") == "deleted":
            self.missing += 1
            edge = {"statusCode": "DELETED", "onlineStatus": "OFFLINE"}
        else:
            self.seen, self.missing = True, 0
        changed = not self.transitions or status_of(edge) != status_of(self.edge)
        self.edge = edge
        if changed:
            self.transitions.append({"status_code": edge.get("statusCode"), "online_status": edge.get("onlineStatus"),
                                     "seconds": round(time.monotonic() - self.started, 1)})
        return changed

    @property
    def finished(self) -> bool:
        return bool(self.edge) and self.done(self.edge)

    @property
    def gone(self) -> bool:
        """Deleted or lost: missing after it was seen, or for MISSING_POLLS polls in a row."""
        return self.missing > 0 and (self.seen or self.missing >= MISSING_POLLS)


class EdgeWatcher:
    """Polls the listings of the sites involved until every watched Edge is done or the time is up."""

    def __init__(self, client: Any, progress: Callable[[str], None], timeout: float,
                 first_interval: float = 1.0, max_interval: float = 30.0, heartbeat: float = 60.0):
        self.client = client
        self.progress = progress
        self.timeout = timeout
        self.first_interval = first_interval
        self.max_interval = max_interval
        self.heartbeat = heartbeat
        self.polls = 0

    def wait(self, watched: list[Watched]) -> list[Watched]:
        """Poll until all are finished; returns the ones still unfinished when the timeout ran out, or at once
        when one is gone (no wait brings a deleted Edge back)."""
        deadline = time.monotonic() + self.timeout
        interval = self.first_interval
        last_heartbeat = time.monotonic()
        pending = self._poll(watched)
        while pending and time.monotonic() < deadline and not any(w.gone for w in pending):
            time.sleep(max(0.0, min(interval, deadline - time.monotonic())))
            interval = min(self.max_interval, interval * 1.5)
            pending = self._poll(pending, fresh=True)
            if pending and time.monotonic() - last_heartbeat >= self.heartbeat:
                last_heartbeat = time.monotonic()
                self.progress(f"still waiting for {len(pending)} Edge(s): "
                              + ", ".join(f"{w.name} {status_of(w.edge)}" for w in pending))
        return pending

    def _poll(self, watched: list[Watched], fresh: bool = False) -> list[Watched]:
        """One look at the watched Edges; `fresh` for a second look on, which a region's shared listing cannot answer."""
        self.polls += 1
        by_site: dict[str, dict[str, dict[str, Any]]] = {}
        for site_id in {w.site_id for w in watched}:
            edges = live(self.client.get_all(EDGES, {"site.id": site_id}, fresh=fresh))
            by_site[site_id] = {(e.get("name") or "").lower(): e for e in edges}
        for item in watched:
            before = status_of(item.edge) if item.edge else None
            # An Edge found finished at the first look needs no word: only waiting is news.
            if item.observe(by_site[item.site_id].get(item.name.lower())) and (before or not item.finished):
                change = f"{before} -> {status_of(item.edge)}" if before else f"is {status_of(item.edge)}"
                self.progress(f"Edge {item.name} (site {item.site_name}) {change} "
                              f"after {item.transitions[-1]['seconds']:.0f}s")
        return [item for item in watched if not item.finished]


def timeout_message(pending: list[Watched], total: int, timeout: float, goal: str) -> str:
    gone = [w for w in pending if w.gone]
    if gone:
        return (f"{len(gone)} of {total} Edge(s) disappeared while waiting for them to be {goal}: "
                + "; ".join(f"{w.name} (site {w.site_name}) {GONE_MEANING}" for w in gone))
    details = "; ".join(f"{w.name} (site {w.site_name}) is {status_of(w.edge)}: {meaning(w.edge)}" for w in pending)
    return f"Timed out after {timeout:.0f}s waiting for {len(pending)} of {total} Edge(s) to be {goal}. {details}"
