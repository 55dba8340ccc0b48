"""Users of one org (seed key `users`), with the routing status and the PureCloud presence of each.

    users:
      - name: Ada Agent             # required
        email: ada@example.com      # required, unique in the org (case-insensitive)
        id: <uuid>                  # optional
        division: Home              # optional; the org's home division, by id or by its name "Home"
        title: Agent                # optional, also department and state (active | inactive)
        routing_status: {status: OFF_QUEUE, startTime: ...}   # optional, as exported
        presence: {systemPresence: Offline, message: '', modifiedDate: ...}

Users are seeded only (the API's user writes are not served). Going on queue is the OnQueue presence (FIDELITY.md):
that presence makes an off-queue agent IDLE, leaving it makes the agent OFF_QUEUE. A routing-status PUT never changes
the presence (the safe reading of an undocumented point), so it cannot put an agent on queue.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import ApiError, bad_request, invalid_value
from genesys_cloud_sim.core.schema import Field, ObjectSpec, read_only_fields, validate
from genesys_cloud_sim.core.state import Area
from genesys_cloud_sim.users.presence import (
    ON_QUEUE, SYSTEM_PRESENCES, presence_definition_ref, system_presence_of,
)

USERS_PATH = "/api/v2/users"
USER_STATES = ("active", "inactive")
ROUTING_STATUSES = ("OFF_QUEUE", "IDLE", "INTERACTING", "NOT_RESPONDING", "COMMUNICATING")
# What a client may PUT. The other statuses follow from conversations (FIDELITY.md); IDLE only while OnQueue.
SETTABLE_ROUTING_STATUSES = ("OFF_QUEUE", "IDLE")
DEFAULT_PRESENCE = "Offline"

ROUTING_STATUS = ObjectSpec(
    "RoutingStatus",
    {
        **read_only_fields("userId"),
        "status": Field("str", required=True, enum=ROUTING_STATUSES),
        **read_only_fields("startTime"),
    },
)
PRESENCE_DEFINITION = ObjectSpec(
    "PresenceDefinition", {"id": Field("str", required=True), **read_only_fields("systemPresence", "selfUri")}
)
# UserPresence as a PATCH sends it; the SDK's bulk body (MutableUserPresence) has the same fields, `id` the user's.
USER_PRESENCE = ObjectSpec(
    "UserPresence",
    {
        **read_only_fields("id", "name", "source", "sourceId", "primary"),
        "presenceDefinition": Field(PRESENCE_DEFINITION, required=True),
        **read_only_fields("futurePresenceDefinition"),
        "message": Field("str"),
        **read_only_fields("modifiedDate", "selfUri"),
    },
)
BULK_USER_PRESENCE = ObjectSpec(
    "MutableUserPresence", {**USER_PRESENCE.fields, "id": Field("str", required=True)}
)
_SEED_ROUTING_STATUS = ObjectSpec(
    "RoutingStatus", {"status": Field("str", required=True, enum=ROUTING_STATUSES), "startTime": Field("str")}
)
_SEED_PRESENCE = ObjectSpec(
    "UserPresence",
    {
        "systemPresence": Field("str", required=True, enum=SYSTEM_PRESENCES),
        "message": Field("str"),
        "modifiedDate": Field("str"),
    },
)
USER_SEED = ObjectSpec(
    "User",
    {
        "id": Field("str"),
        "name": Field("str", required=True),
        "email": Field("str", required=True),
        "division": Field("str"),
        "title": Field("str"),
        "department": Field("str"),
        "state": Field("str", enum=USER_STATES),
        "version": Field("int"),
        "routing_status": Field(_SEED_ROUTING_STATUS),
        "presence": Field(_SEED_PRESENCE),
        "last_station": Field("str"),
    },
)


@dataclass
class User:
    id: str
    name: str
    email: str
    routing_status: str
    routing_since: str
    presence: str
    presence_since: str
    presence_message: str = ""
    title: str | None = None
    department: str | None = None
    state: str = "active"
    version: int = 1
    last_station_id: str | None = None  # the station most recently associated with the user (UserStations)

    @property
    def self_uri(self) -> str:
        return f"{USERS_PATH}/{self.id}"

    def reference(self) -> dict[str, str]:
        """How stations and phones point at a user (UserStation.associatedUser, Phone.webRtcUser)."""
        return {"id": self.id, "name": self.name, "selfUri": self.self_uri}

    def export(self) -> dict[str, Any]:
        exported: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "state": self.state,
            "version": self.version,
            "routing_status": {"status": self.routing_status, "startTime": self.routing_since},
            "presence": {"systemPresence": self.presence, "message": self.presence_message,
                         "modifiedDate": self.presence_since},
        }
        optional = {"title": self.title, "department": self.department, "last_station": self.last_station_id}
        return exported | {key: value for key, value in optional.items() if value is not None}


class UsersBackend(Entities[User], Area):
    """Other areas use get(), find(), by_email() and user_ids(); stations are in users.stations.StationsBackend."""

    entity_kind = "user"
    seed_key = "users"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, User] = {}

    def by_email(self, email: str) -> User | None:
        """The user with this email, compared case-insensitively (emails are unique in the org that way)."""
        wanted = email.lower()
        return next((user for user in self._by_id.values() if user.email.lower() == wanted), None)

    def user_ids(self) -> frozenset[str]:
        """Ids of every user of the org, whatever their state: what `forUsers`-like references may name."""
        return frozenset(self._by_id)

    def by_id_or_email(self, key: str) -> User | None:
        """For seed entries, which name users by id or by email."""
        return self._by_id.get(key) or self.by_email(key)

    def listing(self, ids: list[str] | None, state: str, jabber_ids: list[str] | None, descending: bool) -> list[User]:
        """Users by name; `state` is active (default), inactive, deleted or any (FIDELITY.md)."""
        if state not in (*USER_STATES, "deleted", "any"):
            raise invalid_value("state", f"state must be one of [active, inactive, deleted, any], not '{state}'.")
        chosen = [
            user
            for user in self._by_id.values()
            if (ids is None or user.id in ids)
            and state in ("any", user.state)
            and jabber_ids is None  # no simulated user has a chat (Jabber) id
        ]
        return sorted(chosen, key=lambda user: (user.name.lower(), user.id), reverse=descending)

    def active_users(self) -> list[User]:
        """Active users by name: what a user search looks through."""
        chosen = [user for user in self._by_id.values() if user.state == "active"]
        return sorted(chosen, key=lambda user: (user.name.lower(), user.id))

    def wire(self, user: User, expand: tuple[str, ...] = (), station: dict[str, Any] | None = None,
             conversation_summary: dict[str, Any] | None = None) -> dict[str, Any]:
        """User as the API returns it, in the model's field order; `station` (UserStations) and
        `conversation_summary` (UserConversationSummary) are what to expand them to."""
        wire: dict[str, Any] = {
            "id": user.id,
            "name": user.name,
            "division": self.division_reference(),
            **({"department": user.department} if user.department else {}),
            "email": user.email,
            "primaryContactInfo": [{"address": user.email, "mediaType": "EMAIL", "type": "PRIMARY"}],
            "addresses": [],
            "state": user.state,
            **({"title": user.title} if user.title else {}),
            "username": user.email,
            "version": user.version,
        }
        if "routingStatus" in expand:
            wire["routingStatus"] = self.routing_status_wire(user)
        if "presence" in expand:
            wire["presence"] = self.presence_wire(user)
        if "conversationSummary" in expand and conversation_summary is not None:
            wire["conversationSummary"] = conversation_summary
        if "station" in expand and station is not None:
            wire["station"] = station
        wire["acdAutoAnswer"] = False
        wire["selfUri"] = user.self_uri
        return wire

    def division_reference(self) -> dict[str, str]:
        division_id = self.org.home_division_id
        return {"id": division_id, "name": "Home", "selfUri": f"/api/v2/authorization/divisions/{division_id}"}

    # --- routing status and presence ---------------------------------------------------------------------------

    def routing_status_wire(self, user: User) -> dict[str, str]:
        return {"userId": user.id, "status": user.routing_status, "startTime": user.routing_since}

    def presence_wire(self, user: User) -> dict[str, Any]:
        """UserPresence of the PURECLOUD source; `id` is the user's id, as in the bulk body (FIDELITY.md)."""
        return {
            "id": user.id,
            "source": "PURECLOUD",
            "primary": True,
            "presenceDefinition": presence_definition_ref(self.org.id, user.presence),
            "message": user.presence_message,
            "modifiedDate": user.presence_since,
            "selfUri": f"{user.self_uri}/presences/purecloud",
        }

    def set_routing_status(self, user_id: str, body: dict[str, Any]) -> User:
        """PUT routingstatus: IDLE (e.g. back from NOT_RESPONDING) only while the presence is OnQueue, OFF_QUEUE
        at any time; the presence is left as it is either way (FIDELITY.md, documented guesses)."""
        user = self.get(user_id)
        status = body["status"]
        if status not in SETTABLE_ROUTING_STATUSES:
            raise invalid_value(
                "status", f"status may be set to {' or '.join(SETTABLE_ROUTING_STATUSES)} only, not '{status}'."
            )
        if status == "IDLE" and user.presence != ON_QUEUE:
            raise bad_request(
                f"User {user.id} is not on queue (presence {user.presence}): go on queue with the OnQueue presence "
                "(PATCH /api/v2/users/{userId}/presences/purecloud), not with a routing status.", "status"
            )
        self._change_routing_status(user, status, self.org.now_iso())
        return user

    def set_presence(self, user_id: str, body: dict[str, Any], where: str = "") -> User:
        """PATCH presences/purecloud (and each bulk entry): the definition must be one of the org's."""
        user = self.get(user_id)
        definition_id = body["presenceDefinition"]["id"]
        system_presence = system_presence_of(self.org.id, definition_id)
        if system_presence is None:
            field = f"{where}presenceDefinition.id"
            raise invalid_value(field, f"{definition_id} is not a presence definition of this organization.")
        now = self.org.now_iso()
        self._change_presence(user, system_presence, body.get("message", user.presence_message), now)
        if system_presence == ON_QUEUE and user.routing_status == "OFF_QUEUE":
            self._change_routing_status(user, "IDLE", now)
        elif system_presence != ON_QUEUE:
            self._change_routing_status(user, "OFF_QUEUE", now)
        return user

    def set_presences(self, entries: list[Any]) -> list[User]:
        """PUT presences/bulk: every entry is checked before any is applied, so a bad entry changes nothing."""
        checked = [validate(BULK_USER_PRESENCE, entry, f"[{index}]") for index, entry in enumerate(entries)]
        for index, entry in enumerate(checked):
            if self.find(entry["id"]) is None:
                raise invalid_value(f"[{index}].id", f"User {entry['id']} does not exist in this organization.")
            if system_presence_of(self.org.id, entry["presenceDefinition"]["id"]) is None:
                raise invalid_value(
                    f"[{index}].presenceDefinition.id",
                    f"{entry['presenceDefinition']['id']} is not a presence definition of this organization.",
                )
        return [self.set_presence(entry["id"], entry) for entry in checked]

    @staticmethod
    def _change_routing_status(user: User, status: str, now: str) -> None:
        if user.routing_status != status:
            user.routing_status, user.routing_since = status, now

    @staticmethod
    def _change_presence(user: User, system_presence: str, message: str, now: str) -> None:
        user.presence, user.presence_message, user.presence_since = system_presence, message, now

    # --- seed ----------------------------------------------------------------------------------------------------

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            entry = validate(USER_SEED, item)
            self._check_seed_entry(entry)
            existing = self._by_id.get(entry.get("id", "")) or self.by_email(entry["email"])
            now = self.org.now_iso()
            user = existing or User(entry.get("id") or str(uuid.uuid4()), "", "", "OFF_QUEUE", now,
                                    DEFAULT_PRESENCE, now, version=0)
            user.name, user.email = entry["name"], entry["email"]
            user.title, user.department = entry.get("title"), entry.get("department")
            user.state = entry.get("state", "active")
            user.version = entry.get("version", user.version + 1)
            user.last_station_id = entry.get("last_station", user.last_station_id)
            self._seed_readiness(user, entry.get("routing_status"), entry.get("presence"), now)
            self._by_id[user.id] = user

    def export(self) -> list[dict[str, Any]]:
        return [user.export() for user in self._by_id.values()]

    def _seed_readiness(self, user: User, routing: dict[str, Any] | None, presence: dict[str, Any] | None,
                        now: str) -> None:
        """A seeded routing status or presence; when only one is given the other follows it, as through the API."""
        if presence:
            self._change_presence(user, presence["systemPresence"], presence.get("message", ""), now)
            user.presence_since = presence.get("modifiedDate") or now
            if not routing:
                on_queue = presence["systemPresence"] == ON_QUEUE
                self._change_routing_status(user, "IDLE" if on_queue else "OFF_QUEUE", now)
        if routing:
            self._change_routing_status(user, routing["status"], now)
            user.routing_since = routing.get("startTime") or now
            if not presence and (routing["status"] == "OFF_QUEUE") == (user.presence == ON_QUEUE):
                self._change_presence(user, "Available" if user.presence == ON_QUEUE else ON_QUEUE, "", now)

    def _check_seed_entry(self, entry: dict[str, Any]) -> None:
        if not entry["name"].strip():
            raise invalid_value("name", "A user needs a non-blank name.")
        if "@" not in entry["email"]:
            raise invalid_value("email", f"User {entry['name']}: '{entry['email']}' is not an email address.")
        holder = self.by_email(entry["email"])
        if holder is not None and entry.get("id") not in (None, holder.id):
            raise invalid_value("email", f"A user with email {entry['email']} already exists.")
        division = entry.get("division")
        if division is not None and division not in (self.org.home_division_id, "Home"):
            raise invalid_value("division", f"User {entry['name']}: only the home division ('Home') is modelled.")
        routing = entry.get("routing_status")
        presence = entry.get("presence")
        # Off queue while OnQueue is a state a routing-status PUT can leave; on queue without OnQueue is not.
        if routing and presence and routing["status"] != "OFF_QUEUE" and presence["systemPresence"] != ON_QUEUE:
            raise ApiError(400, "invalid.value", f"User {entry['name']}: routing status {routing['status']} does "
                           f"not fit presence {presence['systemPresence']} (on queue means OnQueue).")
