"""find/get/named for an area that keeps its objects by id: the lookups every area needs, in one place."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from genesys_cloud_sim.core.errors import not_found

T = TypeVar("T")


class Entities(Generic[T]):
    """Mixed into an Area that keeps its objects in `self._by_id`; `entity_kind` names them in 404 messages."""

    entity_kind: ClassVar[str]
    _by_id: dict[str, Any]

    def find(self, entity_id: str) -> T | None:
        return self._by_id.get(entity_id)

    def get(self, entity_id: str) -> T:
        entity = self._by_id.get(entity_id)
        if entity is None:
            raise not_found(self.entity_kind, entity_id)
        return entity

    def named(self, name: str) -> T | None:
        """Names compare case-insensitively, as Genesys Cloud's do."""
        wanted = name.lower()
        return next((entity for entity in self._by_id.values() if entity.name.lower() == wanted), None)
