# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's work in the controller process instead of shipping the module.

A module run costs ~0.2 s of CPU to start whatever it does; the same work in the controller costs ~13 ms a task,
and it can print progress while it waits (a module cannot say anything until it ends). The module file stays the
single source of the options (ARGUMENT_SPEC), the documentation and the work (run), so both paths do the same.
Calls happen from the controller, which is where a SaaS API is reached from anyway.
"""

from __future__ import annotations

from typing import Any, Callable

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import AUTH_ARGUMENT_SPEC, client_from_params, outcome

display = Display()


class ControllerRun:
    """The run context a module's work receives (see GenesysCloudModule), built in the controller."""

    def __init__(self, params: dict[str, Any], check_mode: bool, diff: bool, host: str):
        self.params = params
        self.check_mode = check_mode
        self.diff = diff
        self._host = host
        self._client: GenesysCloudClient | None = None

    @property
    def client(self) -> GenesysCloudClient:
        if self._client is None:
            self._client = client_from_params(self.params)
        return self._client

    def progress(self, message: str) -> None:
        display.display(f"[{self._host}] {message}")


class GenesysCloudAction(ActionBase):
    """Subclasses name the module's ARGUMENT_SPEC and its work function."""

    ARGUMENT_SPEC: dict[str, Any] = {}
    WORK: Callable[[Any], dict[str, Any]]  # staticmethod(run) of the module
    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec={**AUTH_ARGUMENT_SPEC, **self.ARGUMENT_SPEC})[1]
        host = (task_vars or {}).get("inventory_hostname", "localhost")
        context = ControllerRun(params, bool(self._task.check_mode), bool(self._task.diff), host)
        result.update(outcome(lambda: self.WORK(context)))
        return result
