"""POST /api/v2/users/search, for the one kind of query the simulator answers faithfully: EXACT matches.

A UserSearchRequest whose every criterion is `{type: EXACT, fields: [...], value | values}` (combined with AND) is
answered; any other criterion type, operator or group is refused (400 invalid.value naming it) rather than answered
wrongly (FIDELITY.md).
"""

from __future__ import annotations

import math
from typing import Any

from genesys_cloud_sim.core.errors import ApiError, invalid_value
from genesys_cloud_sim.core.paging import page_request
from genesys_cloud_sim.core.schema import Field, ListOf, ObjectSpec
from genesys_cloud_sim.users.models import User

USERS_SEARCH_PATH = "/api/v2/users/search"
SEARCHABLE_FIELDS = ("email", "name", "id")
_CRITERIA_TYPES = (
    "EXACT", "STARTS_WITH", "CONTAINS", "REGEX", "TERM", "TERMS", "REQUIRED_FIELDS", "MATCH_ALL", "QUERY_STRING",
    "RANGE", "LESS_THAN", "LESS_THAN_EQUAL_TO", "GREATER_THAN", "GREATER_THAN_EQUAL_TO",
)  # fmt: skip
_SORT_ORDERS = ("ASC", "DESC", "SCORE")
_CRITERIA_FIELDS = {
    "endValue": Field("str"),
    "values": Field("list[str]"),
    "startValue": Field("str"),
    "value": Field("str"),
    "operator": Field("str", enum=("AND", "OR", "NOT")),
    "dateFormat": Field("str"),
    "fields": Field("list[str]"),
    "type": Field("str", required=True, enum=_CRITERIA_TYPES),
}
# `group` nests criteria; one level is enough to read it, and any group is refused below.
_NESTED_CRITERIA = ObjectSpec("UserSearchCriteria", _CRITERIA_FIELDS)
USER_SEARCH_CRITERIA = ObjectSpec("UserSearchCriteria", {**_CRITERIA_FIELDS, "group": Field(ListOf(_NESTED_CRITERIA))})
SEARCH_SORT = ObjectSpec("SearchSort", {"sortOrder": Field("str", enum=_SORT_ORDERS), "sortBy": Field("str")})
USER_SEARCH_REQUEST = ObjectSpec(
    "UserSearchRequest",
    {
        "sortOrder": Field("str", enum=_SORT_ORDERS),
        "sortBy": Field("str"),
        "pageSize": Field("int"),
        "pageNumber": Field("int"),
        "sort": Field(ListOf(SEARCH_SORT)),
        "expand": Field("list[str]"),
        "query": Field(ListOf(USER_SEARCH_CRITERIA)),
        "integrationPresenceSource": Field("str", enum=("MicrosoftTeams", "ZoomPhone", "EightByEight", "RingCentral")),
        "enforcePermissions": Field("bool"),
    },
)


MAX_VALUES = 100


def exact_criteria(body: dict[str, Any]) -> list[tuple[list[str], list[str]]]:
    """(fields, values) of each criterion of a validated UserSearchRequest; 400 for what is not modelled."""
    query = body.get("query")
    if not query:
        raise ApiError(400, "bad.request", "The field 'query' is required.",
                       details=[{"errorCode": "required", "fieldName": "query"}])
    return [_exact_criterion(criterion, f"query[{index}]") for index, criterion in enumerate(query)]


def _exact_criterion(criterion: dict[str, Any], where: str) -> tuple[list[str], list[str]]:
    if criterion["type"] != "EXACT":
        raise invalid_value(f"{where}.type", f"Only EXACT criteria are simulated, not {criterion['type']}.")
    if criterion.get("operator", "AND") != "AND" or "group" in criterion:
        field = f"{where}.operator" if "group" not in criterion else f"{where}.group"
        raise invalid_value(field, "Only criteria combined with AND are simulated.")
    fields = criterion.get("fields") or []
    unknown = [field for field in fields if field not in SEARCHABLE_FIELDS]
    if not fields or unknown:
        raise invalid_value(f"{where}.fields", f"fields must name some of [{', '.join(SEARCHABLE_FIELDS)}].")
    values = criterion.get("values") or ([criterion["value"]] if "value" in criterion else [])
    if not values:
        raise invalid_value(f"{where}.value", "An EXACT criterion needs a value or values.")
    if len(values) > MAX_VALUES:  # a guess on the safe side (FIDELITY.md)
        raise invalid_value(f"{where}.values", f"At most {MAX_VALUES} values are allowed, not {len(values)}.")
    return fields, values


def matches(user: User, criteria: list[tuple[list[str], list[str]]]) -> bool:
    """Every criterion holds: one of its fields equals one of its values exactly (case-sensitive)."""
    return all(any(getattr(user, field) in values for field in fields) for fields, values in criteria)


def search_response(users: list[User], body: dict[str, Any], render: Any) -> dict[str, Any]:
    """UsersSearchResponse: one page of the matches (pageSize default 25, at most 100, like the listings)."""
    page = page_request(body.get("pageNumber"), body.get("pageSize"))
    start = (page.number - 1) * page.size
    return {
        "total": len(users),
        "pageCount": math.ceil(len(users) / page.size),
        "pageSize": page.size,
        "pageNumber": page.number,
        "types": ["users"],
        "results": [render(user) for user in users[start : start + page.size]],
    }
