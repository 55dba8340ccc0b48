# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The optional JMESPath `query` of the *_info modules, compiled before any request."""

from __future__ import annotations

from typing import Any

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError

try:
    import jmespath
    HAS_JMESPATH = True
except ImportError:
    HAS_JMESPATH = False


def compile_query(query: str | None) -> Any:
    if not query:
        return None
    if not HAS_JMESPATH:
        raise ValidationError("query", query, "needs the Python library jmespath on the controller (pip install jmespath)")
    try:
        return jmespath.compile(query)
    except jmespath.exceptions.JMESPathError as error:
        raise ValidationError("query", query, f"is not a valid JMESPath expression ({error})") from None


def info_result(key: str, items: list[dict[str, Any]], query: Any) -> dict[str, Any]:
    """The result of an info module: the items, and the query's value over them when a query was given."""
    result: dict[str, Any] = {"changed": False, key: items}
    if query is not None:
        try:
            result["query_result"] = query.search(items)
        except jmespath.exceptions.JMESPathError as error:  # it compiled, but does not fit what was read
            raise ValidationError("query", query.expression,
                                  f"failed on the {len(items)} {key} read ({error.__class__.__name__}: "
                                  f"{str(error)[:200]}); check the functions' argument types (see the RETURN docs)") from None
    return result
