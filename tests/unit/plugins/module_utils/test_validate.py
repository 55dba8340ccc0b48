import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import (
    ValidationError, dial_target, e164, edge_update_window, host, ip_interface, local_datetime, mac_address, pairing_id,
    positive_duration, retention_days, update_rrule, vlan_id,
)


@pytest.mark.parametrize("value", ["0.pool.ntp.org", "ntp1", "10.1.2.3", "2001:db8::1", "time.example.com."])
def test_hosts_accepted(value):
    assert host("ntp_servers[0]", value) == value


@pytest.mark.parametrize("value", ["", "ntp server", "10.0.0.300", "-bad.example", "bad-.example", "a..b", "x" * 64 + ".com",
                                   "ntp_1.example", 123, None])
def test_hosts_refused_name_the_field(value):
    with pytest.raises(ValidationError) as error:
        host("ntp_servers[2]", value)
    assert str(error.value).startswith("ntp_servers[2]: ")
    assert "host name or an IP address" in str(error.value)


@pytest.mark.parametrize("value,seconds", [("2s", 2.0), ("500ms", 0.5), ("1.5m", 90.0), ("1h", 3600.0), (3, 3.0), ("4", 4.0), (0.25, 0.25)])
def test_durations(value, seconds):
    assert positive_duration("tolerance", value) == pytest.approx(seconds)


@pytest.mark.parametrize("value", [0, -1, "0s", "-2s", "soon", "2 days", True, None, "", [1]])
def test_bad_durations_name_the_field_and_rule(value):
    with pytest.raises(ValidationError) as error:
        positive_duration("tolerance", value)
    assert str(error.value).startswith("tolerance: ")
    assert "positive duration" in str(error.value)


@pytest.mark.parametrize("value,expected", [
    ("8f3k2-9qw7t-00ab1-zz9x4-kd2m7", "8F3K2-9QW7T-00AB1-ZZ9X4-KD2M7"),
    (" 00000-00000-00000-00000-00000 ", "00000-00000-00000-00000-00000"),
])
def test_pairing_ids_are_upper_cased(value, expected):
    assert pairing_id("edges[0].pairing_id", value) == expected


@pytest.mark.parametrize("value", ["8F3K2-9QW7T-00AB1-ZZ9X4", "8F3K29QW7T00AB1ZZ9X4KD2M7", "8F3K2_9QW7T_00AB1_ZZ9X4_KD2M7",
                                   "8F3K2-9QW7T-00AB1-ZZ9X4-KD2M!", 12345, None])
def test_bad_pairing_ids_name_the_field_and_show_the_form(value):
    with pytest.raises(ValidationError) as error:
        pairing_id("edges[3].pairing_id", value)
    assert str(error.value).startswith("edges[3].pairing_id: ")
    assert "five groups of five" in str(error.value)


@pytest.mark.parametrize("value", ["00:25:90:AA:BB:01", "00-25-90-aa-bb-01", "002590aabb01"])
def test_mac_spellings_become_one(value):
    assert mac_address("mac", value) == "00:25:90:aa:bb:01"


@pytest.mark.parametrize("value,netmask,expected", [("10.1.2.10/24", None, "10.1.2.10/24"), ("10.1.2.10", "255.255.0.0", "10.1.2.10/16"),
                                                    ("10.1.2.10", "30", "10.1.2.10/30"), ("2001:db8::10/64", None, "2001:db8::10/64")])
def test_interface_addresses(value, netmask, expected):
    assert str(ip_interface("address", value, netmask)) == expected


def test_non_contiguous_netmask_is_refused():
    with pytest.raises(ValidationError, match="contiguous netmask"):
        ip_interface("address", "10.1.2.10", "255.0.255.0")


@pytest.mark.parametrize("value", [0, 4095, "10", True])
def test_vlan_ids(value):
    with pytest.raises(ValidationError, match="VLAN id"):
        vlan_id("vlan", value)
    assert vlan_id("vlan", 4094) == 4094


@pytest.mark.parametrize("value", ["+13175550123", "+442071234567", "+81312345678", "+999999999999999"])
def test_e164_numbers(value):
    assert e164("number", value) == value


@pytest.mark.parametrize("value", ["13175550123", "+1 317 555 0123", "+1-317-555-0123", "+1234567890123456", "+0123456", "+", "", None, 13175550123,
                                   "+13175550123\n", "\n+13175550123"])
def test_not_e164_names_the_field_and_the_form(value):
    with pytest.raises(ValidationError) as error:
        e164("number", value)
    assert str(error.value).startswith("number: ") and "E.164" in str(error.value)


@pytest.mark.parametrize("value", ["sip:echo@sbc.example.com", "sip:+13175550123@10.0.0.5:5060", "sips:bob@[2001:db8::1]:5061;transport=tls",
                                   "sip:a.b-c_d@host"])
def test_sip_uris(value):
    assert dial_target("number", value) == value


def test_a_trailing_newline_is_not_part_of_a_dial_target():
    for value in ("+13175550123\n", "sip:echo@sbc.example.com\n"):
        with pytest.raises(ValidationError):
            dial_target("number", value)


# Edge update windows: the SDK's EdgeAutoUpdateConfig docstrings (simulator/FIDELITY.md).

@pytest.mark.parametrize("value", ["FREQ=WEEKLY;BYDAY=SU", "FREQ=WEEKLY;BYDAY=SA,SU", "freq=weekly;byday=mo", "FREQ=DAILY",
                                   "FREQ=DAILY;INTERVAL=2"])
def test_daily_and_weekly_rrules(value):
    assert update_rrule("edge_auto_update.rrule", value) == value


@pytest.mark.parametrize("value, rule", [
    ("FREQ=MONTHLY;BYMONTHDAY=1", "DAILY or WEEKLY"), ("FREQ=YEARLY", "DAILY or WEEKLY"), ("BYDAY=SU", "DAILY or WEEKLY"),
    ("", "DAILY or WEEKLY"), (None, "DAILY or WEEKLY"), ("FREQ=WEEKLY", "without BYDAY"), ("FREQ=WEEKLY;BYDAY=", "without BYDAY"),
    ("FREQ=WEEKLY;BYDAY=SUN", "has BYDAY SUN"),
])
def test_other_rrules_are_refused_naming_the_rule(value, rule):
    with pytest.raises(ValidationError) as error:
        update_rrule("edge_auto_update.rrule", value)
    assert str(error.value).startswith("edge_auto_update.rrule: ") and rule in str(error.value)


@pytest.mark.parametrize("value", ["2026-01-04", "2026-01-04T02:00", "2026-01-04T02:00:00Z", "2026-01-04T02:00:00+01:00",
                                   "2026-01-04 02:00:00", "2026-13-04T02:00:00", "2026-01-04T02:00:00.000\n", None])
def test_local_datetimes_are_iso_without_zone(value):
    with pytest.raises(ValidationError, match="without a zone"):
        local_datetime("edge_auto_update.start", value)


def window(**changes):
    return {"time_zone": "America/Chicago", "rrule": "FREQ=WEEKLY;BYDAY=SU", "start": "2026-01-04T02:00:00",
            "end": "2026-01-04T04:00:00", **changes}


def test_a_window_of_two_hours_in_the_api_form():
    assert edge_update_window("edge_auto_update", window()) == {
        "timeZone": "America/Chicago", "rrule": "FREQ=WEEKLY;BYDAY=SU",
        "start": "2026-01-04T02:00:00.000", "end": "2026-01-04T04:00:00.000"}


@pytest.mark.parametrize("end", ["2026-01-04T03:59:59.999", "2026-01-04T02:00:00", "2026-01-04T01:00:00"])
def test_a_window_under_two_hours_is_refused(end):
    with pytest.raises(ValidationError) as error:
        edge_update_window("edge_auto_update", window(end=end))
    assert error.value.field == "edge_auto_update.end" and "2 hours" in str(error.value)


def test_each_window_field_is_named():
    for changes, field in (({"time_zone": "Mars/Olympus"}, "time_zone"), ({"rrule": "FREQ=HOURLY"}, "rrule"),
                           ({"start": "soon"}, "start"), ({"end": "later"}, "end")):
        with pytest.raises(ValidationError) as error:
            edge_update_window("edge_auto_update", window(**changes))
        assert error.value.field == f"edge_auto_update.{field}"


@pytest.mark.parametrize("value,rule", [
    ("sip:alice@", "is not a SIP URI"),
    ("sip:alice", "is not a SIP URI"),
    ("sip: alice@host", "is not a SIP URI"),
    ("sip:alice@host name", "is not a SIP URI"),
    ("sip:alice@host:0", "port 0"),
    ("sip:alice@host:70000", "port 70000"),
    ("sip:alice@host:50x", "is not a SIP URI"),
    ("sip:alice%40evil.example@host", "escaped @"),
    ("sip:a@b@c", "is not a SIP URI"),
    ("sip:alice@-bad-", "not a host name"),
])
def test_bad_sip_uris_say_what_is_wrong(value, rule):
    with pytest.raises(ValidationError) as error:
        dial_target("number", value)
    assert str(error.value).startswith("number: ") and rule in str(error.value)


@pytest.mark.parametrize("value,days", [("7y", 2555), ("90d", 90), ("12w", 84), (30, 30), ("30", 30), (" 1Y ", 365)])
def test_retention_in_days_with_365_day_years(value, days):
    assert retention_days("retention", value) == days


@pytest.mark.parametrize("value", [0, -1, "0d", "-7y", "7m", "7 years", "1.5y", "", None, True])
def test_bad_retention_names_the_field_and_rule(value):
    with pytest.raises(ValidationError) as error:
        retention_days("retention", value)
    assert str(error.value).startswith("retention: ") and "7y is 2555 days" in str(error.value)
