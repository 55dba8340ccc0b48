"""Roll a sample inventory out against the bundled simulator, which this script starts and stops.

State persists in .cache/<inventory>/state.json, so a second run finds what the first made (changed=0).
Usage: python scripts/sandbox.py [--inventory sandbox|drill] [--fresh] [extra ansible-playbook arguments...]
The drill inventory rehearses failures: its healthy sites converge, the others fail with their fix in the report.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def choose_inventory(argv: list[str]) -> str:
    """The inventory named by --inventory (taken out of argv), else the sandbox."""
    if "--inventory" not in argv:
        return "sandbox"
    at = argv.index("--inventory")
    name = argv[at + 1] if at + 1 < len(argv) else ""
    del argv[at:at + 2]
    if not (ROOT / "inventories" / name / "simulator.yml").exists():
        sys.exit(f"--inventory: {name!r} is not a sample inventory with a simulator seed (sandbox, drill)")
    return name


NAME = choose_inventory(sys.argv) if __name__ == "__main__" else "sandbox"
STATE = ROOT / ".cache" / NAME / "state.json"
SEED_DIGEST = STATE.with_name("seed.sha256")
INVENTORY = ROOT / "inventories" / NAME
SEED = INVENTORY / "simulator.yml"
REPORT = ROOT / "artifacts" / "rollout-report-latest"  # the run writes rollout-report-<UTC start>-<mode>.* too
# The sample's five non-canary sites go in two waves; the playbook's default (25%) suits large inventories.
WAVE_SIZE = "genesys_wave_size=3"


def seed_digest() -> str:
    return hashlib.sha256(SEED.read_bytes()).hexdigest()


def seed_arguments() -> list[str]:
    """--config when the state is new or the seed changed since it was applied. Re-applying an unchanged seed
    would reset what the rollout set on seeded objects (agents' presence, desks' associations), so a second run
    would not find the org as the first left it."""
    if STATE.exists() and SEED_DIGEST.exists() and SEED_DIGEST.read_text() == seed_digest():
        return []
    return ["--config", str(SEED)]


def start_simulator(ready_file: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "genesys_cloud_sim", "serve", "--host", "127.0.0.1", "--port", "0",
               *seed_arguments(), "--state-file", str(STATE), "--ready-file", str(ready_file),
               # Appliances pair in simulated minutes; a time scale of 30 shows them in seconds.
               "--time-scale", "30"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not (ready_file.exists() and ready_file.read_text().strip()):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            sys.exit("the simulator did not start; run `python -m genesys_cloud_sim serve` to see why")
        time.sleep(0.05)
    SEED_DIGEST.write_text(seed_digest())
    return process


def main(argv: list[str]) -> int:
    if "--fresh" in argv:
        argv.remove("--fresh")
        STATE.unlink(missing_ok=True)
        SEED_DIGEST.unlink(missing_ok=True)
    STATE.parent.mkdir(parents=True, exist_ok=True)
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        ready = Path(tmp) / "ready"
        simulator = start_simulator(ready)
        url = ready.read_text().strip()
        print(f"simulator: {url} (state {STATE.relative_to(ROOT)})", flush=True)
        env = {**os.environ, "GENESYS_SIM_URL": url, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")}
        try:
            code = subprocess.call([str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(INVENTORY),
                                    str(ROOT / "playbooks" / "site_rollout.yml"), "-e", WAVE_SIZE, *argv], cwd=ROOT, env=env)
        finally:
            simulator.terminate()
            simulator.wait(timeout=30)
    print_report(started)
    return code


def print_report(started: float) -> None:
    """Where the rollout report is, when this run wrote it (a --tags or --check run writes one too)."""
    files = [REPORT.with_name(f"{REPORT.name}{ext}") for ext in (".html", ".md", ".json")]
    written = [f for f in files if f.exists() and f.stat().st_mtime >= started]
    print("report: " + "  ".join(str(f.relative_to(ROOT)) for f in written) if written else "no report was written",
          flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
