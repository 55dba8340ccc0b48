"""Properties of the input validators (_validate.py) and of desired-versus-current comparison (_compare.py).

Valid inputs are generated from each rule and must be accepted and normalised idempotently; invalid inputs are
generated next to them and must be refused with a ValidationError that names the field, the value and the rule.
Derandomized, without an example database, so every run (and CI) checks the same examples.
"""

from __future__ import annotations

import copy
import ipaddress
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import (
    before_of, differences, if_converged, merged, snake_case, without_none,
)
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import (
    DAYS_PER_UNIT, ValidationError, dial_target, e164, host, ip_interface, mac_address, pairing_id, positive_duration,
    retention_days, sip_uri, vlan_id,
)

PROPERTY = settings(derandomize=True, database=None, deadline=None, max_examples=100)
FIELD = "options[0].value"


def refused(validator, value, *args, field=FIELD) -> ValidationError:
    """The error a validator raises for a bad value; it must name the field first."""
    with pytest.raises(ValidationError) as raised:
        validator(field, value, *args)
    assert raised.value.field == field and str(raised.value).startswith(f"{field}: ")
    return raised.value


@st.composite
def inserted(draw, text, chars):
    """A `text` with one of `chars` put in at any position."""
    base = draw(text)
    at = draw(st.integers(0, len(base)))
    return base[:at] + draw(st.sampled_from(chars)) + base[at:]


# --- strategies of valid input ------------------------------------------------------------------------------------

LABEL = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,20}[A-Za-z0-9])?", fullmatch=True)
HOST_NAME = st.lists(LABEL, min_size=1, max_size=4).filter(lambda labels: not labels[-1].isdigit()).map(".".join)
IP_ADDRESS = st.ip_addresses().map(str)
E164 = st.from_regex(r"\+[1-9][0-9]{1,14}", fullmatch=True)
SIP_USER = st.from_regex(r"[A-Za-z0-9+._!~*'()&=$,-]{1,16}", fullmatch=True)
SIP_HOST = HOST_NAME | st.ip_addresses(v=4).map(str) | st.ip_addresses(v=6).map(lambda a: f"[{a}]")
PAIRING_GROUP = st.text(alphabet=string.ascii_letters + string.digits, min_size=5, max_size=5)
PAIRING_ID = st.lists(PAIRING_GROUP, min_size=5, max_size=5).map("-".join)
UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "": 1.0}

# Values a bad input is made of: not one of them can pass the rule it is given to.
NOT_A_STRING = st.none() | st.integers() | st.lists(st.integers(), max_size=2) | st.booleans()
WORDS = st.from_regex(r"[A-Za-z ]{0,10}", fullmatch=True)  # no digits, so never a number of anything


# --- every validator: a bad value is refused naming the field, the value and the rule -----------------------------

BAD_VALUES = {
    "host": (host, inserted(HOST_NAME, " _!@#/,*") | NOT_A_STRING),
    "positive_duration": (positive_duration, WORDS | st.integers(max_value=0) | st.just("0s") | st.booleans()),
    "pairing_id": (pairing_id, inserted(PAIRING_ID, "_!#.-") | st.lists(PAIRING_GROUP, max_size=4).map("-".join)),
    "mac_address": (mac_address, st.binary(min_size=5, max_size=5).map(lambda b: b.hex(":")) | WORDS | NOT_A_STRING),
    "vlan_id": (vlan_id, st.integers(max_value=0) | st.integers(min_value=4095) | st.booleans() | st.just("100")),
    "e164": (e164, inserted(E164, " -().") | E164.map(lambda number: number[1:])
             | st.from_regex(r"\+[0-9]{16,20}", fullmatch=True)),
    "sip_uri": (sip_uri, st.builds("sip:{}%40{}@{}".format, SIP_USER, SIP_USER, HOST_NAME)
                | st.builds("sip:{}@{}:{}".format, SIP_USER, HOST_NAME, st.integers(65536, 99999))
                | inserted(st.builds("sip:{}@{}".format, SIP_USER, HOST_NAME), " @")),
    "retention_days": (retention_days, WORDS | st.integers(max_value=0) | st.booleans()
                       | st.builds("{}{}".format, st.integers(1, 99), st.sampled_from(["m", "h", "days", "yrs"]))),
}


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
@PROPERTY
@given(data=st.data(), field=st.from_regex(r"[a-z_]{1,10}(\[[0-9]\])?(\.[a-z_]{1,10})?", fullmatch=True))
def test_bad_values_are_refused_naming_the_field_the_value_and_the_rule(name, data, field):
    validator, bad_values = BAD_VALUES[name]
    value = data.draw(bad_values)
    error = refused(validator, value, field=field)
    assert error.value is value and error.rule
    assert str(error) == f"{field}: {value!r} {error.rule}"


# --- hosts --------------------------------------------------------------------------------------------------------

@PROPERTY
@given(value=HOST_NAME | IP_ADDRESS)
def test_host_names_and_addresses_are_accepted_as_given(value):
    assert host(FIELD, value) == value


# --- durations ----------------------------------------------------------------------------------------------------

@PROPERTY
@given(whole=st.integers(0, 10**6), fraction=st.sampled_from(["", ".5", ".25", ".001"]),
       unit=st.sampled_from(sorted(UNITS)), spaces=st.sampled_from(["", " "]))
def test_durations_are_seconds_and_idempotent(whole, fraction, unit, spaces):
    number = f"{whole}{fraction}"
    if float(number) == 0:
        assert "positive duration" in refused(positive_duration, number + unit).rule
        return
    seconds = positive_duration(FIELD, f"{spaces}{number}{spaces}{unit}{spaces}")
    assert seconds == pytest.approx(float(number) * UNITS[unit])
    assert positive_duration(FIELD, seconds) == seconds


# --- pairing ids --------------------------------------------------------------------------------------------------

@PROPERTY
@given(value=PAIRING_ID, padding=st.sampled_from(["", " ", "\t"]))
def test_pairing_ids_are_upper_cased_and_idempotent(value, padding):
    normalised = pairing_id(FIELD, f"{padding}{value}{padding}")
    assert normalised == value.upper()
    assert pairing_id(FIELD, normalised) == normalised


# --- MAC addresses ------------------------------------------------------------------------------------------------

@PROPERTY
@given(octets=st.binary(min_size=6, max_size=6), separator=st.sampled_from([":", "-", ""]), upper=st.booleans())
def test_mac_addresses_in_any_spelling_become_colon_lower_case(octets, separator, upper):
    spelled = octets.hex(separator) if separator else octets.hex()
    normalised = mac_address(FIELD, spelled.upper() if upper else spelled)
    assert normalised == octets.hex(":")
    assert mac_address(FIELD, normalised) == normalised


# --- interface addresses ------------------------------------------------------------------------------------------

def is_network_address(interface) -> bool:
    network = interface.network
    return interface.ip == network.network_address and network.prefixlen < interface.max_prefixlen - 1


@PROPERTY
@given(address=st.ip_addresses(), data=st.data())
def test_cidr_addresses_are_accepted_unless_they_name_the_network(address, data):
    text = f"{address}/{data.draw(st.integers(0, address.max_prefixlen))}"
    expected = ipaddress.ip_interface(text)
    if is_network_address(expected):
        assert "network address" in refused(ip_interface, text).rule
        return
    assert ip_interface(FIELD, text) == expected
    assert ip_interface(FIELD, str(expected)) == expected  # idempotent


@PROPERTY
@given(address=st.ip_addresses(v=4), prefix=st.integers(0, 32))
def test_a_netmask_or_a_prefix_length_means_the_same_as_cidr(address, prefix):
    cidr = ipaddress.ip_interface(f"{address}/{prefix}")
    if is_network_address(cidr):
        return  # the network address is refused whichever way it is written (see above)
    assert ip_interface(FIELD, str(address), str(cidr.netmask)) == cidr
    assert ip_interface(FIELD, str(address), str(prefix)) == cidr


NETMASKS = {(2**32 - 1) ^ (2**(32 - prefix) - 1) for prefix in range(33)}
HOSTMASKS = {(2**32 - 1) ^ mask for mask in NETMASKS}  # ipaddress reads 0.0.0.255 as a host mask, i.e. /24


@PROPERTY
@given(address=st.ip_addresses(v=4).map(str),
       mask=st.integers(0, 2**32 - 1).filter(lambda m: m not in NETMASKS | HOSTMASKS))
def test_non_contiguous_netmasks_are_refused(address, mask):
    error = refused(ip_interface, address, str(ipaddress.IPv4Address(mask)))
    assert "contiguous netmask" in error.rule and address in str(error)


@PROPERTY
@given(address=IP_ADDRESS)
def test_an_address_needs_exactly_one_of_prefix_and_netmask(address):
    assert "has no prefix" in refused(ip_interface, address).rule
    assert "give one of them" in refused(ip_interface, f"{address}/24", "255.255.255.0").rule


# --- VLAN ids -----------------------------------------------------------------------------------------------------

@PROPERTY
@given(vlan=st.integers(1, 4094))
def test_vlan_ids_in_range_are_accepted(vlan):
    assert vlan_id(FIELD, vlan) == vlan


# --- E.164 numbers and SIP URIs -----------------------------------------------------------------------------------

@PROPERTY
@given(number=E164)
def test_e164_numbers_are_accepted_as_given_and_dialled(number):
    assert e164(FIELD, number) == number == dial_target(FIELD, number)
    assert e164(FIELD, e164(FIELD, number)) == number


@PROPERTY
@given(scheme=st.sampled_from(["sip", "sips"]), user=SIP_USER, host_part=SIP_HOST,
       port=st.none() | st.integers(1, 65535))
def test_sip_uris_are_accepted_as_given_and_dialled(scheme, user, host_part, port):
    uri = f"{scheme}:{user}@{host_part}" + (f":{port}" if port else "")
    assert sip_uri(FIELD, uri) == uri == dial_target(FIELD, uri)


# BUG: RFC 3261 (19.1.4) compares URI schemes case-insensitively, and dial_target routes "SIP:" to sip_uri for that
# reason, but sip_uri's pattern only knows lower-case "sip:"/"sips:", so SIP:alice@sbc.example.com is refused.
@PROPERTY
@given(scheme=st.sampled_from(["SIP", "Sip", "SIPS"]), user=SIP_USER, host_part=HOST_NAME)
def test_the_sip_scheme_is_case_insensitive(scheme, user, host_part):
    uri = f"{scheme}:{user}@{host_part}"
    assert dial_target(FIELD, uri) == uri


@PROPERTY
@given(user=SIP_USER, host_part=HOST_NAME, port=st.integers(65536, 99999))
def test_sip_port_out_of_range_is_named(user, host_part, port):
    assert f"has port {port}" in refused(sip_uri, f"sip:{user}@{host_part}:{port}").rule


@PROPERTY
@given(number=st.from_regex(r"[0-9]{1,15}", fullmatch=True))
def test_a_number_dialled_without_plus_is_refused_as_e164(number):
    assert "E.164" in refused(dial_target, number).rule


# --- retention ----------------------------------------------------------------------------------------------------

@PROPERTY
@given(count=st.integers(1, 10**5), unit=st.sampled_from(["", "d", "w", "y", "D", "W", "Y"]),
       spaces=st.sampled_from(["", " "]))
def test_retention_is_days_and_idempotent(count, unit, spaces):
    days = retention_days(FIELD, f"{spaces}{count}{spaces}{unit}{spaces}")
    assert days == count * DAYS_PER_UNIT[unit.lower()]
    assert retention_days(FIELD, days) == days


# --- comparison ---------------------------------------------------------------------------------------------------

KEYS = st.text(alphabet="abX_", min_size=1, max_size=2)  # a small alphabet, so desired and current share keys
SCALARS = st.none() | st.booleans() | st.integers(-3, 3) | st.text(alphabet="xyz", max_size=2) \
    | st.floats(allow_nan=False)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
                    max_leaves=10)
OBJECTS = st.dictionaries(KEYS, JSON, max_size=4)


@st.composite
def part_of(draw, value):
    """What a user may ask for of `value`: any keys of its dicts, at any depth; lists and scalars whole."""
    if not isinstance(value, dict):
        return copy.deepcopy(value)
    keys = draw(st.lists(st.sampled_from(sorted(value)), unique=True)) if value else []
    return {key: draw(part_of(value[key])) for key in keys}


@PROPERTY
@given(data=st.data(), current=OBJECTS, unset=st.lists(KEYS, max_size=2))
def test_a_part_of_current_differs_in_nothing(data, current, unset):
    desired = data.draw(part_of(current))
    desired.update({key: None for key in unset if key not in desired})  # options left unset are not managed
    assert differences(desired, current) is None
    assert if_converged(current, desired) is current


def assert_untouched_kept(current, changes, after):
    """Whatever of `current` the changes do not reach is still in `after`: a PUT of it loses nothing."""
    for key, value in current.items():
        if key not in changes:
            assert after[key] == value
        elif isinstance(value, dict) and isinstance(changes[key], dict):
            assert_untouched_kept(value, changes[key], after[key])


@PROPERTY
@given(desired=OBJECTS, current=OBJECTS)
def test_applying_the_differences_converges(desired, current):
    original = copy.deepcopy(current)
    changes = differences(desired, current)
    after = merged(current, changes or {})
    assert differences(desired, after) is None
    assert current == original  # merged works on a copy
    assert_untouched_kept(current, changes or {}, after)
    assert (if_converged(current, desired) is current) == (changes is None)


@PROPERTY
@given(desired=OBJECTS, current=OBJECTS)
def test_differences_hold_only_desired_keys_that_differ(desired, current):
    changes = differences(desired, current) or {}
    assert set(changes) <= {key for key, value in desired.items() if value is not None}
    for key in changes:
        assert differences(desired[key], current.get(key)) is not None
    assert set(before_of(changes, current)) == set(changes)


@PROPERTY
@given(desired=OBJECTS, current=OBJECTS)
def test_unset_options_make_no_difference(desired, current):
    assert differences(without_none(desired), current) == differences(desired, current)
    assert without_none(without_none(desired)) == without_none(desired)


@PROPERTY
@given(items=st.lists(st.integers(), min_size=2, max_size=5, unique=True), data=st.data())
def test_list_order_is_a_difference(items, data):
    """NTP servers are tried in order, so another order is a change and the whole list is sent."""
    reordered = data.draw(st.permutations(items))
    expected = None if reordered == items else {"servers": items}
    assert differences({"servers": items}, {"servers": reordered}) == expected


@PROPERTY
@given(value=JSON)
def test_a_value_never_differs_from_itself(value):
    assert differences(value, copy.deepcopy(value)) is None


# --- snake_case ---------------------------------------------------------------------------------------------------

# Words of two characters or more: "xYZ" could as well be x + the acronym YZ, so one-letter words do not round-trip.
WORD = st.from_regex(r"[a-z][a-z0-9]{1,6}", fullmatch=True)


@PROPERTY
@given(words=st.lists(WORD, min_size=1, max_size=4), value=JSON)
def test_camel_case_wire_keys_become_the_snake_case_options(words, value):
    camel = words[0] + "".join(word.capitalize() for word in words[1:])
    assert snake_case({camel: value}) == {"_".join(words): snake_case(value)}


@PROPERTY
@given(value=JSON)
def test_snake_case_is_idempotent_and_leaves_no_capital_in_any_key(value):
    once = snake_case(value)
    assert snake_case(once) == once
    assert not any(key != key.lower() for key in keys_of(once))


def keys_of(value):
    """Every dict key at every depth."""
    if isinstance(value, dict):
        return [*value, *(key for item in value.values() for key in keys_of(item))]
    if isinstance(value, list):
        return [key for item in value for key in keys_of(item)]
    return []
