# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cxops.genesys_cloud.site_outcome: one site's outcome of a batch task made this host's own result, in the controller.

A delegated loop would count every site's result on the host that ran it; a task on each host costs Ansible about
15 ms here (a controller action, no module process) and puts each site's changes and failures on its own recap line.
"""

from __future__ import annotations

from typing import Any

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._controller import ControllerAction, module_of
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._outcomes import drift_of, failure_message, without_ids

NAME = "cxops.genesys_cloud.site_outcome"


def console_diffs(site: str, outcome: dict[str, Any]) -> list[dict[str, Any]]:
    """Each stage's diffs as the callbacks print them: headed by the site and stage, ids left out."""
    diffs = []
    for stage, recorded in outcome.items():
        for diff in recorded.get("diff") or []:
            header = f"{site}, stage {stage}" + (f" ({diff['of']})" if diff.get("of", stage) != stage else "")
            diffs.append({"before_header": header, "after_header": header,
                          "before": without_ids(diff.get("before") or {}), "after": without_ids(diff.get("after") or {})})
    return diffs


class ActionModule(ControllerAction):
    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        params = self.validated(NAME, module_of(NAME).ARGUMENT_SPEC)
        host = (task_vars or {}).get("inventory_hostname", "")
        entry = (params["batch"].get("sites") or {}).get(host)
        if entry is None:
            return {**result, "skipped": True, "changed": False,
                    "msg": f"{host} was not one of the sites of the batch task (it was skipped, or ran for other hosts)"}
        outcome, failed_stage, site = entry["outcome"], entry["failed_stage"], entry.get("site") or host
        result.update(changed=bool(entry["changed"]), outcome=outcome, failed_stage=failed_stage,
                      ansible_facts={"genesys_outcome": outcome, "genesys_failed_stage": failed_stage})
        # The stages this batch task ran; the outcome also holds those of the host's earlier tasks.
        ran = {stage: outcome[stage] for stage in params["batch"].get("stages") or outcome if stage in outcome}
        drift = drift_of(ran)
        if drift:
            result["drift"] = drift
        if self._task.diff:
            result["diff"] = console_diffs(site, ran)
        if failed_stage and self._fails(task_vars or {}):
            # Ansible sets no fact from a failed task, and the report has the whole outcome: the message is the news.
            for key in ("ansible_facts", "outcome", "drift"):
                result.pop(key, None)
            result.update(failed=True, msg=failure_message(site, failed_stage, outcome[failed_stage]))
        elif params["fail_on_drift"] and entry["changed"]:
            stages = sorted(stage for stage, recorded in ran.items() if recorded["status"] == "changed")
            fields = ", ".join(f"{d['stage']} {d['field']}" for d in drift[:5]) + (" ..." if len(drift) > 5 else "")
            result.update(failed=True, msg=f"{site}: drifted from the inventory in stage(s) {', '.join(stages)}"
                                           + (f" ({fields})" if fields else ""))
        else:
            stages = ", ".join(f"{stage} {recorded['status']}" for stage, recorded in ran.items())
            result["msg"] = f"{site}: {stages}" if stages else f"{site}: no stage ran"
        return result

    def _fails(self, task_vars: dict[str, Any]) -> bool:
        """The task's `fail` when given; else whether the play leaves genesys_record_only unset (or false)."""
        if "fail" in self._task.args:
            return bool(self.validated(NAME, module_of(NAME).ARGUMENT_SPEC)["fail"])
        return not boolean(self._templar.template(task_vars.get("genesys_record_only", False)), strict=False)
