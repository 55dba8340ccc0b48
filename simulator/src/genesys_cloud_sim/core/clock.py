"""Wall-clock formatting and the time scale of simulated waiting periods."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import formatdate


def iso_ms(epoch_s: float) -> str:
    """ISO-8601 with milliseconds and Z, the way Genesys Cloud writes datetimes."""
    moment = datetime.fromtimestamp(epoch_s, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def epoch_of(iso: str) -> float:
    """Epoch seconds of an ISO-8601 datetime such as iso_ms writes (a trailing Z or no zone both mean UTC)."""
    moment = datetime.fromisoformat(iso[:-1] + "+00:00" if iso.endswith("Z") else iso)
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def http_date(epoch_s: float) -> str:
    return formatdate(epoch_s, usegmt=True)


def skewed_now(skew_ms: int) -> float:
    return time.time() + skew_ms / 1000.0


@dataclass
class TimeScale:
    """Compresses the waits the simulated world imposes (token lifetimes, rate-limit windows, Retry-After).

    factor 60 makes a 60 s rate-limit window last 1 real second. The wall clock (GET /api/v2/date, Date header,
    timestamps) is never scaled: the collection compares it with the controller's clock.
    """

    factor: float = 1.0

    def __post_init__(self) -> None:
        if self.factor <= 0:
            raise ValueError("time scale must be > 0")

    def real_seconds(self, simulated_seconds: float) -> float:
        return simulated_seconds / self.factor

    def simulated_seconds(self, real_seconds: float) -> float:
        """How much simulated time `real_seconds` of wall-clock time stand for (the inverse of real_seconds)."""
        return real_seconds * self.factor

    def whole_real_seconds(self, simulated_seconds: float) -> int:
        """For headers and fields that carry whole seconds; never 0 for a positive wait."""
        return max(1, math.ceil(self.real_seconds(simulated_seconds))) if simulated_seconds > 0 else 0
