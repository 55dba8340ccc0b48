# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired-versus-current comparison: only what the user asked for counts, and only changed keys show."""

from __future__ import annotations

import copy
import re
from typing import Any

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])([A-Z])|(?<=[A-Z])([A-Z])(?=[a-z])")


def differences(desired: Any, current: Any) -> Any:
    """The part of `desired` that `current` does not already hold; None when nothing differs.

    Dicts compare as subsets (keys the user left out, or set to None, are not managed); lists
    compare in order and element by element, so an NTP server order change is a change.
    """
    if isinstance(desired, dict):
        current = current if isinstance(current, dict) else {}
        changed = {}
        for key, want in desired.items():
            if want is None:
                continue
            delta = differences(want, current.get(key))
            if delta is not None:
                changed[key] = want if not isinstance(want, dict) else delta
        return changed or None
    if isinstance(desired, list):
        if not isinstance(current, list) or len(desired) != len(current):
            return desired
        return desired if any(differences(w, c) is not None for w, c in zip(desired, current)) else None
    return None if desired == current else desired


def without_none(value: Any) -> Any:
    """Drop the options the user left unset, at every depth."""
    if isinstance(value, dict):
        return {key: without_none(item) for key, item in value.items() if item is not None}
    return value


def before_of(changes: dict[str, Any], current: Any) -> dict[str, Any]:
    """The current values at the keys of `changes`, for the 'before' side of a diff."""
    before: dict[str, Any] = {}
    current = current if isinstance(current, dict) else {}
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(current.get(key), dict):
            before[key] = before_of(value, current[key])
        else:
            before[key] = current.get(key)
    return before


def merged(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`current` with `changes` applied deeply: the whole object that a PUT wants back."""
    result = copy.deepcopy(current)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def snake_case(value: Any) -> Any:
    """Wire JSON (camelCase keys) as Ansible users expect it (snake_case keys), recursively."""
    if isinstance(value, dict):
        return {_snake(key): snake_case(item) for key, item in value.items()}
    if isinstance(value, list):
        return [snake_case(item) for item in value]
    return value


def _snake(key: str) -> str:
    return _CAMEL_BOUNDARY.sub(lambda m: "_" + (m.group(1) or m.group(2)), key).lower()


def if_converged(current: Any, desired: dict[str, Any]) -> Any:
    """`current` when it already holds every desired value, else None (confirms an ambiguous write)."""
    return current if differences(desired, current) is None else None
