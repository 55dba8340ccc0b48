"""--state-file: the world as a seed, kept durable by a write-ahead log beside it.

An acknowledged write must survive SIGKILL, so every change is appended to `<state file>.wal` and fsync'd before the
write is answered: one JSON line holding the changed org whole (or the whole world, for an admin change that belongs
to no org). Replaying is then simple and safe to repeat: the last line about an org is that org. A debounced
compaction writes the state file and starts a new log; at start-up the state file and the logs are read back, and
a line cut short by a crash (a write never answered) is ignored.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from genesys_cloud_sim.core.seed import export_org, export_seed
from genesys_cloud_sim.core.simulation import Simulation
from genesys_cloud_sim.core.state import ACTING_ORG

SAVE_DELAY_S = 0.2  # writes that come in a burst (a rollout) are compacted once


def load_state(path: Path) -> dict[str, Any] | None:
    """The state file with the logs of the last run replayed on top (None when there is nothing)."""
    state = _read_json(path)
    for log in (_compacting(path), _log(path)):
        for record in _records(log):
            state = _replayed(state, record)
    return state


class StateSaver:
    """Logs every change before it is answered, and compacts the log into `path` shortly after a burst of changes
    and once more at close().

    The files hold client secrets (a restarted simulator must still authenticate its clients), so they are 0600;
    the state file is replaced atomically, so a crash mid-write leaves the previous state rather than half a file.
    """

    def __init__(self, simulation: Simulation, path: Path) -> None:
        self._simulation = simulation
        self._path = path
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._dirty = threading.Event()
        self._closing = False
        self._log = _open_log(_log(path))
        self.compact()  # what the last run logged is in the state file from now on
        simulation.store.on_change(self._append)
        simulation.store.on_change(self._dirty.set)
        self._thread = threading.Thread(target=self._run, name="state-saver", daemon=True)
        self._thread.start()

    def compact(self) -> None:
        """Write the state file from a snapshot, then drop the log lines it holds.

        The snapshot and the start of a new log happen under the store's lock, so every change is either in the
        snapshot or in the new log; the old log is kept until the state file is replaced."""
        store = self._simulation.store
        with store.lock:
            snapshot = self._simulation.export(include_secrets=True)
            self._log.close()
            os.replace(_log(self._path), _compacting(self._path))
            self._log = _open_log(_log(self._path))
        _write_atomically(self._path, json.dumps(snapshot, indent=1, sort_keys=True))
        _compacting(self._path).unlink(missing_ok=True)

    def close(self) -> None:
        self._closing = True
        self._dirty.set()
        self._thread.join(timeout=10)
        self.compact()
        self._log.close()

    def _append(self) -> None:
        """One change, durable before its request is answered (listeners run inside the request)."""
        store = self._simulation.store
        with store.lock:  # the line is the state right after this change, in the order of the changes
            org = ACTING_ORG.get()
            record = ({"region": org.region.name, "org": export_org(org, include_secrets=True)} if org is not None
                      else {"world": export_seed(store, include_secrets=True)})
            self._log.write(json.dumps(record, separators=(",", ":")) + "\n")
            self._log.flush()
            os.fsync(self._log.fileno())

    def _run(self) -> None:
        while not self._closing:
            self._dirty.wait()
            if self._closing:
                return
            threading.Event().wait(SAVE_DELAY_S)
            self._dirty.clear()
            self.compact()


def _log(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _compacting(path: Path) -> Path:
    """The log being compacted into the state file; replayed too if a crash came before the file was replaced."""
    return path.with_name(path.name + ".wal.compacting")


def _open_log(path: Path) -> Any:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    return os.fdopen(descriptor, "w", encoding="utf-8")


def _write_atomically(path: Path, payload: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _read_json(path: Path) -> dict[str, Any] | None:
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _records(log: Path) -> list[dict[str, Any]]:
    """The log's lines; a last line cut short by a crash was never answered, so it is left out."""
    if not log.exists():
        return []
    records = []
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            break
    return records


def _replayed(state: dict[str, Any] | None, record: dict[str, Any]) -> dict[str, Any]:
    if "world" in record:
        return record["world"]
    state = state or {"regions": {}}
    region = state["regions"].setdefault(record["region"], {"orgs": []})
    orgs = region.setdefault("orgs", [])
    org = record["org"]
    region["orgs"] = [kept for kept in orgs if kept.get("id") != org["id"]] + [org]
    return state
