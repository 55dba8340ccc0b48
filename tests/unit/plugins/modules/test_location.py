"""The location module's pure pieces: the emergency number compared on its E.164 form, the PATCH body, and the
address rule (Genesys Cloud refuses an address in a PATCH while a number is assigned: the Terraform provider's location resource, simulator/FIDELITY.md)."""

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import differences
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError
from ansible_collections.cxops.genesys_cloud.plugins.modules.location import (
    desired_location, refuse_address_change, update_body,
)

ADDRESS = {"street1": "1 Grand Canal Square", "city": "Dublin", "country": "IE"}
HELD = {"id": "loc-1", "name": "Dublin", "version": 3, "address": ADDRESS, "path": [],
        "emergencyNumber": {"number": "+353 1 555 0100", "e164": "+35315550100", "type": "default"}}


def params(**options):
    return {"name": "Dublin", "notes": None, "address": None, "emergency_number": None, **options}


def test_a_number_held_formatted_is_the_same_number():
    desired = desired_location(params(emergency_number={"number": "+35315550100", "type": "default"}), HELD)
    assert differences(desired, HELD) is None


def test_another_number_or_type_is_a_change():
    for wanted in ({"number": "+35315550199", "type": "default"}, {"number": "+35315550100", "type": "elin"}):
        assert "emergencyNumber" in differences(desired_location(params(emergency_number=wanted), HELD), HELD)


def test_the_patch_leaves_an_unchanged_address_out():
    body = update_body(HELD, {"emergencyNumber": {"type": "elin"}})
    assert body == {"name": "Dublin", "version": 3, "path": [],
                    "emergencyNumber": {"number": "+353 1 555 0100", "type": "elin"}}


def test_the_patch_sends_a_changed_address_whole():
    unnumbered = {key: value for key, value in HELD.items() if key != "emergencyNumber"}
    body = update_body(unnumbered, {"address": {"city": "Cork"}})
    assert body["address"] == {**ADDRESS, "city": "Cork"} and "emergencyNumber" not in body


def test_an_address_change_with_a_number_held_fails_naming_the_field_and_the_fix():
    with pytest.raises(ValidationError) as error:
        refuse_address_change(HELD, desired_location(params(address={"city": "Cork", "zipcode": None}), HELD))
    assert error.value.field == "address" and error.value.value == {"city": "Cork"}
    assert "+353 1 555 0100" in str(error.value) and "remove that number" in str(error.value)


@pytest.mark.parametrize("current, address", [
    (HELD, {"city": "Dublin", "zipcode": None}),  # the same address: left out of the PATCH, no failure
    ({**HELD, "emergencyNumber": None}, {"city": "Cork"}),  # no number held: the address may change
    (None, {"city": "Cork"}),  # a new location
])
def test_no_failure_when_the_address_may_be_sent_or_need_not_be(current, address):
    refuse_address_change(current, desired_location(params(address=address), current))
