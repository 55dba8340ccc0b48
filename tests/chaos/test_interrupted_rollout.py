"""A controller lost mid-rollout, three times in a row: the job is SIGKILLed (with its forks and modules) after a
seeded number of writes, with no chance to clean up. A plain re-run must then complete, end in the org a fault-free
run leaves, and make nothing twice."""

from __future__ import annotations

import os
import random
import signal
import time
from datetime import datetime
from pathlib import Path

from chaos.harness import (SUMMARY, converged_projection, duplicates, kill_rollout, open_calls, publish, run_rollout,
                           sandbox_simulator, start_rollout)

# Kills after 26, 19 and 27 writes: amid the canaries' agent stage, at the end of their smoke calls, and amid the
# second wave's Edge creates.
KILL_SEED = 6
INTERRUPTIONS = 3
# Every run makes at least 32 writes (4 a smoke call, 8 sites), so a kill after 1 to 30 writes is always mid-run.
WRITES_BEFORE_KILL = (1, 30)


def applied_writes(sim) -> int:
    return sim.admin.stats()["writes"]


# A request already on the wire when the job is killed may still land; nothing may come later than this.
IN_FLIGHT_S = 0.5
# Long enough for an orphan to show itself: without the guard, one wrote 36 times in the 6 s after the kill.
ORPHAN_WINDOW_S = 6


def writes_after(sim, moment: float) -> list[str]:
    return [f"{e['method']} {e['path']}" for e in sim.admin.requests()
            if e["write"] and datetime.fromisoformat(e["ts"].replace("Z", "+00:00")).timestamp() > moment]


def interrupt_after_writes(sim, workdir: Path, count: int, kill=kill_rollout) -> tuple[int, int, list[str]]:
    """Start the rollout and kill it as soon as the org has taken `count` more writes; (return code, writes taken,
    writes that landed after the kill)."""
    before = applied_writes(sim)
    process = start_rollout(sim, workdir)
    while process.poll() is None and applied_writes(sim) < before + count:
        time.sleep(0.02)
    kill(process)
    killed_at = time.time()
    time.sleep(ORPHAN_WINDOW_S)  # what an orphaned worker would write, it writes now
    return process.returncode, applied_writes(sim) - before, writes_after(sim, killed_at + IN_FLIGHT_S)


def test_rollout_killed_three_times_then_rerun_converges(fault_free, tmp_path):
    rng = random.Random(KILL_SEED)
    kill_points = [rng.randint(*WRITES_BEFORE_KILL) for _kill in range(INTERRUPTIONS)]
    with sandbox_simulator() as sim:
        interrupted = [interrupt_after_writes(sim, tmp_path, count) for count in kill_points]
        final = run_rollout(sim, tmp_path)
        state = sim.admin.state()
    converged = converged_projection(state) == fault_free
    figures = {
        "kill_seed": KILL_SEED, "kill_after_writes": kill_points,
        "writes_before_each_kill": [writes for _code, writes, _late in interrupted],
        "writes_after_each_kill": [len(late) for _code, _writes, late in interrupted],
        "rerun": {"returncode": final.returncode, "wall_s": round(final.wall_s, 1)},
        "converged": converged, "duplicates": duplicates(state),
        "calls_left_open_by_killed_runs": len(open_calls(state)),
    }
    SUMMARY.extend(["", f"Interrupted rollout: {figures}", f"published: {publish('interrupted_rollout', figures)}"])
    assert [code for code, _writes, _late in interrupted] == [-signal.SIGKILL] * INTERRUPTIONS, "each run was cut short"
    assert [late for _code, _writes, late in interrupted] == [[]] * INTERRUPTIONS, "a write landed after a kill"
    assert final.returncode == 0, final.describe()
    assert converged
    assert duplicates(state) == {}


def kill_process_group(process) -> None:
    """What cancelling some jobs does: SIGKILL to the job's process group only, which ansible-core's workers
    (each in a session of its own) are not in."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_workers_left_behind_by_a_killed_group_stop_writing_at_once(tmp_path):
    with sandbox_simulator() as sim:
        code, _writes, late = interrupt_after_writes(sim, tmp_path, 12, kill=kill_process_group)
    assert code == -signal.SIGKILL
    assert late == [], "an orphaned worker went on writing after its ansible-playbook was killed"
