"""--state-file: the world written as a seed after every change (debounced) and read back at start-up."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from genesys_cloud_sim.core.simulation import Simulation

SAVE_DELAY_S = 0.2  # writes that come in a burst (a rollout) are saved once


def load_state(path: Path) -> dict[str, Any] | None:
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


class StateSaver:
    """Saves the simulation to `path` shortly after each change and once more at close().

    The file holds client secrets (a restarted simulator must still authenticate its clients), so it is 0600;
    it is replaced atomically, so a crash mid-write leaves the previous state rather than half a file.
    """

    def __init__(self, simulation: Simulation, path: Path) -> None:
        self._simulation = simulation
        self._path = path
        self._dirty = threading.Event()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="state-saver", daemon=True)
        simulation.store.on_change(self._dirty.set)
        self._thread.start()

    def save(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._path.with_name(self._path.name + ".tmp")
        payload = json.dumps(self._simulation.export(include_secrets=True), indent=1, sort_keys=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(payload)
        os.replace(temporary, self._path)

    def close(self) -> None:
        self._closing = True
        self._dirty.set()
        self._thread.join(timeout=10)
        self.save()

    def _run(self) -> None:
        while not self._closing:
            self._dirty.wait()
            if self._closing:
                return
            threading.Event().wait(SAVE_DELAY_S)
            self._dirty.clear()
            self.save()
