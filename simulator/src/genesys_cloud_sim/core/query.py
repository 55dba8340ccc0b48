"""Query-parameter parsing shared by the listings."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from genesys_cloud_sim.core.errors import invalid_value

T = TypeVar("T")


def multi_value(values: list[str] | None) -> list[str] | None:
    """A list parameter sent repeated (?id=a&id=b) or comma-joined (?id=a,b, as the official SDK does)."""
    if values is None:
        return None
    return [item for value in values for item in value.split(",") if item]


def is_descending(sort_order: str | None) -> bool:
    order = (sort_order or "asc").lower()
    if order not in ("asc", "desc", "ascending", "descending"):
        raise invalid_value("sortOrder", f"sortOrder must be ASC or DESC, not '{sort_order}'.")
    return order.startswith("desc")


def name_pattern(name: str) -> re.Pattern[str]:
    """A `name` filter: case-insensitive, exact unless it holds `*`, the only wildcard (`?` and `[...]` are literal)."""
    return re.compile(".*".join(re.escape(part) for part in name.split("*")), re.IGNORECASE | re.DOTALL)


def sort_key(sort_by: str, keys: Mapping[str, Callable[[T], Any]]) -> Callable[[T], Any]:
    """The key function a `sortBy` value names; any other value is refused (400 naming sortBy)."""
    if sort_by not in keys:
        raise invalid_value("sortBy", f"sortBy must be one of [{', '.join(keys)}], not '{sort_by}'.")
    return keys[sort_by]
