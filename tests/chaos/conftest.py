"""One pool of runs for the session, and the org a fault-free sandbox rollout leaves: what every chaos run must
end as. The fault-free run is submitted first, so that it runs beside the first chaos runs instead of before them."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from chaos.harness import (SUMMARY, WORKERS, converged_projection, duplicates, run_rollout, sandbox_simulator,
                           traffic_figures)


def fault_free_run(workdir: Path) -> dict[str, Any]:
    with sandbox_simulator() as sim:
        rollout = run_rollout(sim, workdir)
        state, log = sim.admin.state(), sim.admin.requests()
    assert rollout.returncode == 0, rollout.describe()
    assert duplicates(state) == {}
    return {"projection": converged_projection(state), "wall_s": round(rollout.wall_s, 1), **traffic_figures(log)}


@pytest.fixture(scope="session")
def pool():
    with ThreadPoolExecutor(max_workers=WORKERS) as executor:
        yield executor


@pytest.fixture(scope="session")
def fault_free_future(pool, tmp_path_factory) -> Future:
    return pool.submit(fault_free_run, tmp_path_factory.mktemp("fault-free"))


@pytest.fixture(scope="session")
def fault_free(fault_free_future) -> dict[str, Any]:
    """converged_projection() of the fault-free run's org."""
    return fault_free_future.result()["projection"]


def pytest_terminal_summary(terminalreporter) -> None:
    """The figures, shown even when pytest captures the tests' output."""
    for line in SUMMARY:
        terminalreporter.write_line(line)
