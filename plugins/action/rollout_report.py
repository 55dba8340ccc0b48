# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cxops.genesys_cloud.rollout_report: the report of every site with an outcome, written in the controller.

The copy and template modules cost about half a second a file, and the report is written after every batch. Here
each site's outcome is read as the fact it is (not templated again), and the Markdown and HTML come from the calling
role's templates (found as the template module finds them), rendered by plain Jinja2 over plain data: Ansible's
templating of 200 sites' outcomes took seconds a batch.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2

from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._controller import ControllerAction, module_of, plain
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._stages import ORDER

NAME = "cxops.genesys_cloud.rollout_report"
STATUSES = ("ok", "changed", "failed", "skipped")


def site_status(statuses: list[str]) -> str:
    return next((s for s in ("failed", "changed", "ok") if s in statuses), "skipped")


def report_data(name: str, mode: str, sites: list[tuple[str, str, str, dict[str, Any]]]) -> dict[str, Any]:
    """The report of (host, region, site name, genesys_outcome) for every site with an outcome, grouped by region."""
    regions: dict[str, dict[str, Any]] = {}
    failures, drift, failed = [], [], []
    counts = dict.fromkeys(STATUSES, 0)
    for host, region, site, outcome in sites:
        where = {"region": region, "host": host, "site": site}
        for stage in (s for s in ORDER if s in outcome):
            stage_outcome = outcome[stage]
            counts[stage_outcome["status"]] = counts.get(stage_outcome["status"], 0) + 1
            if stage_outcome["status"] == "failed":
                failures.append({**where, "stage": stage, "msg": stage_outcome["msg"],
                                 "fix": stage_outcome.get("fix", stage_outcome["msg"])})
            if "diff" in stage_outcome:
                drift.append({**where, "stage": stage, "diff": stage_outcome["diff"]})
        status = site_status([o["status"] for o in outcome.values()])
        if status == "failed":
            failed.append(host)
        regions.setdefault(region, {})[host] = {
            "site": site, "status": status, "stages": outcome,
            "seconds": round(sum(o.get("seconds", 0) for o in outcome.values()), 1)}
    return {"report": name, "generated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "mode": mode,
            "stage_order": list(ORDER),
            "totals": {"regions": len(regions), "sites": len(sites), "failed_sites": failed, "stages": counts,
                       "drift": len(drift)},
            "failures": failures, "drift": drift, "regions": regions}


def write_atomically(path: Path, text: str) -> None:
    """A reader (AWX, a browser) never sees half a report: the file is replaced whole."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def to_nice_json(value: Any) -> str:
    """As Ansible's filter of that name writes it."""
    return json.dumps(value, indent=4, sort_keys=True, separators=(",", ": "), default=str)


class ReportUndefined(jinja2.ChainableUndefined, jinja2.StrictUndefined):
    """As in Ansible: `a.b.c | default(x)` gives x when any part is missing; output of a missing value is an error."""


# Like the template module: blocks trimmed, trailing newlines kept; the two Ansible filters the templates use.
TEMPLATES = jinja2.Environment(trim_blocks=True, keep_trailing_newline=True, undefined=ReportUndefined,
                               autoescape=False)
TEMPLATES.filters.update(to_json=lambda value: json.dumps(value, default=str), to_nice_json=to_nice_json)


class ActionModule(ControllerAction):
    """Writes in check mode too: an audit's report is its product."""

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        params = self.validated(NAME, module_of(NAME).ARGUMENT_SPEC)
        sites = [site for site in map(lambda host: self._site(host, task_vars["hostvars"]), params["hosts"]) if site]
        data = report_data(params["name"], params["mode"], sites)
        directory = Path(params["dir"])
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / params["name"]
        for fmt in params["formats"]:
            text = to_nice_json(data) + "\n" if fmt == "json" else self._render(fmt, data)
            write_atomically(path.with_name(f"{path.name}.{fmt}"), text)
        result.update(changed=False, path=str(path), report=data,
                      files=[str(path.with_name(f"{path.name}.{fmt}")) for fmt in params["formats"]])
        return result

    @staticmethod
    def _site(host: str, hostvars: Any) -> tuple[str, str, str, dict[str, Any]] | None:
        """(host, region, site name, outcome) of a site with an outcome, read untemplated (raw_get): templating every
        site's variables again for every batch's report was most of its cost. Only a region or site name written
        as a template in the inventory is templated, in the site's own context."""
        raw = hostvars.raw_get(host) if host in hostvars else {}
        if raw.get("genesys_outcome") is None:
            return None
        site = raw.get("genesys_site")
        region, name = raw.get("genesys_cloud_region"), site.get("name") if isinstance(site, Mapping) else None
        if not all(isinstance(value, str) and "{{" not in value for value in (region, name)):
            variables = hostvars[host]
            region, name = variables.get("genesys_cloud_region"), (variables.get("genesys_site") or {}).get("name")
        return host, region or "unknown", name or host, plain(raw["genesys_outcome"])

    def _render(self, fmt: str, data: dict[str, Any]) -> str:
        source = Path(self._find_needle("templates", f"report.{fmt}.j2"))
        return TEMPLATES.from_string(source.read_text(encoding="utf-8")).render(site_rollout_report=data)
