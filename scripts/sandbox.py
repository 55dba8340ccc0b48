"""Roll the sandbox inventory out against the bundled simulator, which this script starts and stops.

State persists in .cache/sandbox/state.json, so a second run finds what the first made (changed=0).
Usage: python scripts/sandbox.py [--fresh] [extra ansible-playbook arguments...]
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
STATE = ROOT / ".cache" / "sandbox" / "state.json"
SEED_DIGEST = STATE.with_name("seed.sha256")
INVENTORY = ROOT / "inventories" / "sandbox"
SEED = INVENTORY / "simulator.yml"


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
    with tempfile.TemporaryDirectory() as tmp:
        ready = Path(tmp) / "ready"
        simulator = start_simulator(ready)
        url = ready.read_text().strip()
        print(f"simulator: {url} (state {STATE.relative_to(ROOT)})", flush=True)
        env = {**os.environ, "GENESYS_SIM_URL": url, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")}
        try:
            return subprocess.call([str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(INVENTORY), str(ROOT / "playbooks" / "site_rollout.yml"),
                                    *argv], cwd=ROOT, env=env)
        finally:
            simulator.terminate()
            simulator.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
