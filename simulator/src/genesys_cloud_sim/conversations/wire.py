"""A call as the API shows it: CallConversation (GET) and Conversation (PATCH's answer), both computed at one moment.

Both views come from the same Leg per participant. Recording exists only while the call is connected: then the
conversation and each participant show `recordingState` active or paused (lower case everywhere but on
Conversation itself, which spells it ACTIVE/PAUSED/NONE, as models.json has them) and `securePause`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from genesys_cloud_sim.conversations.models import CALLS_PATH, CONVERSATIONS_PATH, Call, CallsBackend, Timeline
from genesys_cloud_sim.users.models import UsersBackend

# Communication ids are derived from participant ids: stable across restarts without being stored.
_COMMUNICATION_NAMESPACE = uuid.UUID("3f0c5a9e-2b7d-4c1e-9a61-5d2f7e8b4c10")


@dataclass(frozen=True)
class Leg:
    """One participant at one moment; times are ISO strings, None when that moment has not come."""

    participant_id: str
    purpose: str
    state: str
    start: str
    alerting: str | None
    connected: str | None
    end: str | None
    disconnect_type: str | None
    error: dict[str, str] | None
    recording: str | None  # "active" or "paused" while connected, else None

    @property
    def communication_id(self) -> str:
        return str(uuid.uuid5(_COMMUNICATION_NAMESPACE, self.participant_id))


class CallView:
    """The wire shapes of one call, as of now."""

    def __init__(self, calls: CallsBackend, call: Call) -> None:
        self.call = call
        self._calls = calls
        self._timeline: Timeline = calls.timeline(call)
        self._elapsed_s = calls.elapsed_s(call)
        self._user = calls.org.area(UsersBackend).find(call.user_id)
        self.state = self._timeline.far_state(self._elapsed_s)
        self.recording = ("paused" if call.recording_paused else "active") if self.state == "connected" else None

    def _at(self, simulated_s: float | None) -> str | None:
        """The ISO time of a moment of the timeline that has come, else None."""
        if simulated_s is None or simulated_s > self._elapsed_s:
            return None
        return self._calls.moment(self.call, simulated_s)

    def legs(self) -> list[Leg]:
        timeline = self._timeline
        end = self._at(None if timeline.ending is None else timeline.ending.at_s)
        ended = timeline.ending if end else None  # how the call ended, once it has
        common = {"start": self._calls.moment(self.call, 0.0), "connected": self._at(timeline.connect_s),
                  "end": end, "recording": self.recording}
        user = Leg(self.call.participant_ids["user"], "user", timeline.user_state(self._elapsed_s), alerting=None,
                   disconnect_type=ended and ended.user_type, error=None, **common)
        external = Leg(self.call.participant_ids["external"], "external", self.state,
                       alerting=self._at(timeline.alert_s), disconnect_type=ended and ended.far_type,
                       error=ended and ended.error, **common)
        return [user, external]

    # --- GET /api/v2/conversations/calls/{id}: CallConversation ----------------------------------------------------

    def call_conversation(self) -> dict[str, Any]:
        return {
            "id": self.call.id,
            "participants": [self._media_participant(leg) for leg in self.legs()],
            "recordingState": self.recording or "none",
            "securePause": self.recording == "paused",
            "selfUri": f"{CALLS_PATH}/{self.call.id}",
        }

    def _media_participant(self, leg: Leg) -> dict[str, Any]:
        """CallMediaParticipant, in the model's field order."""
        wire: dict[str, Any] = {
            "id": leg.participant_id,
            "name": self._user.name if leg.purpose == "user" and self._user else None,
            "address": self.call.address if leg.purpose == "external" else None,
            "startTime": leg.start,
            "startAlertingTime": leg.alerting,
            "connectedTime": leg.connected,
            "endTime": leg.end,
            "purpose": leg.purpose,
            "state": leg.state,
            "direction": "outbound",
            "disconnectType": leg.disconnect_type,
            "user": self._user_reference() if leg.purpose == "user" else None,
            "errorInfo": leg.error,
            **self._recording_fields(leg),
        }
        return {key: value for key, value in wire.items() if value is not None}

    def _user_reference(self) -> dict[str, str] | None:
        return None if self._user is None else self._user.reference()

    @staticmethod
    def _recording_fields(leg: Leg) -> dict[str, Any]:
        """CallMediaParticipant and Call both spell recordingState in lower case."""
        if leg.recording is None:
            return {}
        return {"recording": True, "recordingState": leg.recording, "securePause": leg.recording == "paused"}

    # --- PATCH /api/v2/conversations/calls/{id}: Conversation ------------------------------------------------------

    def conversation(self) -> dict[str, Any]:
        legs = self.legs()
        wire: dict[str, Any] = {
            "id": self.call.id,
            "startTime": self._calls.moment(self.call, 0.0),
            "endTime": legs[-1].end,
            "participants": [self._participant(leg) for leg in legs],
            "recordingState": (self.recording or "none").upper(),
            "state": self.state,
            "securePause": self.recording == "paused",
            "selfUri": f"{CONVERSATIONS_PATH}/{self.call.id}",
        }
        return {key: value for key, value in wire.items() if value is not None}

    def _participant(self, leg: Leg) -> dict[str, Any]:
        """Participant with its one Call communication, in the models' field order."""
        is_user = leg.purpose == "user" and self._user is not None
        wire: dict[str, Any] = {
            "id": leg.participant_id,
            "startTime": leg.start,
            "endTime": leg.end,
            "connectedTime": leg.connected,
            "name": self._user.name if is_user else None,
            "userUri": self._user.self_uri if is_user else None,
            "userId": self._user.id if is_user else None,
            "purpose": leg.purpose,
            "address": self.call.address if leg.purpose == "external" else None,
            "calls": [self._communication(leg)],
        }
        return {key: value for key, value in wire.items() if value is not None}

    def _communication(self, leg: Leg) -> dict[str, Any]:
        wire: dict[str, Any] = {
            "state": leg.state,
            "id": leg.communication_id,
            "direction": "outbound",
            **self._recording_fields(leg),
            "errorInfo": leg.error,
            "disconnectType": leg.disconnect_type,
            "startAlertingTime": leg.alerting,
            "connectedTime": leg.connected,
            "disconnectedTime": leg.end,
        }
        return {key: value for key, value in wire.items() if value is not None}
