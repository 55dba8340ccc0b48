"""Simulated Edge appliances of one org (seed key `appliances`) and the pairing timeline they drive.

An appliance is the box on site: it shows a pairing id on its display and, once an Edge record carries that pairing
id, connects out and walks the record through the pairing states. The walk is computed from timestamps on every
read (no background threads), in simulated seconds, so the simulation's time scale compresses it:

    appliances:
      - pairing_id: 8F3K2-9QW7T-00AB1-ZZ9X4-KD2M7     # required; five groups of five [0-9A-Z], any case
        serial_number: SN-0001                        # default: derived from the pairing id
        model: Edge 3000                              # default "Edge 3000"
        make: Genesys                                 # default "Genesys"
        software_version: 1.0.0.9000                  # default "1.0.0.9000"
        fingerprint: <40 hex digits>                  # default: derived from the pairing id and serial number
        nics:                                         # default: one eth0 with a MAC derived from the pairing id
          - {port_label: eth0, mac: "00:25:90:aa:bb:01", if_name: eth0}   # if_name defaults to port_label
        behaviour:
          kind: pairs          # pairs | never_connects | fingerprint_verification | goes_offline | reboots
          connect_after_s: 20  # NEW for the first half, AWAITING_CONNECTION for the second
          fingerprint_after_s: 10  # AWAITING_FINGERPRINT lasts this long (default step_s)
          step_s: 10           # every later pairing step; also how long an unpair or a reboot takes
          offline_after_s: 60  # goes_offline / reboots: simulated seconds after ACTIVE before it happens
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from genesys_cloud_sim.core.state import Area

PAIRING_ID = re.compile(r"^[0-9A-Z]{5}(?:-[0-9A-Z]{5}){4}$")
MAC_ADDRESS = re.compile(r"^[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}$")

KINDS = ("pairs", "never_connects", "fingerprint_verification", "goes_offline", "reboots")
# The pairing walk after the appliance connected, in order (API-FACTS: inferred from the enum, not documented).
WALK = (
    "AWAITING_FINGERPRINT",
    "AWAITING_FINGERPRINT_VERIFICATION",
    "FINGERPRINT_VERIFIED",
    "AWAITING_BOOTSTRAP",
    "INITIALIZING",
    "ACTIVE",
)
DEFAULT_CONNECT_AFTER_S = 20.0
DEFAULT_STEP_S = 10.0
DEFAULT_OFFLINE_AFTER_S = 60.0


def normalize_pairing_id(value: str) -> str | None:
    """The pairing id upper-cased, or None when it is not five groups of five [0-9A-Z] joined by '-'."""
    candidate = value.strip().upper()
    return candidate if PAIRING_ID.match(candidate) else None


def normalize_mac(value: str) -> str:
    """A MAC for comparison: lower case, no separators."""
    return re.sub(r"[:-]", "", value).lower()


@dataclass(frozen=True)
class Behaviour:
    kind: str = "pairs"
    connect_after_s: float = DEFAULT_CONNECT_AFTER_S
    step_s: float = DEFAULT_STEP_S
    offline_after_s: float = DEFAULT_OFFLINE_AFTER_S
    fingerprint_after_s: float | None = None  # None: step_s

    @property
    def fingerprint_s(self) -> float:
        return self.step_s if self.fingerprint_after_s is None else self.fingerprint_after_s

    def export(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "connect_after_s": self.connect_after_s,
            "step_s": self.step_s,
            "offline_after_s": self.offline_after_s,
            "fingerprint_after_s": self.fingerprint_s,
        }


# What an Edge record with no matching appliance does: it never hears from anything (FIDELITY.md, a guess).
NO_APPLIANCE = Behaviour(kind="never_connects")


@dataclass(frozen=True)
class Progress:
    """Where the pairing walk is, `elapsed_s` simulated seconds after the Edge record was created."""

    status_code: str
    fingerprint_reported: bool  # from AWAITING_FINGERPRINT_VERIFICATION on
    active_for_s: float | None  # simulated seconds since ACTIVE was reached, None before


def pairing_progress(behaviour: Behaviour, elapsed_s: float) -> Progress:
    """NEW -> AWAITING_CONNECTION -> the WALK, one step every step_s, as far as the behaviour lets it go."""
    if elapsed_s < behaviour.connect_after_s / 2:
        return Progress("NEW", False, None)
    if behaviour.kind == "never_connects" or elapsed_s < behaviour.connect_after_s:
        return Progress("AWAITING_CONNECTION", False, None)
    since_connect = elapsed_s - behaviour.connect_after_s
    if since_connect < behaviour.fingerprint_s:
        return Progress("AWAITING_FINGERPRINT", False, None)
    since_fingerprint = since_connect - behaviour.fingerprint_s
    if behaviour.kind == "fingerprint_verification":
        return Progress("AWAITING_FINGERPRINT_VERIFICATION", True, None)
    steps_to_active = len(WALK) - 2  # AWAITING_FINGERPRINT_VERIFICATION .. INITIALIZING, step_s each
    if behaviour.step_s <= 0 or since_fingerprint >= steps_to_active * behaviour.step_s:
        return Progress("ACTIVE", True, since_fingerprint - steps_to_active * max(behaviour.step_s, 0.0))
    return Progress(WALK[1 + int(since_fingerprint // behaviour.step_s)], True, None)


def offline_on_its_own(behaviour: Behaviour, active_for_s: float) -> bool:
    """goes_offline: OFFLINE for good offline_after_s after ACTIVE; reboots: OFFLINE for one step, once."""
    if behaviour.kind == "goes_offline":
        return active_for_s >= behaviour.offline_after_s
    if behaviour.kind == "reboots":
        return behaviour.offline_after_s <= active_for_s < behaviour.offline_after_s + behaviour.step_s
    return False


@dataclass(frozen=True)
class Nic:
    port_label: str
    mac: str
    if_name: str

    def export(self) -> dict[str, str]:
        return {"port_label": self.port_label, "mac": self.mac, "if_name": self.if_name}


@dataclass
class Appliance:
    pairing_id: str
    serial_number: str
    model: str
    make: str
    software_version: str
    fingerprint: str
    nics: list[Nic] = field(default_factory=list)
    behaviour: Behaviour = field(default_factory=Behaviour)

    @property
    def fingerprint_hint(self) -> str:
        """The last characters of the fingerprint, the way a display abbreviates it (a guess: FIDELITY.md)."""
        return self.fingerprint[-6:]

    def export(self) -> dict[str, Any]:
        return {
            "pairing_id": self.pairing_id,
            "serial_number": self.serial_number,
            "model": self.model,
            "make": self.make,
            "software_version": self.software_version,
            "fingerprint": self.fingerprint,
            "nics": [nic.export() for nic in self.nics],
            "behaviour": self.behaviour.export(),
        }


_APPLIANCE_KEYS = {"pairing_id", "serial_number", "model", "make", "software_version", "fingerprint", "nics",
                   "behaviour"}
_NIC_KEYS = {"port_label", "mac", "if_name"}
_BEHAVIOUR_KEYS = {"kind", "connect_after_s", "step_s", "offline_after_s", "fingerprint_after_s"}


class AppliancesBackend(Area):
    """The appliances an org's sites hold; seeded only (the real API cannot create hardware)."""

    seed_key = "appliances"

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_pairing_id: dict[str, Appliance] = {}

    def find(self, pairing_id: str | None) -> Appliance | None:
        return self._by_pairing_id.get(pairing_id) if pairing_id else None

    def seed(self, items: list[dict[str, Any]]) -> None:
        for index, item in enumerate(items):
            appliance = _parse_appliance(item, f"appliances[{index}]")
            self._by_pairing_id[appliance.pairing_id] = appliance

    def export(self) -> list[dict[str, Any]]:
        return [appliance.export() for appliance in self._by_pairing_id.values()]


def _parse_appliance(item: Any, where: str) -> Appliance:
    if not isinstance(item, dict):
        raise ValueError(f"{where}: an appliance is a mapping with at least pairing_id")
    _refuse_unknown(item, _APPLIANCE_KEYS, where)
    pairing_id = normalize_pairing_id(_text(item, "pairing_id", where, required=True))
    if pairing_id is None:
        raise ValueError(f"{where}.pairing_id: {item['pairing_id']!r} is not five groups of five [0-9A-Z] joined by '-'")
    digest = hashlib.sha256(pairing_id.encode()).hexdigest()
    serial = _text(item, "serial_number", where) or "SIM" + pairing_id.replace("-", "")[:10]
    fingerprint = _text(item, "fingerprint", where) or hashlib.sha1(f"{pairing_id}/{serial}".encode()).hexdigest()
    nics = item.get("nics")
    if nics is None:
        nics = [{"port_label": "eth0", "mac": "00:25:90:" + ":".join(digest[i : i + 2] for i in (0, 2, 4))}]
    if not isinstance(nics, list) or not nics:
        raise ValueError(f"{where}.nics: a list of at least one {{port_label, mac, if_name}}")
    parsed = [_parse_nic(nic, f"{where}.nics[{i}]") for i, nic in enumerate(nics)]
    if len({normalize_mac(nic.mac) for nic in parsed}) != len(parsed):
        raise ValueError(f"{where}.nics: two NICs have the same MAC address")
    if len({nic.port_label for nic in parsed}) != len(parsed):
        raise ValueError(f"{where}.nics: two NICs have the same port_label")
    return Appliance(
        pairing_id=pairing_id,
        serial_number=serial,
        model=_text(item, "model", where) or "Edge 3000",
        make=_text(item, "make", where) or "Genesys",
        software_version=_text(item, "software_version", where) or "1.0.0.9000",
        fingerprint=fingerprint,
        nics=parsed,
        behaviour=_parse_behaviour(item.get("behaviour") or {}, f"{where}.behaviour"),
    )


def _parse_nic(item: Any, where: str) -> Nic:
    if not isinstance(item, dict):
        raise ValueError(f"{where}: a NIC is a mapping {{port_label, mac, if_name}}")
    _refuse_unknown(item, _NIC_KEYS, where)
    port_label = _text(item, "port_label", where, required=True)
    mac = _text(item, "mac", where, required=True)
    if not MAC_ADDRESS.match(mac):
        raise ValueError(f"{where}.mac: {mac!r} is not a MAC address like 00:25:90:aa:bb:01")
    return Nic(port_label, mac, _text(item, "if_name", where) or port_label)


def _parse_behaviour(item: Any, where: str) -> Behaviour:
    if not isinstance(item, dict):
        raise ValueError(f"{where}: a mapping {{kind, connect_after_s, step_s, offline_after_s, fingerprint_after_s}}")
    _refuse_unknown(item, _BEHAVIOUR_KEYS, where)
    kind = item.get("kind", "pairs")
    if kind not in KINDS:
        raise ValueError(f"{where}.kind: {kind!r} is not one of {list(KINDS)}")
    numbers: dict[str, float] = {}
    for key in _BEHAVIOUR_KEYS - {"kind"}:
        if item.get(key) is None:
            continue
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"{where}.{key}: a number of simulated seconds >= 0, not {value!r}")
        numbers[key] = float(value)
    return Behaviour(kind=kind, **numbers)


def _refuse_unknown(item: dict[str, Any], known: set[str], where: str) -> None:
    unknown = set(item) - known
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}; known: {sorted(known)}")


def _text(item: dict[str, Any], key: str, where: str, required: bool = False) -> str:
    value = item.get(key)
    if value is None:
        if required:
            raise ValueError(f"{where}.{key} is required")
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        raise ValueError(f"{where}.{key}: a non-blank string, not {value!r}")
    return str(value)
