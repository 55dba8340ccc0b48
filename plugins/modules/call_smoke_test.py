#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: call_smoke_test
short_description: Place an outbound call for a user, see it connect, optionally prove secure pause, hang up
version_added: 0.1.0
description:
  - Places a call on behalf of O(user) (C(POST /api/v2/conversations/calls/user/{userId}), which works with client
    credentials) to an E.164 number or a SIP URI, waits until the far end is connected, holds the call for O(hold),
    optionally proves secure pause, and always hangs up, also when something failed.
  - "Secure pause is proven on the live call: the recording is paused with
    C(PATCH /api/v2/conversations/calls/{conversationId} {\"recordingState\": \"paused\"}), and the conversation,
    read back, must then show C(securePause: true) and C(recordingState: paused); it is resumed with
    C({\"recordingState\": \"active\"}) and must read C(active) again."
  - "Why that PATCH: it is how Genesys' own secure-pause add-in pauses a call, and it needs only
    C(conversation:communication:disconnect), which hanging up needs anyway. The other documented way,
    C(PUT .../calls/{conversationId}/recordingstate), needs C(conversation:recording:pauseOthers) as well."
  - Before dialling it checks that the user has a station and, with O(site), that the site has an ACTIVE, ONLINE
    Edge, and says which is missing. A call that never connects fails with the reason the platform gave
    (disconnect type and error) or the state it was stuck in.
  - A smoke test changes nothing that lasts, so it always reports C(changed=false). In check mode the user,
    station, site and number are checked and no call is placed.
  - "A call is never dialled twice. When the answer to placing it is lost (a 5xx, a dropped connection), the user's
    live calls (C(conversationSummary)) tell whether it was placed: if not, it is placed again within O(retry_budget);
    if it was, the task fails saying so, since no listing finds a user's call for a client-credentials token and the
    call can be neither watched nor hung up without its id."
  - "No call is left up unseen: a call whose hang-up is refused (or cut short) fails the task naming its conversation
    id. Between placing and ending a call, its id is kept in a journal beside the token cache
    (O(token_cache_dir)C(.calls/), private to the controller's user), so a run killed in between, or refused the
    hang-up, leaves it there and the next run on the same controller ends it before placing its own
    (C(ended_left_calls)). Each call carries the attribute C(cxopsSmokeTest=true) on its far end, for an operator to
    find one left by a lost controller."
  - A client that can read its own grants (C(oauth:client:view), C(authorization:role:view)) and lacks
    C(conversation:communication:disconnect) places no call, as it could not end it.
  - Runs in the controller through an action plugin, so each step of the call is printed as it happens.
author:
  - cxops Genesys Cloud team (@cxops)
options:
  user:
    description: The email or id of the user the call is placed for; the call uses that user's station.
    type: str
    required: true
  number:
    description:
      - What to dial, an E.164 number (V(+13175550123), no spaces) or a SIP URI (V(sip:user@host[:port])).
      - Whether Genesys Cloud accepts a SIP URI here is not documented; the module checks its form and reports the
        platform's answer as it comes.
    type: str
    required: true
  caller_id:
    description: The caller id to present (E.164).
    type: str
  site:
    description: The site the call should leave through; when given, the call is only placed if it has a live Edge.
    type: str
  connect_timeout:
    description: How long to wait for the far end to connect (seconds, or with a unit such as V(45s)).
    type: raw
    default: 60s
  hold:
    description: How long to keep the connected call up before the secure pause check and hang-up (V(0) for none).
    type: raw
    default: 2s
  secure_pause:
    description: Pause the recording on the live call, prove it is securely paused, resume and prove it resumed.
    type: bool
    default: false
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.ACTION
notes:
  - Needs C(conversation:agentlessCall:add) or C(conversation:call:add), C(conversation:communication:disconnect)
    (hang-up and O(secure_pause)) and C(telephony:otherStationAssociation:view).
seealso:
  - module: cxops.genesys_cloud.agent_readiness
  - module: cxops.genesys_cloud.edge
"""

EXAMPLES = r"""
- name: Chicago can call out, and secure pause works
  cxops.genesys_cloud.call_smoke_test:
    user: ana@example.com
    number: "+13125550100"
    site: Chicago
    secure_pause: true
  register: smoke

- name: A SIP destination
  cxops.genesys_cloud.call_smoke_test:
    user: ana@example.com
    number: sip:echo@sbc.example.com:5060
"""

RETURN = r"""
ended_left_calls:
  description: The conversation ids of calls an earlier run left up that this task ended before placing its own.
  returned: when there were any
  type: list
  elements: str
  sample: [5b3c8a61-3e0f-4f5e-9a1c-0d2b7f6e8a90]
verdict:
  description: V(passed), V(failed), or V(skipped) in check mode.
  returned: always
  type: str
  sample: passed
conversation_id:
  description: The call's conversation id.
  returned: when a call was placed
  type: str
  sample: 1c8a0e8e-45d2-4b8e-9a4e-7d4b0f8f2a10
timeline:
  description: Each step of the call with the seconds since it was placed.
  returned: when a call was placed
  type: list
  elements: dict
  sample:
    - {event: placed, seconds: 0.0}
    - {event: far end dialing, seconds: 0.05}
    - {event: far end connected, seconds: 2.6}
    - {event: hung up, seconds: 4.7}
participants:
  description: Every participant's end state (purpose, address, state, direction, disconnect_type, error_info).
  returned: when a call was placed
  type: list
  elements: dict
  sample:
    - {purpose: user, state: disconnected, disconnect_type: client}
    - {purpose: external, address: "+13125550100", state: disconnected, disconnect_type: peer}
secure_pause:
  description: What the secure pause check saw (C(paused), C(resumed), C(proven)).
  returned: when O(secure_pause) was checked on a connected call
  type: dict
  sample: {paused: true, resumed: true, proven: true}
user_id:
  description: The calling user's id.
  returned: always
  type: str
  sample: 7d6c1f2a-3b4e-4f5a-8b9c-0d1e2f3a4b5c
station:
  description: The name of the station the call is placed from.
  returned: always
  type: str
  sample: ana WebRTC Phone
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._calls import smoke_test as run
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule

ARGUMENT_SPEC = {
    "user": {"type": "str", "required": True},
    "number": {"type": "str", "required": True},
    "caller_id": {"type": "str"},
    "site": {"type": "str"},
    "connect_timeout": {"type": "raw", "default": "60s"},
    "hold": {"type": "raw", "default": "2s"},
    "secure_pause": {"type": "bool", "default": False},
}


def main():
    module = GenesysCloudModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
