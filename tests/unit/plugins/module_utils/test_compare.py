from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import (
    before_of, differences, if_converged, merged, snake_case, without_none)

SITE = {"id": "s1", "name": "Chicago", "version": 3, "mediaModel": "Premises",
        "ntpSettings": {"servers": ["a.example", "b.example"]}, "location": {"id": "l1", "name": "HQ"}}


def test_unset_options_are_not_managed():
    assert differences({"name": "Chicago", "description": None}, SITE) is None


def test_subset_of_nested_dict_is_unchanged():
    assert differences({"location": {"id": "l1"}}, SITE) is None


def test_changed_nested_value_reports_only_that_key():
    assert differences({"location": {"id": "l2"}, "mediaModel": "Premises"}, SITE) == {"location": {"id": "l2"}}


def test_list_order_is_a_change():
    changed = differences({"ntpSettings": {"servers": ["b.example", "a.example"]}}, SITE)
    assert changed == {"ntpSettings": {"servers": ["b.example", "a.example"]}}


def test_empty_list_removes_all():
    assert differences({"ntpSettings": {"servers": []}}, SITE) == {"ntpSettings": {"servers": []}}


def test_missing_current_key_is_a_change():
    assert differences({"description": "x"}, SITE) == {"description": "x"}


def test_before_of_reads_current_values_at_changed_keys():
    changes = {"ntpSettings": {"servers": ["c"]}, "description": "x"}
    assert before_of(changes, SITE) == {"ntpSettings": {"servers": ["a.example", "b.example"]}, "description": None}


def test_merged_keeps_unmanaged_fields_and_does_not_alias():
    body = merged(SITE, {"ntpSettings": {"servers": ["c"]}})
    assert body["version"] == 3 and body["location"] == SITE["location"]
    assert body["ntpSettings"] == {"servers": ["c"]}
    assert SITE["ntpSettings"]["servers"] == ["a.example", "b.example"]


def test_without_none_is_deep():
    assert without_none({"a": None, "b": {"c": None, "d": 1}}) == {"b": {"d": 1}}


def test_if_converged():
    assert if_converged(SITE, {"mediaModel": "Premises"}) is SITE
    assert if_converged(SITE, {"mediaModel": "Cloud"}) is None


def test_snake_case_is_recursive():
    assert snake_case({"ntpSettings": {"servers": [{"ipAddress": 1}]}, "selfUri": "u"}) == {
        "ntp_settings": {"servers": [{"ip_address": 1}]}, "self_uri": "u"}
