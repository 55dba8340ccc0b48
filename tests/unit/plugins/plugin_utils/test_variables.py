"""The variables the roles and playbooks read: a misspelt one is warned about once per run with the nearest name
that something reads, and the roles' documented defaults are the ones the code applies."""

from __future__ import annotations

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.modules import rollout_report, site_outcome
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils import _variables
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._variables import (
    role_spec, settings_spec, unknown_variables, warn_unknown_variables)


@pytest.mark.parametrize("name, nearest", [
    ("genesys_edges_wait_timeout", "edge_pairing_wait_timeout"),
    ("edge_pairing_wait_timout", "edge_pairing_wait_timeout"),
    ("genesys_time_tolerence", "genesys_time_tolerance"),
    ("genesys_cloud_regoin", "genesys_cloud_region"),
    ("site_rollout_max_fail_percentage", "genesys_max_fail_percentage"),
    ("genesys_zzzz", ""),
])
def test_an_unknown_variable_of_ours_is_named_with_the_nearest_known_one(name, nearest):
    assert unknown_variables([name, "genesys_site", "ansible_host"]) == {name: nearest}


def test_known_names_and_other_playbooks_variables_are_left_alone():
    assert unknown_variables(["genesys_edges", "edge_pairing_wait_timeout", "site_code", "site_owner", "inventory_dir",
                              "genesys_sites_group", "genesys_record_only"]) == {}
    # a near miss of ours under the generic site_ prefix still is one
    assert unknown_variables(["site_manage_locations"]) == {"site_manage_locations": "site_manage_location"}


def test_each_unknown_variable_is_warned_about_once_per_run(tmp_path, monkeypatch):
    monkeypatch.setattr(_variables, "run_file", lambda name: tmp_path / name)
    shown = []
    monkeypatch.setattr(_variables.display, "warning", shown.append)
    first = warn_unknown_variables({"cork": ["genesys_edges_wait_timeout"], "galway": ["genesys_edges_wait_timeout"]})
    assert first == shown and len(first) == 1
    assert first[0].startswith("genesys_edges_wait_timeout (set for cork, galway) is not a variable of any")
    assert first[0].endswith("did you mean edge_pairing_wait_timeout?")
    assert warn_unknown_variables({"boise": ["genesys_edges_wait_timeout"]}) == []  # the next batch
    assert len(warn_unknown_variables({"boise": ["genesys_edgez"]})) == 1


def test_the_stage_settings_are_the_stage_roles_own_variables_with_one_default_each():
    spec = settings_spec()
    assert spec["edge_pairing_wait_timeout"]["default"] == "45m"
    assert "genesys_edges" not in spec and "genesys_region_concurrency" in spec
    assert all(name.startswith(tuple(f"{role}_" for role in _variables.STAGE_ROLES)) or name == "genesys_region_concurrency"
               for name in spec)


@pytest.mark.parametrize("variable, module, option", [
    ("site_rollout_report_dir", rollout_report, "dir"),
    ("site_rollout_report_name", rollout_report, "name"),
    ("site_rollout_report_formats", rollout_report, "formats"),
    ("site_rollout_report_stats_limit", rollout_report, "stats_limit"),
    ("site_rollout_fail_on_drift", site_outcome, "fail_on_drift"),
])
def test_site_rollout_documents_the_defaults_its_modules_apply(variable, module, option):
    """The role passes these on with default(omit): the module's default is the one that applies."""
    assert role_spec("site_rollout")[variable]["default"] == module.ARGUMENT_SPEC[option]["default"]
