import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError, host, positive_duration


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
