# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cxops.genesys_cloud.rollout_report: the report of a run's sites, written in the controller after every batch.

Each batch adds its sites (the rollout_stages task's registered result) to the run's report, which is kept in
<dir>/<name>-<UTC start>-<mode>.json and read back by the next batch: no host's variables are read, so a batch's
report costs the same whatever the size of the inventory's other hosts' variables. Every format is also copied to
<name>-latest.<ext>. The Markdown and HTML come from the calling role's templates (found as the template module
finds them), rendered by plain Jinja2 over plain data: Ansible's templating of 200 sites' outcomes took seconds.
The run is known by the ansible-playbook process's own temporary directory (see _controller.run_file).
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._stage_names import STAGE_ORDER
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._controller import ControllerAction, module_of, plain, run_file
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._outcomes import drift_of

NAME = "cxops.genesys_cloud.rollout_report"
STATUSES = ("ok", "changed", "failed", "skipped")
STAMP = "%Y%m%dT%H%M%SZ"


def site_status(statuses: list[str]) -> str:
    return next((s for s in ("failed", "changed", "ok") if s in statuses), "skipped")


def report_data(name: str, mode: str, started: str, sites: list[tuple[str, str, str, dict[str, Any]]]) -> dict[str, Any]:
    """The report of (host, region, site name, genesys_outcome) for every site with an outcome, grouped by region."""
    regions: dict[str, dict[str, Any]] = {}
    failures, drift, failed = [], [], []
    counts = dict.fromkeys(STATUSES, 0)
    for host, region, site, outcome in sites:
        where = {"region": region, "host": host, "site": site}
        for stage in (s for s in STAGE_ORDER if s in outcome):
            recorded = outcome[stage]
            counts[recorded["status"]] = counts.get(recorded["status"], 0) + 1
            if recorded["status"] == "failed":
                failures.append({**where, "stage": stage, "msg": recorded["msg"], "fix": recorded.get("fix", recorded["msg"])})
        if mode == "check":
            drift += [{**where, **field} for field in drift_of(outcome)]
        status = site_status([o["status"] for o in outcome.values()])
        if status == "failed":
            failed.append(host)
        regions.setdefault(region, {})[host] = {
            "site": site, "status": status, "stages": outcome,
            "seconds": round(sum(o.get("seconds", 0) for o in outcome.values()), 1)}
    return {"report": name, "started": started, "generated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "mode": mode, "stage_order": list(STAGE_ORDER),
            "totals": {"regions": len(regions), "sites": len(sites), "failed_sites": failed, "stages": counts,
                       "drift": len(drift)},
            "failures": failures, "drift": drift, "regions": regions}


def sites_of(data: dict[str, Any]) -> dict[str, tuple[str, str, str, dict[str, Any]]]:
    """The (host, region, site name, outcome) of every site of an earlier write of the report, by host."""
    return {host: (host, region, entry["site"], entry["stages"])
            for region, hosts in (data.get("regions") or {}).items() for host, entry in hosts.items()}


def published(data: dict[str, Any], text: str, limit: int, files: dict[str, str]) -> dict[str, Any]:
    """What set_stats gives AWX (the job's artifacts): the whole report when its JSON fits the limit, else the
    header, the totals and the failures, marked truncated."""
    if len(text.encode("utf-8")) <= limit:
        return {**data, "files": files, "truncated": False}
    keys = ("report", "started", "generated", "mode", "totals")
    return {**{k: data[k] for k in keys}, "failures": data["failures"][:100], "files": files, "truncated": True}


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
        params = self.validated(NAME, module_of(NAME).ARGUMENT_SPEC)
        directory = Path(params["dir"]).expanduser().absolute()
        directory.mkdir(parents=True, exist_ok=True)
        started, stem = self._run_stem(directory, params["name"], params["mode"])
        earlier = directory / f"{stem}.json"
        sites = sites_of(json.loads(earlier.read_text(encoding="utf-8"))) if earlier.is_file() else {}
        for host, entry in (params["batch"].get("sites") or {}).items():
            sites[host] = (host, entry.get("region") or "unknown", entry.get("site") or host, plain(entry["outcome"]))
        data = report_data(params["name"], params["mode"], started, list(sites.values()))
        as_json = to_nice_json(data) + "\n"
        files = {}
        for fmt in sorted(set(params["formats"]) | {"json"}):  # the JSON is also what the next batch reads back
            text = as_json if fmt == "json" else self._render(fmt, data)
            for path in (directory / f"{stem}.{fmt}", directory / f"{params['name']}-latest.{fmt}"):
                write_atomically(path, text)
            files[fmt] = str(directory / f"{stem}.{fmt}")
        result.update(changed=False, path=str(directory / stem), files=files, mode=data["mode"], totals=data["totals"],
                      failures=data["failures"],
                      ansible_stats={"data": {"genesys_report": published(data, as_json, params["stats_limit"], files)},
                                     "per_host": False, "aggregate": False})
        return result

    @staticmethod
    def _run_stem(directory: Path, name: str, mode: str) -> tuple[str, str]:
        """The run's start (its first report) and the file name it gives every write of this run's report."""
        record = run_file(f"report-{name}-{mode}.json")
        if record.is_file():
            known = json.loads(record.read_text(encoding="utf-8"))
            if known.get("directory") == str(directory):
                return known["started"], known["stem"]
        now = datetime.now(timezone.utc)
        started, stem = now.strftime("%Y-%m-%dT%H:%M:%SZ"), f"{name}-{now.strftime(STAMP)}-{mode}"
        record.write_text(json.dumps({"directory": str(directory), "started": started, "stem": stem}), encoding="utf-8")
        return started, stem

    def _render(self, fmt: str, data: dict[str, Any]) -> str:
        source = Path(self._find_needle("templates", f"report.{fmt}.j2"))
        return TEMPLATES.from_string(source.read_text(encoding="utf-8")).render(site_rollout_report=data)
