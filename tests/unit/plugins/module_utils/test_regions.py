import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._regions import (
    REGIONS, UnknownRegionError, normalize_region, resolve_base_urls)


def test_all_eighteen_regions():
    assert len(REGIONS) == 18


@pytest.mark.parametrize("spelling", ["eu-west-1", "eu_west_1", "EU_WEST_1", " eu-west-1 "])
def test_both_spellings(spelling):
    assert normalize_region(spelling) == "eu-west-1"


def test_region_urls():
    assert resolve_base_urls("ap_northeast_1") == ("https://api.mypurecloud.jp", "https://login.mypurecloud.jp")
    assert resolve_base_urls("eusc-de-east-1") == ("https://api.edee1.eusc-pure.cloud", "https://login.edee1.eusc-pure.cloud")


def test_unknown_region_lists_valid_ones():
    with pytest.raises(UnknownRegionError) as error:
        resolve_base_urls("us-east-9")
    message = str(error.value)
    assert message.startswith("region: unknown Genesys Cloud region 'us-east-9'")
    assert all(region in message for region in REGIONS)


def test_no_region_and_no_url_says_what_to_set():
    with pytest.raises(UnknownRegionError, match="GENESYSCLOUD_REGION"):
        resolve_base_urls(None)


def test_api_override_derives_login_host():
    assert resolve_base_urls(None, "https://api.example.test/") == ("https://api.example.test", "https://login.example.test")


def test_simulator_url_serves_login_under_the_same_base():
    assert resolve_base_urls("us-east-1", "http://127.0.0.1:8765/us-east-1") == (
        "http://127.0.0.1:8765/us-east-1", "http://127.0.0.1:8765/us-east-1")


def test_explicit_login_url_wins():
    assert resolve_base_urls(None, "http://a/x", "http://b/y/")[1] == "http://b/y"
