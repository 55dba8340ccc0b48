# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The take_turns filter: items reordered so that their groups take turns, each keeping its own order.

The rollout's waves take their sites in this order, regions taking turns: a batch cut from it holds sites of every
region, so it spends every region's token budget at once instead of one region's after another's.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

_GAP = object()


def take_turns(items: list[Any], keys: list[Any]) -> list[Any]:
    """The first item of each key (keys in the order they first appear), then the second of each, and so on."""
    items, keys = list(items), list(keys)
    if len(items) != len(keys):
        raise ValueError(f"take_turns needs one key an item: {len(items)} items, {len(keys)} keys")
    groups: dict[Any, list[Any]] = {}
    for item, key in zip(items, keys):
        groups.setdefault(key, []).append(item)
    return [item for turn in zip_longest(*groups.values(), fillvalue=_GAP) for item in turn if item is not _GAP]


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"take_turns": take_turns}
