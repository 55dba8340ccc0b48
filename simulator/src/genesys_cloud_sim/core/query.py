"""Query-parameter parsing shared by the listings."""

from __future__ import annotations

import re

from genesys_cloud_sim.core.errors import invalid_value


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
