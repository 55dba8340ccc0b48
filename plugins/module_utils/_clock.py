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
MIN_GOOD_SAMPLES = 2  # fewer first-try readings than this measure nothing
TRIES_PER_SAMPLE = 3  # readings tried, at most, for each one asked
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
    """One reading, at the first try (a retried request's timing would include its wait): assume the server read
    its clock halfway through the round trip."""
    client.token()  # a token fetched now would count in the round trip
    sent_wall, sent = time.time(), time.monotonic()
    body = client.get_once(DATE_PATH)
    rtt = time.monotonic() - sent
    try:
        server = parse_server_time(body["currentDate"])
    except (KeyError, TypeError, ValueError):
        raise GenesysCloudError(f"unexpected answer {body!r}", method="GET", path=DATE_PATH) from None
    return ClockSample(offset=server - (sent_wall + rtt / 2), rtt=rtt, server_time=body["currentDate"])


def best_offset(client: GenesysCloudClient, samples: int) -> ClockSample:
    """The reading with the shortest round trip has the tightest error bound (the NTP clock filter idea). Only
    readings answered at the first try count: after a refused one (429, 5xx, an expired token) an ordinary GET,
    which waits and retries as every call does, lets the next reading find the way clear; it is not a reading."""
    readings: list[ClockSample] = []
    refused: list[GenesysCloudError] = []
    for _try in range(samples * TRIES_PER_SAMPLE):
        if len(readings) == samples:
            break
        try:
            readings.append(sample_offset(client))
        except GenesysCloudError as error:
            if error.status is not None and error.status < 500 and error.status not in (401, 429):
                raise  # refused for good (403, 404): no retry mends it
            refused.append(error)
            client.get(DATE_PATH)
    if len(readings) < min(MIN_GOOD_SAMPLES, samples):
        raise GenesysCloudError(
            f"only {len(readings)} of {len(readings) + len(refused)} clock readings were answered at the first try "
            f"(the last refused: {refused[-1].status or 'no response'}), and a reading that waited cannot measure the "
            "clock", method="GET", path=DATE_PATH,
            fix="The API kept throttling or failing: re-run when it is calmer, or lower the rollout's concurrency")
    return min(readings, key=lambda s: s.rtt)


def region_clock(client: GenesysCloudClient, samples: int) -> ClockSample:
    """Genesys Cloud's clock is the same for every site of a region: sites sharing a client read it once."""
    return client.remember(("clock", samples), lambda: best_offset(client, samples))
