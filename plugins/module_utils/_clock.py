# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The controller's clock against Genesys Cloud's, compensated for the round trip."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError

DATE_PATH = "/api/v2/date"
SAMPLES = 4  # readings a measurement takes by default; the one with the shortest round trip counts
SERVER_RESOLUTION = 0.001  # currentDate carries milliseconds


@dataclass
class ClockSample:
    offset: float  # Genesys Cloud's clock minus the controller's, seconds
    rtt: float
    server_time: str

    @property
    def error(self) -> float:
        """The true offset lies within offset +- error: half the round trip plus the server's resolution."""
        return self.rtt / 2 + SERVER_RESOLUTION


def parse_server_time(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def sample_offset(client: GenesysCloudClient) -> ClockSample:
    """One reading: assume the server read its clock halfway through the round trip."""
    sent_wall, sent = time.time(), time.monotonic()
    body = client.get(DATE_PATH)
    rtt = time.monotonic() - sent
    try:
        server = parse_server_time(body["currentDate"])
    except (KeyError, TypeError, ValueError):
        raise GenesysCloudError(f"unexpected answer {body!r}", method="GET", path=DATE_PATH) from None
    return ClockSample(offset=server - (sent_wall + rtt / 2), rtt=rtt, server_time=body["currentDate"])


def best_offset(client: GenesysCloudClient, samples: int) -> ClockSample:
    """The reading with the shortest round trip has the tightest error bound (the NTP clock filter idea)."""
    return min((sample_offset(client) for _sample in range(samples)), key=lambda s: s.rtt)


def region_clock(client: GenesysCloudClient, samples: int) -> ClockSample:
    """Genesys Cloud's clock is the same for every site of a region: sites sharing a client read it once."""
    return client.remember(("clock", samples), lambda: best_offset(client, samples))
