"""The simulator in tests: in-process (`Simulator`) or as a child process (`SimulatorProcess`), same admin API.

    with Simulator(config=seed) as sim:          # uvicorn on a background thread; sim.simulation is the live world
        base = sim.base_url("us-east-1")         # API at f"{base}/api/v2/...", login at f"{base}/oauth/token"
        sim.admin.set_faults(seed=7, rates={"429": 0.1})
        sim.admin.set_consistency(seed=7)      # reads lag behind writes (core/consistency.py)
        sim.admin.stats()["requests"]            # {"GET /api/v2/...": n}

    with SimulatorProcess(config=seed, state_file=path) as sim:   # `genesys-cloud-sim serve` in a child process
        ...

`strict_fields=True` refuses request-body fields the API model lacks (`serve --strict-fields`); the default ignores
them, as a real org is believed to. The project's own tests run strict, so a typo in the collection fails there.
"""

from __future__ import annotations

import json
import os
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from genesys_cloud_sim.app import create_simulation
from genesys_cloud_sim.core.consistency import ConsistencyConfig
from genesys_cloud_sim.core.regions import normalize_region
from genesys_cloud_sim.core.seed import load_seed_file
from genesys_cloud_sim.server import SimulatorServer

Seed = Mapping[str, Any]


class AdminError(RuntimeError):
    """The admin API refused a call; the message is the simulator's."""


class Admin:
    """The /__sim admin API of a running simulator (standard library only, so tests need nothing more)."""

    def __init__(self, url: str, cafile: str | Path | None = None) -> None:
        self._root = url.rstrip("/") + "/__sim"
        # An HTTPS simulator's certificate is usually self-signed: trust it (as the CA) for admin calls.
        self._tls = ssl.create_default_context(cafile=str(cafile)) if cafile else None

    def reset(self, config: Seed | None = None) -> None:
        self._call("POST", "/reset", dict(config) if config else None)

    def seed(self, config: Seed) -> None:
        self._call("POST", "/seed", dict(config))

    def state(self) -> dict[str, Any]:
        return self._call("GET", "/state")

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """seed, rates {kind: 0..1}, retry_after [min, max], retry_after_on_5xx, latency_ms [min, max], token_early_expiry_after_s,
        methods, path_prefix (see core/faults.py)."""
        return self._call("PUT", "/faults", settings)

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def set_consistency(self, **settings: Any) -> dict[str, Any]:
        """Eventual consistency on: seed, read_lag_ms, listing_lag_ms, in_use_after_delete_ms,
        station_conflict_rate (see core/consistency.py); what is left out keeps its default."""
        return self._call("PUT", "/consistency", settings)

    def consistency(self) -> dict[str, Any] | None:
        return self._call("GET", "/consistency")

    def clear_consistency(self) -> None:
        self._call("DELETE", "/consistency")

    def set_skew(self, region: str, skew_ms: int) -> None:
        self._call("PUT", f"/regions/{normalize_region(region)}/clock", {"skew_ms": skew_ms})

    def set_rate_limit(self, **limits: int) -> dict[str, int]:
        """per_token_per_minute, token_endpoint_per_client_per_minute (0 switches a limit off)."""
        return self._call("PUT", "/ratelimit", limits)

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/stats")

    def requests(self, limit: int | None = None) -> list[dict[str, Any]]:
        return self._call("GET", "/requests" + (f"?limit={limit}" if limit else ""))

    def clear_requests(self) -> None:
        self._call("DELETE", "/requests")

    def tokens(self) -> list[dict[str, Any]]:
        return self._call("GET", "/tokens")

    def expire_tokens(self) -> int:
        return self._call("POST", "/tokens/expire")["expired"]

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = Request(self._root + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urlopen(request, timeout=30, context=self._tls) as response:  # noqa: S310 - a URL this module built
                raw = response.read()
        except HTTPError as exc:
            raise AdminError(f"{method} {path}: {exc.code} {exc.read().decode('utf-8', 'replace')}") from None
        return json.loads(raw) if raw else None


class _Running:
    url: str
    admin: Admin

    def base_url(self, region: str) -> str:
        """The region's base URL: the collection's api_base_url and login_base_url."""
        return f"{self.url}/{normalize_region(region)}"


class Simulator(_Running):
    """An in-process simulator on a background thread; `simulation` is its live state for white-box asserts."""

    def __init__(self, config: Seed | str | Path | None = None, time_scale: float = 1.0, host: str = "127.0.0.1",
                 strict_fields: bool = False, consistency: Seed | None = None):
        self.simulation = create_simulation(time_scale, strict_fields)
        self.simulation.reset(_as_seed(config))
        if consistency is not None:
            self.simulation.consistency.configure(ConsistencyConfig.from_dict(dict(consistency)))
        self._server = SimulatorServer(self.simulation, host, 0)
        self.url = self._server.url
        self.admin = Admin(self.url)

    def __enter__(self) -> Simulator:
        self._server.start_in_thread()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.stop()


class SimulatorProcess(_Running):
    """`genesys-cloud-sim serve` in a child process, for tests that need a real server (ansible-playbook)."""

    def __init__(
        self,
        config: Seed | str | Path | None = None,
        state_file: str | Path | None = None,
        time_scale: float = 1.0,
        extra_args: tuple[str, ...] = (),
        start_timeout_s: float = 30.0,
        tls: tuple[str | Path, str | Path] | None = None,
        strict_fields: bool = False,
        consistency: Seed | None = None,
    ) -> None:
        self._config = config
        self._strict_fields = strict_fields
        self._consistency = consistency
        self._tls = tls
        self._state_file = state_file
        self._time_scale = time_scale
        self._extra_args = extra_args
        self._start_timeout_s = start_timeout_s
        self._workdir: tempfile.TemporaryDirectory[str] | None = None
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> SimulatorProcess:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self._workdir = tempfile.TemporaryDirectory(prefix="genesys-cloud-sim-")
        workdir = Path(self._workdir.name)
        ready, log = workdir / "ready", workdir / "server.log"
        command = [sys.executable, "-m", "genesys_cloud_sim", "serve", "--port", "0", "--ready-file", str(ready),
                   "--time-scale", str(self._time_scale), *self._extra_args]
        if self._strict_fields:
            command.append("--strict-fields")
        if self._config is not None:
            command += ["--config", str(self._config_file(workdir))]
        if self._state_file is not None:
            command += ["--state-file", str(self._state_file)]
        if self._tls is not None:
            command += ["--tls-cert", str(self._tls[0]), "--tls-key", str(self._tls[1])]
        with log.open("wb") as output:
            self.process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self._start_timeout_s
        while not ready.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                output = log.read_text(errors="replace")  # before stop(), which removes the workdir and the log
                self.stop()
                raise RuntimeError(f"genesys-cloud-sim did not start:\n{output}")
            time.sleep(0.02)
        self.url = ready.read_text(encoding="utf-8").strip()
        self.admin = Admin(self.url, cafile=self._tls[0] if self._tls else None)
        if self._consistency is not None:
            self.admin.set_consistency(**self._consistency)

    def stop(self) -> None:
        """SIGTERM, so a --state-file is saved, then wait for the process to end."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    def _config_file(self, workdir: Path) -> Path:
        if isinstance(self._config, (str, os.PathLike)):
            return Path(self._config)
        path = workdir / "seed.json"  # JSON is YAML, so --config reads it as is
        path.write_text(json.dumps(self._config), encoding="utf-8")
        return path


def _as_seed(config: Seed | str | Path | None) -> dict[str, Any] | None:
    if config is None:
        return None
    if isinstance(config, (str, os.PathLike)):
        return load_seed_file(config)
    return dict(config)
