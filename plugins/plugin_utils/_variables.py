# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The variables the collection's roles and playbooks read, from the roles' argument specs, and a warning for a
variable of theirs that nothing reads: a misspelt `-e genesys_edges_wait_timeout=5m` would otherwise be ignored
without a word while a dead appliance holds the wave for the default 45 minutes."""

from __future__ import annotations

import difflib
import functools
import json
from pathlib import Path
from typing import Any, Iterable

import yaml
from ansible.utils.display import Display

from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._controller import run_file

display = Display()
ROLES = Path(__file__).resolve().parents[2] / "roles"
STAGE_ROLES = ("site", "edge_pairing", "time_sync", "pci_recording", "agent_readiness", "call_smoke_test")
# What the playbooks read (playbooks/*.yml document each) and the facts the collection sets.
PLAYBOOK_VARIABLES = frozenset({
    "genesys_sites_group", "genesys_wave_size", "genesys_max_fail_percentage", "genesys_report_dir",
    "genesys_audit_fail_on_drift", "genesys_retire_state", "genesys_retire_all", "genesys_check_mode",
    "genesys_cloud_client_id", "genesys_cloud_client_secret", "genesys_cloud_access_token",
    "genesys_cloud_api_base_url", "genesys_outcome", "genesys_failed_stage", "genesys_region_leaders",
    "genesys_wave_order", "genesys_wave_regions",
})
PREFIXES = ("genesys_", *(f"{role}_" for role in STAGE_ROLES if role != "site"), "site_")
# Other playbooks name site_* variables of their own: only a near miss of ours is worth a warning there.
GENERIC_PREFIX = "site_"


@functools.lru_cache(maxsize=None)
def role_spec(role: str) -> dict[str, Any]:
    """The options of a role's argument spec: the one description, and the one default, of what the role reads."""
    with open(ROLES / role / "meta" / "argument_specs.yml", encoding="utf-8") as spec:
        return yaml.safe_load(spec)["argument_specs"]["main"]["options"]


def settings_spec() -> dict[str, Any]:
    """The stage roles' own variables (named after their role: edge_pairing_wait_timeout, ...), which hold for every
    site of a task; the inventory variables (genesys_*) are each site's own."""
    return {name: option for role in STAGE_ROLES for name, option in role_spec(role).items()
            if name.startswith(f"{role}_") or name == "genesys_region_concurrency"}


@functools.lru_cache(maxsize=None)
def known_variables() -> frozenset[str]:
    return PLAYBOOK_VARIABLES | {name for role in (*STAGE_ROLES, "site_rollout") for name in role_spec(role)}


def _likeness(name: str, known: str) -> float:
    """How alike two names are, without the genesys_ prefix (which would make every pair of ours look alike)."""
    bare = [n[len("genesys_"):] if n.startswith("genesys_") else n for n in (name, known)]
    return difflib.SequenceMatcher(None, *bare).ratio()


def nearest_known(name: str) -> tuple[str, float]:
    return max(((known, _likeness(name, known)) for known in known_variables()), key=lambda pair: pair[1])


def unknown_variables(names: Iterable[str]) -> dict[str, str]:
    """Each name with one of our prefixes that nothing reads, with the nearest name that something does ('' if none
    is near)."""
    unknown = {}
    for name in set(names) - known_variables():
        if not name.startswith(PREFIXES):
            continue
        nearest, likeness = nearest_known(name)
        if name.startswith(GENERIC_PREFIX) and not name.startswith("site_rollout_") and likeness < 0.8:
            continue
        unknown[name] = nearest if likeness >= 0.6 else ""
    return unknown


def warn_unknown_variables(names_by_host: dict[str, Iterable[str]]) -> list[str]:
    """Warn, once per run, of each unknown variable with the hosts that set it; returns the warnings given."""
    hosts_of: dict[str, list[str]] = {}
    for host, names in names_by_host.items():
        for name in unknown_variables(names):
            hosts_of.setdefault(name, []).append(host)
    warned_file = run_file("unknown-variables.json")
    warned = set(json.loads(warned_file.read_text())) if warned_file.is_file() else set()
    warnings = []
    for name in sorted(set(hosts_of) - warned):
        hosts = hosts_of[name]
        nearest = unknown_variables([name])[name]
        warnings.append(
            f"{name} (set for {', '.join(hosts[:3])}{f' and {len(hosts) - 3} more' if len(hosts) > 3 else ''}) is "
            "not a variable of any cxops.genesys_cloud role or playbook, so nothing reads it"
            + (f"; did you mean {nearest}?" if nearest else "; see the roles' argument specs (ansible-doc -t role)"))
    for warning in warnings:
        display.warning(warning)
    if warnings:
        warned_file.write_text(json.dumps(sorted(warned | set(hosts_of))))
    return warnings
