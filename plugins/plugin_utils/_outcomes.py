# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Outcomes: what a stage of one site comes to (its status, message, facts, fix and diff), recorded by the
rollout_stages action in each site's genesys_outcome, made the site's own result by site_outcome, and read by the
report. One word for one thing: a module run has a result; a stage of a site has an outcome."""

from __future__ import annotations

from typing import Any

# Keys that name an object rather than describe it: left out of what a person reads as a change.
ID_KEYS = frozenset({"id", "self_uri", "selfUri", "version"})


def stage_outcome(results: dict[str, dict[str, Any]], *, failure: dict[str, Any] | None = None, skip: str = "",
                  msg: str = "", facts: dict[str, Any] | None = None, blocked_by: str = "", seconds: float = 0.0,
                  keep_diff: bool = False) -> dict[str, Any]:
    """A stage's outcome from its modules' results (by what each is of: location, site, ...): status (failed,
    skipped, changed or ok), msg, seconds and facts for the report; the fix of a failure; the diffs of a change when
    asked (check mode, or --diff), each saying what it is of."""
    failure = failure or {}
    if failure:
        status, text = "failed", failure.get("msg") or "failed without a message"
    elif blocked_by:
        status, text = "skipped", f"not run: the {blocked_by} stage of this site failed"
    elif skip:
        status, text = "skipped", skip
    else:
        status, text = ("changed" if any(r.get("changed") for r in results.values()) else "ok"), msg
    outcome = {"status": status, "msg": text, "seconds": round(float(seconds), 1), "facts": facts or {}}
    if status == "failed":
        # The module's message already names the fix; an API error also carries it alone as error.hint.
        outcome["fix"] = (failure.get("error") or {}).get("hint") or text
    if keep_diff and status == "changed":
        outcome["diff"] = [{"of": key, **r["diff"]} for key, r in results.items() if "diff" in r]
    return outcome


def without_ids(value: Any) -> Any:
    """A diff as a person reads it: ids, URIs and versions left out, and what is left empty with them."""
    if isinstance(value, dict):
        kept = {k: without_ids(v) for k, v in value.items() if k not in ID_KEYS}
        return {k: v for k, v in kept.items() if v != {}}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def changed_fields(diff: dict[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    """One {field, before, after} per changed leaf of a module's diff (fields as dotted paths), ids left out."""
    before, after = without_ids(diff.get("before") or {}), without_ids(diff.get("after") or {})
    fields = []
    for key in sorted(set(before) | set(after), key=str):
        old, new, field = before.get(key), after.get(key), f"{prefix}{key}"
        if isinstance(old, dict) and isinstance(new, dict):
            fields += changed_fields({"before": old, "after": new}, f"{field}.")
        elif old != new:
            fields.append({"field": field, "before": old, "after": new})
    return fields


def drift_of(outcome: dict[str, Any]) -> list[dict[str, Any]]:
    """Every changed field of a site's stages, each labelled with its stage; a field of another object than the
    stage's own (the site stage's location) is named after it (location.address.city)."""
    return [{"stage": stage, **field} for stage, recorded in outcome.items() for diff in recorded.get("diff") or []
            for field in changed_fields(diff, "" if diff.get("of", stage) == stage else f"{diff['of']}.")]


def failure_message(site: str, stage: str, outcome: dict[str, Any]) -> str:
    """A failed stage as its site's failure reads: the stage, the platform's message and, when it adds to it, the fix."""
    msg = outcome.get("msg") or "failed"
    fix = outcome.get("fix") or ""
    return f"{site}: the {stage} stage failed: {msg}" + (f" Fix: {fix}" if fix and fix not in msg else "")
