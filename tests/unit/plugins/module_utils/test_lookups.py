"""Lookups ignore what is not the user's: objects deleted a moment ago (state deleted, still listed) and the site
Genesys Cloud manages (research notes sections 8 and 9: TF filters `state == "deleted"` out of its listings; every
org has the managed site "PureCloud Voice - AWS")."""

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import (
    find_location, find_site, live, managed_site_named, users_sites,
)
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError

ACTIVE = {"id": "s-new", "name": "Chicago", "state": "active", "managed": False}
DELETED = {"id": "s-old", "name": "Chicago", "state": "deleted", "managed": False}
MANAGED = {"id": "s-pcv", "name": "PureCloud Voice - AWS", "state": "active", "managed": True}


class Listing:
    """Answers every listing with the given entities, filtered by name as the API does."""

    def __init__(self, *entities):
        self.entities = list(entities)

    def get_all(self, path, params=None):
        name = (params or {}).get("name")
        return [e for e in self.entities if name is None or e["name"].casefold() == name.casefold()]

    def get_or_none(self, path):
        return next((e for e in self.entities if path.endswith(e["id"])), None)


def test_live_and_users_sites_leave_out_deleted_and_managed():
    assert live([ACTIVE, DELETED, {"id": "x"}]) == [ACTIVE, {"id": "x"}]  # no state: active
    assert users_sites([ACTIVE, DELETED, MANAGED]) == [ACTIVE]


def test_a_deleted_site_of_the_same_name_is_neither_adopted_nor_a_second_match():
    assert find_site(Listing(DELETED, ACTIVE), "chicago") is ACTIVE
    assert find_site(Listing(DELETED), "Chicago") is None
    with pytest.raises(ValidationError, match="matches 2 sites"):
        find_site(Listing(ACTIVE, {**ACTIVE, "id": "s-twin"}), "Chicago")  # two live ones still fail


def test_the_managed_site_is_never_found_as_the_users():
    assert find_site(Listing(MANAGED), "PureCloud Voice - AWS") is None
    assert managed_site_named(Listing(MANAGED, ACTIVE), "purecloud voice - aws") is MANAGED
    assert managed_site_named(Listing(MANAGED, ACTIVE), "Chicago") is None


def test_a_deleted_location_is_not_found_by_name_or_id():
    location = {"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "name": "HQ", "state": "deleted"}
    assert find_location(Listing(location), "HQ") is None
    assert find_location(Listing(location), location["id"]) is None


def test_names_compare_as_the_api_compares_them_case_insensitively_letter_by_letter():
    """One rule everywhere, the shared listings' filter included: "Straße" is not "Strasse" (casefold() would
    match them, and the rollout once renamed one into the other)."""
    from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import only_match
    from ansible_collections.cxops.genesys_cloud.plugins.module_utils._shared_reads import FILTERS

    strasse = {"id": "1", "name": "Strasse"}
    assert only_match([strasse], "Straße", "location") is None
    assert only_match([strasse], "STRASSE", "location") is strasse
    assert not FILTERS["name"](strasse, "Straße") and FILTERS["name"](strasse, "strasse")
