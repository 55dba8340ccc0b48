"""Request-body validation against the wire models (field names, types, enums and required flags of models.json).

A body may carry every field of its model: read-only ones (what a GET returned, sent back on PUT) are accepted and
dropped. Fields the model does not have are dropped too, as the real API is believed to do (FIDELITY.md), unless
the simulator runs with --strict-fields: then they are refused, so a typo in the collection fails loudly in tests.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Union

from genesys_cloud_sim.core.errors import ApiError, bad_request, invalid_value

Kind = Union[str, "ObjectSpec", "ListOf"]

# Set per request by the gateway from Simulation.strict_fields. Outside a request (seed files, the admin API) it
# stays True: a seed is the simulator's own format, and a typo there is always a mistake.
refuse_unknown_fields: ContextVar[bool] = ContextVar("refuse_unknown_fields", default=True)


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False
    enum: tuple[str | int, ...] | None = None
    read_only: bool = False


@dataclass(frozen=True)
class ObjectSpec:
    model: str
    fields: dict[str, Field] = field(default_factory=dict)


@dataclass(frozen=True)
class ListOf:
    item: ObjectSpec


def read_only_fields(*names: str) -> dict[str, Field]:
    return {name: Field("str", read_only=True) for name in names}


def reference_spec(model: str, *other_fields: str) -> ObjectSpec:
    """A reference to another entity: only `id` counts, the rest of the model's fields are tolerated."""
    return ObjectSpec(model, {"id": Field("str", required=True), **read_only_fields(*other_fields)})


def validate(spec: ObjectSpec, data: Any, path: str = "") -> dict[str, Any]:
    """The writable fields of `data`, checked and normalised; ApiError(400) naming the first bad field."""
    if not isinstance(data, dict):
        raise invalid_value(path or spec.model, f"{path or spec.model} must be a JSON object ({spec.model}).")
    for key in data:
        if key not in spec.fields and refuse_unknown_fields.get():
            raise bad_request(f"Unrecognized field '{_join(path, key)}' for {spec.model}.", _join(path, key))
    cleaned: dict[str, Any] = {}
    for name, rule in spec.fields.items():
        value = data.get(name)
        where = _join(path, name)
        if value is None:
            if rule.required and not rule.read_only:
                raise ApiError(400, "bad.request", f"The field '{where}' is required.",
                               details=[{"errorCode": "required", "fieldName": where}])
            continue
        if not rule.read_only:
            cleaned[name] = _check_value(rule, value, where)
    return cleaned


def _check_value(rule: Field, value: Any, where: str) -> Any:
    kind = rule.kind
    if isinstance(kind, ObjectSpec):
        return validate(kind, value, where)
    if isinstance(kind, ListOf):
        if not isinstance(value, list):
            raise invalid_value(where, f"'{where}' must be a list of {kind.item.model}.")
        return [validate(kind.item, item, f"{where}[{index}]") for index, item in enumerate(value)]
    checked = _SCALAR_CHECKS[kind](value, where)
    if rule.enum is not None and checked not in rule.enum:
        raise invalid_value(where, f"'{where}' must be one of [{', '.join(map(str, rule.enum))}], not '{checked}'.")
    return checked


def _check_str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise invalid_value(where, f"'{where}' must be a string.")
    return value


def _check_int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid_value(where, f"'{where}' must be an integer.")
    return value


def _check_int_or_digits(value: Any, where: str) -> int:
    """An int the official SDK sends as text: its setters turn int enums (DomainNetworkAddress.family) into strings."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return _check_int(value, where)


def _check_number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise invalid_value(where, f"'{where}' must be a number.")
    return value


def _check_bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise invalid_value(where, f"'{where}' must be true or false.")
    return value


def _check_str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid_value(where, f"'{where}' must be a list of strings.")
    return list(value)


def _check_json_object(value: Any, where: str) -> dict[str, Any]:
    """A free-form `dict(str, object)` field (Phone.properties): any JSON object, kept as sent."""
    if not isinstance(value, dict):
        raise invalid_value(where, f"'{where}' must be a JSON object.")
    return dict(value)


def _check_local_datetime(value: Any, where: str) -> str:
    """LocalDateTime: a date and time without zone; written back with milliseconds like the API."""
    text = _check_str(value, where)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(400, "invalid.date", f"'{where}' must be a local date-time like 2026-01-31T02:00:00.000.",
                       details=[{"errorCode": "invalid.date", "fieldName": where}]) from None
    if moment.tzinfo is not None:
        raise ApiError(400, "invalid.date", f"'{where}' is a local date-time and must not carry a zone offset.",
                       details=[{"errorCode": "invalid.date", "fieldName": where}])
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


_SCALAR_CHECKS = {
    "str": _check_str,
    "int": _check_int,
    "int|digits": _check_int_or_digits,
    "number": _check_number,
    "bool": _check_bool,
    "list[str]": _check_str_list,
    "dict": _check_json_object,
    "localdatetime": _check_local_datetime,
}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
