"""Outbound calls of one org: placed for a user, carried by an Edge of the user's station's site, hung up by the API.

Nothing runs in the background. A call keeps its creation time on the region's clock, the far end's behaviour
(numbers.py), what egress found when it was placed and when the API hung it up; every read computes where the call
is, in simulated seconds (real seconds times the simulation's time scale), as Edges do:

    far end   dialing (DIAL_S) -> contacting (ringing) -> connected at answer_after_s -> disconnected
              (busy and no live Edge end after DIAL_S, invalid at once, rings_out at ring_timeout_s)
    user      dialing until the far end answers -> connected -> disconnected with the far end

Seed key `calls` (also what export() writes, so a saved state resumes every call where it was):

    calls:
      - id: <uuid>                       # optional
        user: ada@example.com            # required; a user id or email
        phoneNumber: "+13175550100"      # required; the dial string (E.164 or sip: URI)
        dateCreated: <ISO-8601>          # optional; when the call was placed (default: now)
        participant_ids: {user: <uuid>, external: <uuid>}   # optional
        far_end: {behaviour: answers, answer_after_s: 3, ring_timeout_s: 60}   # default: the numbers seed's
        station: <station id>            # optional; the station the call left from
        edge: <Edge id>                  # optional; the Edge that carried it
        failure: {code: ..., message: ...}   # optional; the ErrorInfo when no Edge could carry it
        request: {callerId: ...}         # optional; the other CreateCallRequest fields it was placed with
        hung_up_at: <ISO-8601>           # optional; when the API hung it up
        hung_up_by: user                 # user | external: the participant the API disconnected
        recording_paused: false          # optional; secure pause
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from genesys_cloud_sim.conversations.numbers import NUMBER_SEED, FarEnd, NumbersBackend, dial_string, far_end_of
from genesys_cloud_sim.core.clock import epoch_of, iso_ms
from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import bad_request, invalid_value, not_found
from genesys_cloud_sim.core.schema import Field, ListOf, ObjectSpec, read_only_fields, validate
from genesys_cloud_sim.core.state import Area
from genesys_cloud_sim.routing.models import LanguagesBackend, QueuesBackend
from genesys_cloud_sim.telephony.edges.models import EdgesBackend
from genesys_cloud_sim.telephony.sites.models import SitesBackend
from genesys_cloud_sim.users.models import User, UsersBackend
from genesys_cloud_sim.users.stations import Station, StationsBackend

CALLS_PATH = "/api/v2/conversations/calls"
CONVERSATIONS_PATH = "/api/v2/conversations"
DIAL_S = 1.0  # the far end is `dialing` this long while the Edge sets the call up; busy and no-Edge end here
PARTICIPANT_STATES = ("alerting", "dialing", "contacting", "offering", "connected", "disconnected", "terminated",
                      "converting", "uploading", "transmitting", "parked", "none")
RECORDING_STATES = ("ACTIVE", "PAUSED", "NONE")
PURPOSES = ("user", "external")

DESTINATION = ObjectSpec(
    "Destination", {"address": Field("str"), "name": Field("str"), "userId": Field("str"), "queueId": Field("str")}
)
CREATE_CALL_REQUEST = ObjectSpec(
    "CreateCallRequest",
    {
        "phoneNumber": Field("str"),
        "callerId": Field("str"),
        "callerIdName": Field("str"),
        "callFromQueueId": Field("str"),
        "callQueueId": Field("str"),
        "callUserId": Field("str"),
        "priority": Field("int"),
        "attributes": Field("dict"),
        "languageId": Field("str"),
        "routingSkillsIds": Field("list[str]"),
        "routingSkillExpression": Field("str"),
        "conversationIds": Field("list[str]"),
        "participants": Field(ListOf(DESTINATION)),
        "uuiData": Field("str"),
        "externalContactId": Field("str"),
        "label": Field("str"),
    },
)
# The other ways to create a call (to a user or a queue, ad-hoc conferences) and references to objects the
# simulator does not model: refused by name rather than dialled wrongly (FIDELITY.md).
_NOT_SIMULATED = ("callQueueId", "callUserId", "conversationIds", "participants", "routingSkillsIds",
                  "externalContactId")
# PATCH .../calls/{id} takes a Conversation; `state` (hang up) or `recordingState` (secure pause) is acted on. The
# rest of what a GET of the conversation returns is accepted and ignored; fields that would change something else
# are refused (FIDELITY.md). Recording states are checked in set_recording_state, case-insensitively as the SDK's
# setters compare them: its docstring and Genesys' secure-pause add-in send "paused" / "active".
CONVERSATION_PATCH = ObjectSpec(
    "Conversation",
    {
        **read_only_fields("id", "name", "startTime", "endTime", "address", "participants", "conversationIds"),
        **read_only_fields("divisions", "recentTransfers", "utilizationLabelId", "inactivityTimeout", "selfUri"),
        "externalTag": Field("str"),
        "maxParticipants": Field("int"),
        "recordingState": Field("str"),
        "state": Field("str", enum=PARTICIPANT_STATES),
        "securePause": Field("bool"),
    },
)
WRAPUP_INPUT = ObjectSpec(
    "WrapupInput",
    {"code": Field("str"), "name": Field("str"), "notes": Field("str"), "tags": Field("list[str]"),
     "durationSeconds": Field("int"), "endTime": Field("str"), "provisional": Field("bool"),
     "disableEndTimeUpdates": Field("bool")},
)
MEDIA_PARTICIPANT_REQUEST = ObjectSpec(
    "MediaParticipantRequest",
    {
        "wrapup": Field(WRAPUP_INPUT),
        "state": Field("str", required=True, enum=PARTICIPANT_STATES),
        "recording": Field("bool"),
        "muted": Field("bool"),
        "confined": Field("bool"),
        "held": Field("bool"),
        "wrapupSkipped": Field("bool"),
        "resumeTime": Field("str"),
    },
)
SET_RECORDING_STATE = ObjectSpec(
    "SetRecordingState", {"recordingState": Field("str", required=True)}
)
_ERROR_INFO_SEED = ObjectSpec("ErrorInfo", {"code": Field("str", required=True), "message": Field("str")})
_FAR_END_SEED = ObjectSpec("FarEnd", {key: rule for key, rule in NUMBER_SEED.fields.items() if key != "number"})
CALL_SEED = ObjectSpec(
    "Call",
    {
        "id": Field("str"),
        "user": Field("str", required=True),
        "phoneNumber": Field("str", required=True),
        "dateCreated": Field("str"),
        "participant_ids": Field(ObjectSpec("ParticipantIds", {"user": Field("str"), "external": Field("str")})),
        "far_end": Field(_FAR_END_SEED),
        "station": Field("str"),
        "edge": Field("str"),
        "failure": Field(_ERROR_INFO_SEED),
        "request": Field("dict"),
        "hung_up_at": Field("str"),
        "hung_up_by": Field("str", enum=PURPOSES),
        "recording_paused": Field("bool"),
    },
)


@dataclass
class Call:
    id: str
    user_id: str
    address: str  # the dial string: the far end participant's address
    created_at: float  # the region clock's epoch seconds when the call was placed
    far_end: FarEnd
    participant_ids: dict[str, str]  # purpose -> participant id
    station_id: str | None = None
    edge_id: str | None = None
    failure: dict[str, str] | None = None  # ErrorInfo: no Edge could carry the call
    request: dict[str, Any] = field(default_factory=dict)
    hung_up_at: float | None = None
    hung_up_by: str | None = None  # the purpose of the participant the API disconnected
    recording_paused: bool = False

    def purpose_of(self, participant_id: str) -> str | None:
        return next((purpose for purpose, pid in self.participant_ids.items() if pid == participant_id), None)

    def export(self) -> dict[str, Any]:
        exported: dict[str, Any] = {
            "id": self.id,
            "user": self.user_id,
            "phoneNumber": self.address,
            "dateCreated": iso_ms(self.created_at),
            "participant_ids": dict(self.participant_ids),
            "far_end": self.far_end.export(),
            "request": dict(self.request),
            "recording_paused": self.recording_paused,
        }
        optional = {"station": self.station_id, "edge": self.edge_id, "failure": self.failure,
                    "hung_up_at": None if self.hung_up_at is None else iso_ms(self.hung_up_at),
                    "hung_up_by": self.hung_up_by}
        return exported | {key: value for key, value in optional.items() if value is not None}


@dataclass(frozen=True)
class Ending:
    """How and when (simulated seconds after placing) a call ended, for each side."""

    at_s: float
    far_type: str  # CallMediaParticipant.disconnectType of the far end
    user_type: str
    error: dict[str, str] | None = None  # the far end's ErrorInfo


@dataclass(frozen=True)
class Timeline:
    """When the far end started ringing, answered and the call ended; None for what did not (yet) happen."""

    alert_s: float | None
    connect_s: float | None
    ending: Ending | None

    def far_state(self, elapsed_s: float) -> str:
        if self.ending is not None and elapsed_s >= self.ending.at_s:
            return "disconnected"
        if self.connect_s is not None and elapsed_s >= self.connect_s:
            return "connected"
        if self.alert_s is not None and elapsed_s >= self.alert_s:
            return "contacting"
        return "dialing"

    def user_state(self, elapsed_s: float) -> str:
        """The calling user's side: dialing until the far end answers, then with it."""
        far = self.far_state(elapsed_s)
        return "dialing" if far == "contacting" else far


def natural_course(call: Call) -> tuple[float | None, Ending | None]:
    """(answer time, ending) of the call as the far end and the egress decide it, before any hang-up."""
    far_end, address = call.far_end, call.address
    if call.failure is not None:
        return None, Ending(DIAL_S, "error", "peer", call.failure)
    if far_end.behaviour == "invalid":
        return None, Ending(0.0, "error", "peer",
                            {"code": "invalid.number", "message": f"The number {address} is not a valid number."})
    if far_end.behaviour == "busy":
        return None, Ending(DIAL_S, "endpoint", "peer", {"code": "busy", "message": f"{address} is busy."})
    if far_end.behaviour == "rings_out":
        return None, Ending(far_end.ring_timeout_s, "endpoint", "peer")
    hang_up = far_end.hangs_up_after_s
    return far_end.answer_after_s, (None if hang_up is None
                                    else Ending(far_end.answer_after_s + hang_up, "endpoint", "peer"))


SUMMARY_MEDIA = ("callback", "email", "message", "chat", "socialExpression", "video")


def _media_summary(contact_center: int, enterprise: int) -> dict[str, dict[str, int]]:
    return {"contactCenter": {"active": contact_center, "acw": 0}, "enterprise": {"active": enterprise, "acw": 0}}


class CallsBackend(Entities[Call], Area):
    """Other areas may use live_calls(); the routes use the rest."""

    entity_kind = "conversation"
    seed_key = "calls"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, Call] = {}

    @property
    def _users(self) -> UsersBackend:
        return self.org.area(UsersBackend)

    @property
    def _stations(self) -> StationsBackend:
        return self.org.area(StationsBackend)

    # --- time -----------------------------------------------------------------------------------------------------

    def _now(self) -> float:
        return self.org.region.now()

    def elapsed_s(self, call: Call, at: float | None = None) -> float:
        """Simulated seconds since the call was placed."""
        return self.org.time_scale.simulated_seconds((self._now() if at is None else at) - call.created_at)

    def moment(self, call: Call, simulated_s: float) -> str:
        """The ISO time of a moment of the call's timeline."""
        return iso_ms(call.created_at + self.org.time_scale.real_seconds(simulated_s))

    def timeline(self, call: Call) -> Timeline:
        connect_s, ending = natural_course(call)
        if call.hung_up_at is not None:
            hung_up_s = self.elapsed_s(call, call.hung_up_at)
            if ending is None or hung_up_s < ending.at_s:
                by_user = call.hung_up_by == "user"
                ending = Ending(hung_up_s, "peer" if by_user else "client", "client" if by_user else "peer")
        if connect_s is not None and ending is not None and connect_s >= ending.at_s:
            connect_s = None  # hung up before the far end answered
        first = min((s for s in (connect_s, None if ending is None else ending.at_s) if s is not None), default=None)
        return Timeline(DIAL_S if first is None or first > DIAL_S else None, connect_s, ending)

    def is_connected(self, call: Call) -> bool:
        return self.timeline(call).far_state(self.elapsed_s(call)) == "connected"

    def has_ended(self, call: Call) -> bool:
        return self.timeline(call).far_state(self.elapsed_s(call)) == "disconnected"

    def live_calls(self) -> list[Call]:
        return [call for call in self._by_id.values() if not self.has_ended(call)]

    def conversation_summary(self, user_id: str) -> dict[str, Any]:
        """UserConversationSummary: the user's calls not yet ended; a call from a queue is contact-center work."""
        live = [call for call in self.live_calls() if call.user_id == user_id]
        from_queue = sum(1 for call in live if call.request.get("callFromQueueId"))
        summary: dict[str, Any] = {"userId": user_id, "call": _media_summary(from_queue, len(live) - from_queue)}
        return summary | {media: _media_summary(0, 0) for media in SUMMARY_MEDIA}

    # --- placing a call -------------------------------------------------------------------------------------------

    def place(self, user_id: str, body: dict[str, Any]) -> Call:
        """POST .../calls/user/{userId}: a validated CreateCallRequest dialled from the user's station."""
        user = self._users.get(user_id)
        if user.state != "active":
            raise bad_request(f"User {user.name} is {user.state}; calls can be placed only for active users.")
        address = self._checked_request(body)
        station = self._station_of(user)
        edge_id, failure = self._egress(station)
        call = Call(
            id=str(uuid.uuid4()), user_id=user.id, address=address, created_at=self._now(),
            far_end=self.org.area(NumbersBackend).far_end(address),
            participant_ids={purpose: str(uuid.uuid4()) for purpose in PURPOSES},
            station_id=station.id, edge_id=edge_id, failure=failure,
            request={key: value for key, value in body.items() if key != "phoneNumber"},
        )
        self._by_id[call.id] = call
        return call

    def _checked_request(self, body: dict[str, Any]) -> str:
        """The dial string of a CreateCallRequest; what the simulator cannot dial is refused by field name."""
        for key in _NOT_SIMULATED:
            if body.get(key):
                raise invalid_value(key, f"'{key}' is not simulated: only calls to a phoneNumber can be placed.")
        if "phoneNumber" not in body:
            raise bad_request("The field 'phoneNumber' is required.", "phoneNumber")
        address = dial_string(body["phoneNumber"])
        if address is None:
            raise invalid_value("phoneNumber", f"'{body['phoneNumber']}' is not an E.164 number (+15551234567) "
                                               "or a SIP URI (sip:user@host[:port]).")
        if "callerId" in body and dial_string(body["callerId"]) is None:
            raise invalid_value("callerId", f"'{body['callerId']}' is not an E.164 number or a SIP URI.")
        references = (("callFromQueueId", QueuesBackend), ("languageId", LanguagesBackend))
        for key, directory in references:
            if key in body and self.org.area(directory).find(body[key]) is None:
                raise invalid_value(key, f"{key} {body[key]} does not exist in this organization.")
        return address

    def _station_of(self, user: User) -> Station:
        """The user's effective station (associated, else default): where the call leaves from."""
        station = self._stations.associated_station(user.id) or self._stations.default_station(user.id)
        if station is None:
            raise bad_request(f"User {user.name} has no station: associate a station with the user before placing "
                              "a call for them.")
        return station

    def _egress(self, station: Station) -> tuple[str | None, dict[str, str] | None]:
        """(the Edge carrying the call, None) or (None, the ErrorInfo saying why no Edge can)."""
        sites = self.org.area(SitesBackend)
        site = sites.find(station.site_id) if station.site_id else None
        if site is None and station.site_name:
            site = sites.named(station.site_name)
        if site is None:
            return None, {"code": "no.edge.available",
                          "message": f"Station {station.name} has no site, so no Edge can carry the call."}
        edges = self.org.area(EdgesBackend)
        for edge in edges.listing(None, site.id, None, None, "name"):
            status = edges.status(edge)
            if status.status_code == "ACTIVE" and status.online:
                return edge.id, None
        return None, {"code": "no.edge.available",
                      "message": f"No Edge of site {site.name} is ACTIVE and ONLINE to carry the call."}

    # --- changing a call ------------------------------------------------------------------------------------------

    def patch(self, conversation_id: str, body: dict[str, Any]) -> Call:
        """PATCH .../calls/{id}: {"state": "disconnected"} ends the whole call on the calling user's behalf;
        {"recordingState": "paused" | "active"} is secure pause, as Genesys' own add-in sends it. One at a time."""
        call = self.get(conversation_id)
        for key in ("externalTag", "maxParticipants", "securePause"):
            if key in body:
                raise bad_request(f"'{key}' cannot be changed here; this PATCH disconnects the call (state) or "
                                  "pauses and resumes its recording (recordingState).", key)
        if ("state" in body) == ("recordingState" in body):
            raise bad_request("Give either state (disconnected) or recordingState (paused or active).",
                              "recordingState" if "state" in body else "state")
        if "recordingState" in body:
            return self.set_recording_state(conversation_id, body)
        self._disconnect(call, body["state"], "user")
        return call

    def disconnect_participant(self, conversation_id: str, participant_id: str, body: dict[str, Any]) -> Call:
        """PATCH .../participants/{id} {"state": "disconnected"}: that side hangs up, which ends a two-party call."""
        call = self.get(conversation_id)
        purpose = call.purpose_of(participant_id)
        if purpose is None:
            raise not_found("participant", participant_id)
        for key in body:
            if key != "state":
                raise bad_request(f"'{key}' is not simulated; only {{\"state\": \"disconnected\"}} is.", key)
        self._disconnect(call, body["state"], purpose)
        return call

    def _disconnect(self, call: Call, state: str, purpose: str) -> None:
        if state != "disconnected":
            raise invalid_value("state", f"Only 'disconnected' can be set on a call, not '{state}'.")
        self._require_not_ended(call)
        call.hung_up_at, call.hung_up_by = self._now(), purpose

    def _require_not_ended(self, call: Call) -> None:
        if self.has_ended(call):
            raise bad_request(f"Conversation {call.id} has already ended.")

    def set_recording_state(self, conversation_id: str, body: dict[str, Any]) -> Call:
        """PUT .../recordingstate (and the PATCH's recordingState): paused is secure pause, active resumes; only
        while the call is connected."""
        call = self.get(conversation_id)
        wanted = str(body["recordingState"]).upper()
        if wanted not in RECORDING_STATES or wanted == "NONE":
            raise invalid_value("recordingState", "recordingState must be paused (secure pause) or active (resume), "
                                f"in any case, not '{body['recordingState']}'.")
        self._require_not_ended(call)
        if not self.is_connected(call):
            raise bad_request(f"Conversation {call.id} is not connected yet; its recording cannot be paused or "
                              "resumed until the far end answers.")
        call.recording_paused = wanted == "PAUSED"
        return call

    # --- seed and export ------------------------------------------------------------------------------------------

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            entry = validate(CALL_SEED, item)
            user = self._users.by_id_or_email(entry["user"])
            if user is None:
                raise invalid_value("user", f"Call to {entry['phoneNumber']}: no user {entry['user']}.")
            address = dial_string(entry["phoneNumber"])
            if address is None:
                raise invalid_value("phoneNumber", f"'{entry['phoneNumber']}' is not an E.164 number or a SIP URI.")
            call = Call(
                id=entry.get("id") or str(uuid.uuid4()), user_id=user.id, address=address,
                created_at=epoch_of(entry["dateCreated"]) if "dateCreated" in entry else self._now(),
                far_end=self._seed_far_end(address, entry.get("far_end")),
                participant_ids={purpose: entry.get("participant_ids", {}).get(purpose) or str(uuid.uuid4())
                                 for purpose in PURPOSES},
                station_id=entry.get("station"), edge_id=entry.get("edge"), failure=entry.get("failure"),
                request=validate(CREATE_CALL_REQUEST, entry.get("request", {})),
                hung_up_at=epoch_of(entry["hung_up_at"]) if "hung_up_at" in entry else None,
                hung_up_by=entry.get("hung_up_by", "user" if "hung_up_at" in entry else None),
                recording_paused=entry.get("recording_paused", False),
            )
            self._by_id[call.id] = call

    def _seed_far_end(self, address: str, declared: dict[str, Any] | None) -> FarEnd:
        if declared is None:
            return self.org.area(NumbersBackend).far_end(address)
        return far_end_of(declared)

    def export(self) -> list[dict[str, Any]]:
        return [call.export() for call in self._by_id.values()]
