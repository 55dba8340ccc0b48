"""/api/v2/conversations/calls: place, read, hang up and securely pause calls.

Every simulated token is a client-credentials token, which carries no user: the "as the token's user" operations
answer accordingly (FIDELITY.md), and calls are placed on a user's behalf with POST .../calls/user/{userId}.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from genesys_cloud_sim.conversations.models import (
    CALLS_PATH, CONVERSATION_PATCH, CREATE_CALL_REQUEST, MEDIA_PARTICIPANT_REQUEST, SET_RECORDING_STATE, Call,
    CallsBackend,
)
from genesys_cloud_sim.conversations.wire import CallView
from genesys_cloud_sim.core.context import api_context
from genesys_cloud_sim.core.errors import bad_request
from genesys_cloud_sim.core.http import json_response, read_json_object
from genesys_cloud_sim.core.paging import page_request, paginate
from genesys_cloud_sim.core.schema import validate

router = APIRouter()
CALL_PATH = CALLS_PATH + "/{conversationId}"


def _created(call: Call) -> Response:
    """CreateCallResponse: the conversation's id and where to read it."""
    return json_response({"id": call.id, "selfUri": f"{CALLS_PATH}/{call.id}"})


@router.get(CALLS_PATH)
async def get_calls() -> Response:
    """The calling user's active calls. A client-credentials token has no user, so it has none (FIDELITY.md)."""
    return json_response(paginate([], page_request(None, None), dict, CALLS_PATH))


@router.post(CALLS_PATH)
async def post_calls() -> Response:
    """A call as the token's user; there is none with client credentials (FIDELITY.md)."""
    raise bad_request("This request requires a user context. Client credentials cannot be used for requests to this "
                      "resource; place the call with POST /api/v2/conversations/calls/user/{userId}.")


@router.post(CALLS_PATH + "/user/{userId}")
async def post_calls_user(request: Request, userId: str) -> Response:  # noqa: N803 - the API's name
    context = api_context(request)
    body = validate(CREATE_CALL_REQUEST, await read_json_object(request))
    with context.simulation.store.mutation():
        return _created(context.org.area(CallsBackend).place(userId, body))


@router.get(CALL_PATH)
async def get_call(request: Request, conversationId: str) -> Response:  # noqa: N803
    context = api_context(request)
    with context.simulation.store.lock:
        calls = context.org.area(CallsBackend)
        return json_response(CallView(calls, calls.get(conversationId)).call_conversation())


@router.patch(CALL_PATH)
async def patch_call(request: Request, conversationId: str) -> Response:  # noqa: N803
    """Conversation per operations.json, sent partially: {"state": "disconnected"} hangs the whole call up,
    {"recordingState": "paused"} / "active" pauses and resumes its recording (secure pause)."""
    context = api_context(request)
    body = validate(CONVERSATION_PATCH, await read_json_object(request))
    with context.simulation.store.mutation():
        calls = context.org.area(CallsBackend)
        return json_response(CallView(calls, calls.patch(conversationId, body)).conversation())


@router.patch(CALL_PATH + "/participants/{participantId}")
async def patch_call_participant(request: Request, conversationId: str, participantId: str) -> Response:  # noqa: N803
    """MediaParticipantRequest {"state": "disconnected"}: that participant hangs up; 202 without a body."""
    context = api_context(request)
    body = validate(MEDIA_PARTICIPANT_REQUEST, await read_json_object(request))
    with context.simulation.store.mutation():
        context.org.area(CallsBackend).disconnect_participant(conversationId, participantId, body)
    return Response(status_code=202)


@router.put(CALL_PATH + "/recordingstate")
async def put_call_recordingstate(request: Request, conversationId: str) -> Response:  # noqa: N803
    """SetRecordingState: paused (secure pause) or active, in any case. The answer is a string (operations.json
    `str`): the recording state now in force, upper-case."""
    context = api_context(request)
    body = validate(SET_RECORDING_STATE, await read_json_object(request))
    with context.simulation.store.mutation():
        context.org.area(CallsBackend).set_recording_state(conversationId, body)
    return json_response(str(body["recordingState"]).upper())
