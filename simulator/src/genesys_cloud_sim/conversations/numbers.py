"""The far ends a call can reach: dial strings, and the seeded behaviour of the numbers and SIP URIs behind them.

    numbers:
      - number: "+13175550100"     # E.164, or a sip:/sips: URI (RFC 3261 sip:user@host[:port])
        behaviour: answers         # answers (default) | rings_out | busy | invalid
        answer_after_s: 3          # answers: simulated seconds from the call's creation to the answer (default 3)
        ring_timeout_s: 60         # rings_out: how long it rings before the network gives up (default 60)
        hangs_up_after_s: 30       # answers, optional: the far end hangs up this long after answering

A number nobody seeded answers after DEFAULT_ANSWER_AFTER_S and stays connected until hung up (FIDELITY.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from genesys_cloud_sim.core.errors import invalid_value
from genesys_cloud_sim.core.schema import Field, ObjectSpec, validate
from genesys_cloud_sim.core.state import Area

BEHAVIOURS = ("answers", "rings_out", "busy", "invalid")
DEFAULT_ANSWER_AFTER_S = 3.0
DEFAULT_RING_TIMEOUT_S = 60.0
E164 = re.compile(r"\+[1-9]\d{1,14}")
# RFC 3261's sip:user@host[:port], without URI parameters or headers, which API-FACTS leaves out too.
SIP_URI = re.compile(r"sips?:[^@\s:;?]+@[A-Za-z0-9.\-]+(:\d{1,5})?|sips?:[^@\s:;?]+@\[[0-9A-Fa-f:.]+\](:\d{1,5})?")

NUMBER_SEED = ObjectSpec(
    "Number",
    {
        "number": Field("str", required=True),
        "behaviour": Field("str", enum=BEHAVIOURS),
        "answer_after_s": Field("number"),
        "ring_timeout_s": Field("number"),
        "hangs_up_after_s": Field("number"),
    },
)


def dial_string(value: str) -> str | None:
    """`value` as the platform would dial it (a SIP URI's scheme lower-cased), or None when it is neither."""
    if E164.fullmatch(value):
        return value
    scheme, _colon, rest = value.partition(":")
    candidate = f"{scheme.lower()}:{rest}"
    return candidate if SIP_URI.fullmatch(candidate) else None


@dataclass(frozen=True)
class FarEnd:
    """How the far end of one call behaves, in simulated seconds from the call's creation."""

    behaviour: str = "answers"
    answer_after_s: float = DEFAULT_ANSWER_AFTER_S
    ring_timeout_s: float = DEFAULT_RING_TIMEOUT_S
    hangs_up_after_s: float | None = None

    def export(self) -> dict[str, Any]:
        exported: dict[str, Any] = {"behaviour": self.behaviour, "answer_after_s": self.answer_after_s,
                                    "ring_timeout_s": self.ring_timeout_s}
        if self.hangs_up_after_s is not None:
            exported["hangs_up_after_s"] = self.hangs_up_after_s
        return exported


UNSEEDED = FarEnd()


def far_end_of(entry: dict[str, Any], base: FarEnd = UNSEEDED) -> FarEnd:
    """A validated seed entry (NUMBER_SEED fields but `number`) as a FarEnd; times must not be negative."""
    for key in ("answer_after_s", "ring_timeout_s", "hangs_up_after_s"):
        if entry.get(key) is not None and entry[key] < 0:
            raise invalid_value(key, f"{key} must be 0 or more, not {entry[key]}.")
    changes = {key: float(entry[key]) for key in ("answer_after_s", "ring_timeout_s", "hangs_up_after_s")
               if entry.get(key) is not None}
    return replace(base, behaviour=entry.get("behaviour", base.behaviour), **changes)


class NumbersBackend(Area):
    """Seeded only, like the appliances behind Edges; calls use far_end(dial string)."""

    seed_key = "numbers"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_number: dict[str, FarEnd] = {}

    def far_end(self, number: str) -> FarEnd:
        return self._by_number.get(number, UNSEEDED)

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            entry = validate(NUMBER_SEED, item)
            number = dial_string(entry["number"])
            if number is None:
                raise invalid_value("number", f"'{entry['number']}' is neither an E.164 number nor a sip: URI.")
            self._by_number[number] = far_end_of(entry)

    def export(self) -> list[dict[str, Any]]:
        return [{"number": number, **far_end.export()} for number, far_end in self._by_number.items()]
