"""Listing envelopes: page counts, next/previous URIs that can be followed, page-size limits, the site name filter."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import LOCATIONS, SITES, US, Api, assert_error_body, seed_copy

COUNT = 230


@pytest.fixture
def crowded(sim):
    """SEED plus 229 more locations and sites (230 of each)."""
    seed = seed_copy()
    org = seed["regions"][US]["orgs"][0]
    org["locations"] += [{"name": f"Location {i:03d}", "emergencyNumber": {"number": f"+1317555{i:04d}"}}
                         for i in range(1, COUNT)]
    org["sites"] += [{"name": f"Site {i:03d}", "location": f"Location {i:03d}"} for i in range(1, COUNT)]
    org["managed_site"] = False  # exactly COUNT sites, so the page arithmetic is the test's alone
    sim.admin.reset(seed)
    return sim


def follow(api: Api, first_page: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every page of a listing by following nextUri, checking the envelope on the way."""
    pages = [api.ok("GET", first_page, params=params)]
    while "nextUri" in pages[-1]:
        assert pages[-1]["nextUri"].startswith("/api/v2/")
        pages.append(api.ok("GET", pages[-1]["nextUri"]))
    return pages


@pytest.mark.parametrize("path", [LOCATIONS, SITES])
def test_pages_of_100(crowded, path):
    api = Api(crowded)
    pages = follow(api, path, {"pageSize": 100})
    assert [page["pageNumber"] for page in pages] == [1, 2, 3]
    assert [len(page["entities"]) for page in pages] == [100, 100, 30]
    for page in pages:
        assert page["pageSize"] == 100 and page["pageCount"] == 3 and page["total"] == COUNT
        assert page["firstUri"] == f"{path}?pageSize=100&pageNumber=1"
        assert page["lastUri"] == f"{path}?pageSize=100&pageNumber=3"
        assert page["selfUri"] == f"{path}?pageSize=100&pageNumber={page['pageNumber']}"
        if path == SITES:
            assert page["totalNumberOfEntities"] == COUNT
    assert "previousUri" not in pages[0] and "nextUri" not in pages[2]
    assert pages[2]["previousUri"] == f"{path}?pageSize=100&pageNumber=2"
    ids = [entity["id"] for page in pages for entity in page["entities"]]
    assert len(ids) == len(set(ids)) == COUNT
    names = [entity["name"] for page in pages for entity in page["entities"]]
    assert names == sorted(names, key=str.lower)  # a stable order is what makes pages disjoint


def test_default_page_size_is_25(crowded):
    page = Api(crowded).ok("GET", SITES)
    assert page["pageSize"] == 25 and len(page["entities"]) == 25 and page["pageCount"] == 10


def test_page_beyond_the_end_is_empty(crowded):
    page = Api(crowded).ok("GET", SITES, params={"pageSize": 100, "pageNumber": 4})
    assert page["entities"] == [] and page["total"] == COUNT and "nextUri" not in page


@pytest.mark.parametrize("params, field", [
    ({"pageSize": 101}, "pageSize"),
    ({"pageSize": 0}, "pageSize"),
    ({"pageNumber": 0}, "pageNumber"),
    ({"pageSize": "many"}, "pageSize"),
])
@pytest.mark.parametrize("path", [LOCATIONS, SITES])
def test_bad_page_parameters_are_refused(api, path, params, field):
    body = assert_error_body(api.get(path, params=params), 400, "invalid.value")
    assert body["details"][0]["fieldName"] == field
    assert field in body["message"]


def test_site_name_filter(crowded):
    api = Api(crowded)
    exact = api.ok("GET", SITES, params={"name": "Site 042"})
    assert [entity["name"] for entity in exact["entities"]] == ["Site 042"] and exact["total"] == 1
    assert api.ok("GET", SITES, params={"name": "site 042"})["total"] == 1  # case-insensitive
    wildcard = follow(api, SITES, {"name": "Site 1*", "pageSize": 50})
    names = [entity["name"] for page in wildcard for entity in page["entities"]]
    assert names == [f"Site {i}" for i in range(100, 200)]
    assert [len(page["entities"]) for page in wildcard] == [50, 50]
    assert wildcard[0]["nextUri"] == f"{SITES}?pageSize=50&pageNumber=2&name=Site%201%2A"
    assert api.ok("GET", SITES, params={"name": "Site"})["total"] == 0  # no implicit prefix match


def test_site_location_filter_and_descending_order(crowded):
    api = Api(crowded)
    location_id = api.location_id("Location 007")
    by_location = api.ok("GET", SITES, params={"location.id": location_id})
    assert [entity["name"] for entity in by_location["entities"]] == ["Site 007"]
    descending = api.ok("GET", SITES, params={"sortOrder": "desc", "pageSize": 3})
    assert [entity["name"] for entity in descending["entities"]] == ["Site 229", "Site 228", "Site 227"]


def test_site_name_filter_treats_only_star_as_a_wildcard(api):
    api.create_site("Paris [EU] #1?")
    api.create_site("Paris E #1!")
    exact = api.ok("GET", SITES, params={"name": "Paris [EU] #1?"})
    assert [entity["name"] for entity in exact["entities"]] == ["Paris [EU] #1?"]
    assert api.ok("GET", SITES, params={"name": "Paris [EU]*"})["total"] == 1
    assert api.ok("GET", SITES, params={"name": "Paris ? #1!"})["total"] == 0
    assert api.ok("GET", SITES, params={"name": "*#1*"})["total"] == 2
