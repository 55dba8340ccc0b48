"""genesys-cloud-sim serve: one process serving every seeded region, optionally persisting its state."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from genesys_cloud_sim.app import create_simulation
from genesys_cloud_sim.core.consistency import ConsistencyConfig
from genesys_cloud_sim.core.persistence import StateSaver, load_state
from genesys_cloud_sim.core.seed import SeedError, load_seed_file
from genesys_cloud_sim.server import SimulatorServer, TlsFiles


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="genesys-cloud-sim", description="A Genesys Cloud API simulator.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the API of every seeded region")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080, help="0 picks a free port (see --ready-file)")
    serve.add_argument("--config", type=Path, help="seed YAML: regions, orgs, clients, objects")
    serve.add_argument("--state-file", type=Path, help="load the world from here at start, save it here on change")
    serve.add_argument("--ready-file", type=Path, help="write the root URL here once the server accepts requests")
    serve.add_argument("--time-scale", type=float, default=1.0,
                       help="speed up simulated waits (token lifetimes, rate-limit windows, pairing); the clock is never scaled")
    serve.add_argument("--strict-fields", action="store_true",
                       help="refuse request-body fields the API model lacks (400 bad.request) instead of ignoring them")
    serve.add_argument("--soft-delete-s", type=float,
                       help="deleted sites and Edges still read state: deleted for this many seconds (default 0)")
    serve.add_argument("--eventual-consistency", type=int, metavar="SEED",
                       help="reads lag behind writes, seeded (the default lags of PUT /__sim/consistency)")
    serve.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM); needs --tls-key")
    serve.add_argument("--tls-key", help="the certificate's private key (PEM)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        print("genesys-cloud-sim: --tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    simulation = create_simulation(args.time_scale, args.strict_fields)
    try:
        # The state file is what earlier runs made; the config then (re)declares clients and seeded objects.
        state = load_state(args.state_file) if args.state_file else None
        simulation.reset(state)
        if args.config:
            simulation.seed(load_seed_file(args.config))
        if args.soft_delete_s is not None:
            simulation.seed({"settings": {"soft_delete_s": args.soft_delete_s}})
    except (OSError, ValueError, SeedError) as exc:
        print(f"genesys-cloud-sim: cannot load the world: {exc}", file=sys.stderr)
        return 2
    if args.eventual_consistency is not None:
        simulation.consistency.configure(ConsistencyConfig(seed=args.eventual_consistency))
    tls = TlsFiles(args.tls_cert, args.tls_key) if args.tls_cert else None
    server = SimulatorServer(simulation, args.host, args.port, tls)
    saver = StateSaver(simulation, args.state_file) if args.state_file else None
    for handled in (signal.SIGTERM, signal.SIGINT):
        signal.signal(handled, _exit_quietly)  # uvicorn re-raises the signal after its graceful shutdown
    try:
        server.serve(on_ready=lambda url: _announce(url, args.ready_file))
    except SystemExit:
        pass
    finally:
        if saver is not None:
            saver.close()
    return 0


def _announce(url: str, ready_file: Path | None) -> None:
    print(f"genesys-cloud-sim listening on {url}", flush=True)
    if ready_file is not None:
        temporary = ready_file.with_name(ready_file.name + ".tmp")
        temporary.write_text(url + "\n", encoding="utf-8")
        temporary.replace(ready_file)  # readers never see half a URL


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)
