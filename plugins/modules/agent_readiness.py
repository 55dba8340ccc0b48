#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: agent_readiness
short_description: Make many agents ready at once - station associated, presence and routing status set
version_added: 0.1.0
description:
  - For each agent, associates a station (by name, or the agent's own WebRTC phone), sets the Genesys Cloud
    presence and the routing status, writing only what differs.
  - All agents are resolved before any write (one listing each of users, stations and presence definitions), so
    an unknown user or station fails the task naming the entry and nothing is changed.
  - Agents are handled by O(concurrency) workers whose first writes start up to O(jitter) seconds apart (an agent
    that is ready already waits for nothing); rate-limited answers
    (429) are waited out as Retry-After says, within the O(retry_budget). One agent's failure does not stop the
    others; the task fails at the end naming each agent that failed.
  - "Going on queue is a presence: the agent is put on queue with the C(OnQueue) presence
    (C(PATCH /api/v2/users/{userId}/presences/purecloud)), as Genesys support advises; a routing status of C(IDLE) set by
    C(PUT /api/v2/users/{userId}/routingstatus) does not put an agent on queue."
  - "Order per agent: station, then presence, then routing status. The presence settles the routing status:
    C(OnQueue) makes an off-queue agent C(IDLE) and any other presence makes the agent C(OFF_QUEUE), so after a
    presence write no routing status is read or written. A routing-status write is made only for what the presence
    leaves: an agent already C(OnQueue) who reads C(NOT_RESPONDING) or C(OFF_QUEUE) is put back to C(IDLE)."
author:
  - cxops Genesys Cloud team (@cxops)
options:
  agents:
    description: The agents to make ready.
    type: list
    elements: dict
    required: true
    suboptions:
      user:
        description: The agent's email or user id.
        type: str
        required: true
      station:
        description: The name of the station to associate with the agent.
        type: str
      webrtc_phone:
        description: Associate the station of the agent's own WebRTC phone.
        type: bool
        default: false
      routing_status:
        description: The routing status to set, if not O(routing_status); see O(routing_status) for what it does.
        type: str
        choices: [OFF_QUEUE, IDLE]
      presence:
        description: The system presence to set, if not O(presence).
        type: str
        choices: [Available, Away, Busy, Offline, Idle, OnQueue, Meal, Training, Meeting, Break]
  routing_status:
    description:
      - The routing status of every agent that does not name its own. V(IDLE) is on queue and free for
        interactions; INTERACTING, COMMUNICATING and NOT_RESPONDING are the platform's to set.
      - V(IDLE) means on queue, so it sets the V(OnQueue) presence (a presence that is not V(OnQueue) with V(IDLE)
        fails before any request); the routing status is written only to bring an V(OnQueue) agent back to V(IDLE).
      - V(OFF_QUEUE) without a presence takes an V(OnQueue) agent to V(Available), as leaving the queue does in
        Genesys Cloud, and leaves an agent who is not on queue as they are; with V(OnQueue) it fails before any
        request.
    type: str
    choices: [OFF_QUEUE, IDLE]
  presence:
    description:
      - The system presence of every agent that does not name its own. V(OnQueue) puts the agent on queue.
    type: str
    choices: [Available, Away, Busy, Offline, Idle, OnQueue, Meal, Training, Meeting, Break]
  concurrency:
    description: How many agents are handled at the same time (1 to 10).
    type: int
    default: 4
  jitter:
    description: Before its first write, each agent pauses a random time of up to this many seconds.
    type: float
    default: 0.25
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.CHECK_MODE_DIFF
notes:
  - Needs C(telephony:otherStationAssociation:view) and C(telephony:otherStationAssociation:edit) for stations, and
    the rights to read and set other users' presence and routing status.
seealso:
  - module: cxops.genesys_cloud.call_smoke_test
"""

EXAMPLES = r"""
- name: The Chicago agents are on queue on their WebRTC phones
  cxops.genesys_cloud.agent_readiness:
    presence: OnQueue
    routing_status: IDLE
    agents:
      - {user: ana@example.com, webrtc_phone: true}
      - {user: ben@example.com, station: CHI-DESK-12}
      - {user: cy@example.com, webrtc_phone: true, presence: Available, routing_status: OFF_QUEUE}
"""

RETURN = r"""
agents:
  description: One entry per agent, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    user:
      description: The agent as given (email or id).
      type: str
    id:
      description: The user id.
      type: str
    changed:
      description: Whether anything of this agent changed.
      type: bool
    changes:
      description: Each changed setting with its C(before) and C(after).
      type: dict
    station:
      description: The associated station's name.
      type: str
    presence:
      description: The system presence, when one was asked for (or implied by V(IDLE)).
      type: str
    routing_status:
      description: The routing status.
      type: str
    failed:
      description: Present and true when this agent could not be made ready.
      type: bool
    msg:
      description: Why this agent failed.
      type: str
  sample:
    - user: ana@example.com
      id: 7d6c1f2a-3b4e-4f5a-8b9c-0d1e2f3a4b5c
      changed: true
      changes: {presence: {before: Available, after: OnQueue}}
      station: ana WebRTC Phone
      presence: OnQueue
      routing_status: IDLE
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._agents import ROUTING_STATUSES, SYSTEM_PRESENCES, converge_agents as run
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule

ARGUMENT_SPEC = {
    "agents": {
        "type": "list", "elements": "dict", "required": True,
        "options": {
            "user": {"type": "str", "required": True},
            "station": {"type": "str"},
            "webrtc_phone": {"type": "bool", "default": False},
            "routing_status": {"type": "str", "choices": ROUTING_STATUSES},
            "presence": {"type": "str", "choices": SYSTEM_PRESENCES},
        },
    },
    "routing_status": {"type": "str", "choices": ROUTING_STATUSES},
    "presence": {"type": "str", "choices": SYSTEM_PRESENCES},
    "concurrency": {"type": "int", "default": 4},
    "jitter": {"type": "float", "default": 0.25},
}


def main():
    module = GenesysCloudModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
