# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The stage_outcome filter: what a rollout stage of one site comes to, for genesys_outcome and the report.

In Python rather than in record.yml's Jinja: every task is templated in a fresh worker process, which compiles its
expressions anew, and at hundreds of sites times six stages that compiling was the larger part of the run's CPU.
"""

from __future__ import annotations

from typing import Any


def stage_outcome(results: list[dict[str, Any]], *, failure: dict[str, Any] | None = None, skip: str = "",
                  msg: str = "", facts: dict[str, Any] | None = None, blocked_by: str = "", seconds: float = 0.0,
                  audit: bool = False) -> dict[str, Any]:
    """status (failed, skipped, changed or ok), msg, seconds and facts; the fix of a failure; the diff of an audit."""
    failure = failure or {}
    if failure:
        status, text = "failed", failure.get("msg") or "failed without a message"
    elif blocked_by:
        status, text = "skipped", f"not run: the {blocked_by} stage of this site failed"
    elif skip:
        status, text = "skipped", skip
    else:
        status, text = ("changed" if any(r.get("changed") for r in results or []) else "ok"), msg
    outcome = {"status": status, "msg": text, "seconds": round(float(seconds), 1), "facts": facts or {}}
    if status == "failed":
        # The module's message already names the fix; an API error also carries it alone as error.hint.
        outcome["fix"] = (failure.get("error") or {}).get("hint") or text
    if audit and status == "changed":
        outcome["diff"] = [r["diff"] for r in results if "diff" in r]
    return outcome


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"stage_outcome": stage_outcome}
