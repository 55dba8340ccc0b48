"""Serving a simulation over HTTP(S) with uvicorn, in this thread (the CLI) or a background one (tests)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

import uvicorn

from genesys_cloud_sim.app import create_app
from genesys_cloud_sim.core.simulation import Simulation


@dataclass(frozen=True)
class TlsFiles:
    certfile: str
    keyfile: str


class SimulatorServer:
    """One listening socket, bound at construction so the URL (and a port 0's real port) is known at once."""

    def __init__(self, simulation: Simulation, host: str = "127.0.0.1", port: int = 0, tls: TlsFiles | None = None):
        self.simulation = simulation
        self._socket = socket.create_server((host, port), family=_family(host))
        # Accepted connections inherit this. Without it, a response written as two segments (head, then body)
        # waits for the client's delayed ACK: 40 ms per request on a kept-alive connection.
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        bound_port = self._socket.getsockname()[1]
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://{_url_host(host)}:{bound_port}"
        config = uvicorn.Config(
            create_app(simulation),
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_keep_alive=30,
            date_header=False,  # the gateway sends the region's (possibly skewed) Date
            server_header=False,
            ssl_certfile=tls.certfile if tls else None,
            ssl_keyfile=tls.keyfile if tls else None,
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def serve(self, on_ready: Callable[[str], None] = lambda url: None) -> None:
        """Serve until SIGINT/SIGTERM (uvicorn installs the handlers when this runs in the main thread)."""
        asyncio.run(self._serve(on_ready))

    def start_in_thread(self, timeout_s: float = 15.0) -> None:
        ready = threading.Event()
        self._thread = threading.Thread(target=self.serve, args=(lambda url: ready.set(),), daemon=True)
        self._thread.start()
        if not ready.wait(timeout_s):
            raise RuntimeError("the simulator did not start in time")

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)

    async def _serve(self, on_ready: Callable[[str], None]) -> None:
        serving = asyncio.create_task(self._server.serve(sockets=[self._socket]))
        while not self._server.started:
            if serving.done():
                await serving
                raise RuntimeError("the simulator stopped while starting")
            await asyncio.sleep(0.01)
        on_ready(self.url)
        await serving


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
