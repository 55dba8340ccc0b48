# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local checks of user input, so bad values fail before any request with the field and the rule."""

from __future__ import annotations

import ipaddress
import math
import re
from datetime import datetime, timedelta
from typing import Any

# Patterns are matched whole (fullmatch): `$` would let a final newline through ("ntp1\n" is no host name).
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_DURATION = re.compile(r" *(\d+(?:\.\d+)?) *(ms|s|m|h)? *")
_DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


class ValidationError(ValueError):
    """Bad input: names the option, the value and the rule."""

    def __init__(self, field: str, value: Any, rule: str):
        super().__init__(f"{field}: {value!r} {rule}")
        self.field = field
        self.value = value
        self.rule = rule


NAME_MAX = 255  # longer names are refused here: no Genesys Cloud object is named at such length in practice
NTP_SERVERS_MAX = 10  # a site's NTP servers this collection accepts; a real site has one to four
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def object_name(field: str, value: Any) -> str:
    """The name of a location, site, Edge or policy, matched literally: not empty, no leading or trailing space, no
    control character, no `*` (Genesys Cloud's name filters read it as a wildcard, so `d*` would find other
    objects), at most NAME_MAX characters."""
    rule = ""
    if not isinstance(value, str) or not value.strip():
        rule = "is not a name; give the object's name"
    elif value != value.strip():
        rule = "starts or ends with white space; write the name without it"
    elif _CONTROL.search(value):
        rule = "holds a control character (a line break, a tab...); write the name on one line"
    elif "*" in value:
        rule = "holds *, which Genesys Cloud's name filters read as a wildcard; names are matched literally here"
    elif len(value) > NAME_MAX:
        rule = f"is {len(value)} characters long; a name has at most {NAME_MAX}"
    if rule:
        raise ValidationError(field, value, rule)
    return value


def ntp_servers(field: str, value: Any) -> list[str]:
    """A site's NTP servers, in order: 1 to NTP_SERVERS_MAX host names or addresses, each once."""
    if not isinstance(value, list) or not 1 <= len(value) <= NTP_SERVERS_MAX:
        raise ValidationError(field, value, f"is not a list of 1 to {NTP_SERVERS_MAX} NTP servers; leave it unset to "
                                            "keep the site's")
    seen: set[str] = set()
    for index, server in enumerate(value):
        host(f"{field}[{index}]", server)
        if server.lower() in seen:
            raise ValidationError(f"{field}[{index}]", server, "is given twice; name each NTP server once")
        seen.add(server.lower())
    return value


def is_ip_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def is_host_name(value: str) -> bool:
    """RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens; not all-numeric."""
    name = value[:-1] if value.endswith(".") else value
    if not name or len(name) > 253:
        return False
    labels = name.split(".")
    if labels[-1].isdigit():  # 10.0.0.300 is a bad address, not a host name
        return False
    return all(_HOST_LABEL.fullmatch(label) for label in labels)


def host(field: str, value: Any) -> str:
    """A host name or an IPv4/IPv6 address, as NTP servers and SIP hosts are given."""
    if not isinstance(value, str) or not (is_ip_address(value) or is_host_name(value)):
        raise ValidationError(field, value, "is not a host name or an IP address (e.g. 0.pool.ntp.org, 10.1.2.3)")
    return value


def positive_duration(field: str, value: Any) -> float:
    """Seconds from a number of seconds or a string like '500ms', '2s', '1.5m', '1h'."""
    seconds: float | None = None
    if isinstance(value, bool):
        seconds = None
    elif isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        match = _DURATION.fullmatch(value)
        if match:
            seconds = float(match.group(1)) * _DURATION_UNITS[match.group(2) or "s"]
    if seconds is None or not math.isfinite(seconds) or seconds <= 0:
        raise ValidationError(field, value, "is not a positive duration; give seconds or a number with ms, s, m or h (e.g. 2s, 500ms)")
    return seconds


_PAIRING_ID = re.compile(r"[0-9A-Z]{5}(?:-[0-9A-Z]{5}){4}")
_MAC = re.compile(r"[0-9a-f]{2}(?:[:-]?[0-9a-f]{2}){5}")


def pairing_id(field: str, value: Any) -> str:
    """The id an Edge appliance shows on its display: five groups of five letters or digits (upper-cased)."""
    text = value.strip().upper() if isinstance(value, str) else value
    if not isinstance(text, str) or not _PAIRING_ID.fullmatch(text):
        raise ValidationError(field, value, "is not a pairing id; copy the 25 characters the appliance shows, "
                                            "as five groups of five letters or digits (e.g. 8F3K2-9QW7T-00AB1-ZZ9X4-KD2M7)")
    return text


def mac_address(field: str, value: Any) -> str:
    """A MAC address in any of the usual spellings, as aa:bb:cc:dd:ee:ff."""
    text = value.strip().lower() if isinstance(value, str) else ""
    if not _MAC.fullmatch(text):
        raise ValidationError(field, value, "is not a MAC address (e.g. 00:25:90:aa:bb:01)")
    digits = re.sub(r"[:-]", "", text)
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


def ip_interface(field: str, address: Any, netmask: Any = None) -> ipaddress.IPv4Interface | ipaddress.IPv6Interface:
    """An address with its prefix: '10.1.2.10/24', or '10.1.2.10' with netmask '255.255.255.0' (or '24')."""
    if not isinstance(address, str):
        raise ValidationError(field, address, "is not an address in CIDR form (e.g. 10.1.2.10/24)")
    if "/" in address and netmask is not None:
        raise ValidationError(field, address, "has a prefix and a netmask; give one of them")
    text = address if netmask is None else f"{address}/{netmask}"
    if "/" not in text:
        raise ValidationError(field, address, "has no prefix; write it as 10.1.2.10/24 or add netmask: 255.255.255.0")
    try:
        interface = ipaddress.ip_interface(text.strip())
    except ValueError:
        rule = "with this netmask is not a valid address and contiguous netmask" if netmask is not None else \
            "is not an address in CIDR form (e.g. 10.1.2.10/24)"
        raise ValidationError(field, text, rule) from None
    if interface.ip == interface.network.network_address and interface.network.prefixlen < interface.max_prefixlen - 1:
        raise ValidationError(field, text, "is the network address of its subnet, not a host address")
    return interface


def vlan_id(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4094:
        raise ValidationError(field, value, "is not a VLAN id (1 to 4094)")
    return value


_E164 = re.compile(r"\+[1-9]\d{1,14}")
# RFC 3261 sip:/sips: user@host[:port][;params]; the user part may hold unreserved characters and %-escapes,
# but never a bare "@" (an escaped one, %40, would smuggle a second host into the user part).
_SIP_URI = re.compile(r"(?i:sips?):(?P<user>[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+)@(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)"
                      r"(?::(?P<port>\d{1,5}))?(?P<params>;[^\s@]*)?")


def e164(field: str, value: Any) -> str:
    """A phone number in E.164: '+', the country code, then the number; 15 digits at most, no spaces."""
    if not isinstance(value, str) or not _E164.fullmatch(value):
        raise ValidationError(field, value, "is not an E.164 number; write + then up to 15 digits with no spaces or "
                                            "punctuation (e.g. +13175550123)")
    return value


def sip_uri(field: str, value: Any) -> str:
    """A SIP URI, sip:user@host[:port]; the host is a host name or an IP address and the port 1 to 65535."""
    match = _SIP_URI.fullmatch(value) if isinstance(value, str) else None
    rule = None
    if match is None:
        rule = "is not a SIP URI; write sip:user@host or sip:user@host:port with no spaces (e.g. sip:+13175550123@sbc.example.com)"
    elif "%40" in match["user"].lower():
        rule = "has an escaped @ (%40) in its user part; a SIP URI names one user and one host"
    elif not (is_ip_address(match["host"].strip("[]")) or is_host_name(match["host"])):
        rule = f"has host {match['host']!r}, which is not a host name or an IP address"
    elif match["port"] is not None and not 1 <= int(match["port"]) <= 65535:
        rule = f"has port {match['port']}, which is not 1 to 65535"
    if rule:
        raise ValidationError(field, value, rule)
    return value


def dial_target(field: str, value: Any) -> str:
    """What a smoke call dials: an E.164 number, or a SIP URI."""
    if isinstance(value, str) and value.lower().startswith(("sip:", "sips:")):
        return sip_uri(field, value)
    return e164(field, value)


_RETENTION = re.compile(r" *(\d+) *([dwy]?) *")
# A year is 365 days, so 7y is 2555 days: the figure Genesys Cloud documents for seven years of retention.
DAYS_PER_UNIT = {"": 1, "d": 1, "w": 7, "y": 365}


def country_code(field: str, value: Any) -> str:
    """An ISO 3166-1 alpha-2 country code, two letters (US, IE, JP)."""
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
        raise ValidationError(field, value, "is not an ISO 3166-1 alpha-2 country code; write two letters, e.g. US or IE")
    return value.upper()


def time_zone(field: str, value: Any) -> str:
    """An IANA time zone name (America/Chicago), as the controller's zoneinfo database knows them."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # pylint: disable=import-outside-toplevel  # Python 3.9+
    try:
        ZoneInfo(value)
    except (ValueError, TypeError, ZoneInfoNotFoundError):
        raise ValidationError(field, value, "is not an IANA time zone; write e.g. America/Chicago or Europe/Dublin") from None
    return value


def port(field: str, value: Any) -> int:
    if not isinstance(value, int) or not 1 <= value <= 65535:
        raise ValidationError(field, value, "is not a port; give 1 to 65535")
    return value


def retention_days(field: str, value: Any) -> int:
    """Days from a number of days or a string like '90d', '12w', '7y' (a year counts 365 days)."""
    days = None
    if isinstance(value, int) and not isinstance(value, bool):
        days = value
    elif isinstance(value, str) and _RETENTION.fullmatch(value.lower()):
        number, unit = _RETENTION.fullmatch(value.lower()).groups()
        days = int(number) * DAYS_PER_UNIT[unit]
    if days is None or days <= 0:
        raise ValidationError(field, value, "is not a positive retention; give days, or a whole number with d, w or y "
                                            "(e.g. 90d, 7y; a year is 365 days, so 7y is 2555 days)")
    return days


# Edge update windows, as the SDK's EdgeAutoUpdateConfig documents them: "The only supported frequencies are daily
# and weekly. Weekly frequencies require a day list with at least one day", "The minimum size of the window is
# 2 hours", start and end "an ISO-8601 string without a timezone".
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MIN_UPDATE_WINDOW = timedelta(hours=2)
_LOCAL_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?")


def update_rrule(field: str, value: Any) -> str:
    """FREQ=DAILY, or FREQ=WEEKLY with BYDAY naming at least one day (MO..SU)."""
    text = value if isinstance(value, str) else ""
    parts = dict(part.strip().partition("=")[::2] for part in text.upper().split(";") if part.strip())
    if parts.get("FREQ") not in ("DAILY", "WEEKLY"):
        raise ValidationError(field, value, "is not supported: Edges update only on a DAILY or WEEKLY rule "
                                            "(e.g. FREQ=WEEKLY;BYDAY=SU or FREQ=DAILY)")
    days = [day for day in parts.get("BYDAY", "").split(",") if day]
    if parts["FREQ"] == "WEEKLY" and not days:
        raise ValidationError(field, value, "is a WEEKLY rule without BYDAY; name at least one day (e.g. FREQ=WEEKLY;BYDAY=SU)")
    unknown = [day for day in days if day not in WEEKDAYS]
    if unknown:
        raise ValidationError(field, value, f"has BYDAY {','.join(unknown)}; name days as {', '.join(WEEKDAYS)}")
    return value


def local_datetime(field: str, value: Any) -> datetime:
    """An ISO-8601 date and time without a zone, YYYY-MM-DDTHH:MM:SS with optional fractions of a second."""
    try:
        if isinstance(value, str) and _LOCAL_DATETIME.fullmatch(value):
            return datetime.fromisoformat(value)
    except ValueError:
        pass
    raise ValidationError(field, value, "is not a local date-time; write YYYY-MM-DDTHH:MM:SS.000 without a zone "
                                        "(e.g. 2026-01-04T02:00:00.000)")


def edge_update_window(field: str, window: dict[str, Any]) -> dict[str, str]:
    """The site's edgeAutoUpdateConfig from the edge_auto_update option; start and end in the API's own form
    (milliseconds), so that a re-run compares equal to what Genesys Cloud returns."""
    zone = time_zone(f"{field}.time_zone", window["time_zone"])
    rrule = update_rrule(f"{field}.rrule", window["rrule"])
    start = local_datetime(f"{field}.start", window["start"])
    end = local_datetime(f"{field}.end", window["end"])
    if end - start < MIN_UPDATE_WINDOW:
        raise ValidationError(f"{field}.end", window["end"], f"is less than 2 hours after start {window['start']}; "
                                                             "an Edge update window lasts 2 hours or more")
    return {"timeZone": zone, "rrule": rrule, "start": _api_datetime(start), "end": _api_datetime(end)}


def _api_datetime(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"
