"""The listing envelope: entities, pageSize, pageNumber, total, pageCount and the first/self/next/previous/last URIs."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from genesys_cloud_sim.core.errors import invalid_value

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    number: int
    size: int


def page_request(page_number: int | None, page_size: int | None) -> PageRequest:
    """Refuse sizes above 100 rather than clamp them, so a client that asks for more learns it (FIDELITY.md)."""
    number = 1 if page_number is None else page_number
    size = DEFAULT_PAGE_SIZE if page_size is None else page_size
    if number < 1:
        raise invalid_value("pageNumber", f"pageNumber must be 1 or more, not {number}.")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise invalid_value("pageSize", f"pageSize must be between 1 and {MAX_PAGE_SIZE}, not {size}.")
    return PageRequest(number, size)


def paginate(
    items: Sequence[T],
    page: PageRequest,
    render: Callable[[T], dict[str, Any]],
    path: str,
    filters: Sequence[tuple[str, str]] = (),
    *,
    with_total_number_of_entities: bool = False,
) -> dict[str, Any]:
    """One page of `items` (already filtered and sorted); URIs keep the filters so following nextUri is enough."""
    total = len(items)
    page_count = math.ceil(total / page.size)
    start = (page.number - 1) * page.size

    def uri(number: int) -> str:
        query = [("pageSize", str(page.size)), ("pageNumber", str(number)), *filters]
        return f"{path}?{urlencode(query, quote_via=quote)}"

    listing: dict[str, Any] = {
        "entities": [render(item) for item in items[start : start + page.size]],
        "pageSize": page.size,
        "pageNumber": page.number,
        "total": total,
    }
    if with_total_number_of_entities:
        listing["totalNumberOfEntities"] = total
    listing.update(
        {
            "pageCount": page_count,
            "firstUri": uri(1),
            "selfUri": uri(page.number),
            "lastUri": uri(max(page_count, 1)),
        }
    )
    if page.number < page_count:
        listing["nextUri"] = uri(page.number + 1)
    if 1 < page.number <= page_count + 1:
        listing["previousUri"] = uri(page.number - 1)
    return listing
