# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local checks of user input, so bad values fail before any request with the field and the rule."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")
_DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


class ValidationError(ValueError):
    """Bad input: names the option, the value and the rule."""

    def __init__(self, field: str, value: Any, rule: str):
        super().__init__(f"{field}: {value!r} {rule}")
        self.field = field
        self.value = value
        self.rule = rule


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
    return all(_HOST_LABEL.match(label) for label in labels)


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
        match = _DURATION.match(value)
        if match:
            seconds = float(match.group(1)) * _DURATION_UNITS[match.group(2) or "s"]
    if seconds is None or seconds <= 0:
        raise ValidationError(field, value, "is not a positive duration; give seconds or a number with ms, s, m or h (e.g. 2s, 500ms)")
    return seconds
