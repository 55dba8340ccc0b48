"""take_turns: the order the waves take their sites in, regions taking turns."""

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.filter.take_turns import FilterModule, take_turns


def test_groups_take_turns_and_keep_their_own_order():
    sites = ["chicago", "new_york", "atlanta", "dublin", "london", "tokyo"]
    regions = ["us", "us", "us", "eu", "eu", "ap"]
    assert take_turns(sites, regions) == ["chicago", "dublin", "tokyo", "new_york", "london", "atlanta"]


def test_a_batch_cut_from_the_order_holds_every_region():
    sites = [f"{region}-{n}" for region in ("us", "eu", "ap", "au") for n in range(50)]
    ordered = take_turns(sites, [site.split("-")[0] for site in sites])
    assert sorted(ordered) == sorted(sites)
    assert all({site.split("-")[0] for site in ordered[i:i + 12]} == {"us", "eu", "ap", "au"} for i in range(0, 200, 12))


def test_nothing_and_one_group_are_left_as_they_are():
    assert take_turns([], []) == []
    assert take_turns(["a", "b"], ["x", "x"]) == ["a", "b"]


def test_a_key_is_needed_for_every_item():
    with pytest.raises(ValueError, match="2 items, 1 keys"):
        take_turns(["a", "b"], ["x"])


def test_the_filter_is_published_under_its_name():
    assert FilterModule().filters() == {"take_turns": take_turns}
