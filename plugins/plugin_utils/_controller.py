# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run every module of the collection in the controller process instead of shipping it.

Each module's action plugin (plugins/action/<module>.py) is this class. A module run costs
~0.2 s of CPU to start whatever it does; the same work in the controller costs ~13 ms a task, it can print progress
while it waits (a module cannot say anything until it ends), and the module's arguments never travel to a module
process, where ANSIBLE_DEBUG would print them, secrets included. The module file stays the single source of the
options (ARGUMENT_SPEC), the documentation and the work (run), so both paths do the same; calls happen from the
controller, which is where a SaaS API is reached from anyway.
"""

from __future__ import annotations

import importlib
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ansible import constants as C

from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import AUTH_ARGUMENT_SPEC, client_from_params, result_of

display = Display()
COLLECTION = "cxops.genesys_cloud."


class ControllerRun:
    """The RunContext a module's work receives in the controller (GenesysCloudModule is the other)."""

    def __init__(self, params: dict[str, Any], check_mode: bool, diff: bool, host: str,
                 client: GenesysCloudClient | None = None):
        self.params = params
        self.check_mode = check_mode
        self.diff = diff
        self._host = host
        self._client = client  # given when many sites share their region's client
        # What AnsibleModule would mask in a module's output: the no_log options and every token fetched.
        self.secrets = {params[name] for name in ("client_secret", "access_token") if params.get(name)}

    @property
    def client(self) -> GenesysCloudClient:
        if self._client is None:
            self._client = client_from_params(self.params)
            self._client.on_new_token = self.secrets.add
        return self._client

    @property
    def made_client(self) -> GenesysCloudClient | None:
        """The client, if the work asked for one."""
        return self._client

    def progress(self, message: str) -> None:
        display.display(f"[{self._host}] {message}")


def warn_of_token_cache(result: dict[str, Any], clients: list[GenesysCloudClient | None]) -> None:
    """The task says once why its clients ran without the token cache."""
    for warning in dict.fromkeys(c.token_cache_warning for c in clients if c is not None and c.token_cache_warning):
        result.setdefault("warnings", []).append(warning)


def plain(value: Any) -> Any:
    """Templated or fact data as plain dicts, lists and strings: safe to share between threads and to write out."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def run_file(name: str) -> Path:
    """A file that the tasks of this ansible-playbook run share: in the run's own local temporary directory, which
    the ansible-playbook process makes at start-up (every worker inherits it) and removes at exit."""
    return Path(C.DEFAULT_LOCAL_TMP) / f"cxops.genesys_cloud-{name}"


def module_of(resolved_action: str) -> Any:
    """The collection's module a task resolved to (its ARGUMENT_SPEC and run)."""
    if not resolved_action.startswith(COLLECTION):
        raise ValueError(f"{resolved_action} is not a module of {COLLECTION.rstrip('.')}")
    name = resolved_action[len(COLLECTION):]
    return importlib.import_module(f"ansible_collections.cxops.genesys_cloud.plugins.modules.{name}")


def stop_when_orphaned(parent: int, interval: float = 0.2) -> None:
    """Exit this worker as soon as its ansible-playbook process is gone (killed, or its job cancelled): workers
    call setsid, so killing the job's process group leaves them running, and an orphan would go on writing to the
    org with no one to report to."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


class ControllerAction(ActionBase):
    """An action whose whole work happens in the controller: no connection, no module process."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        stop_when_orphaned(os.getppid())
        return super().run(tmp, task_vars)

    def validated(self, name: str, argument_spec: dict[str, Any]) -> dict[str, Any]:
        """The task's arguments checked against the spec; an error names the module the task called."""
        self._load_name = name
        return self.validate_argument_spec(argument_spec=argument_spec)[1]


class ActionModule(ControllerAction):
    """Validates the task's arguments against the module's ARGUMENT_SPEC and runs the module's work here."""

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        name = self._task.resolved_action or self._task.action
        module = module_of(name)
        params = self.validated(name, {**AUTH_ARGUMENT_SPEC, **module.ARGUMENT_SPEC})
        host = (task_vars or {}).get("inventory_hostname", "localhost")
        context = ControllerRun(params, bool(self._task.check_mode), bool(self._task.diff), host)
        result.update(result_of(lambda: module.run(context)))
        warn_of_token_cache(result, [context.made_client])
        return remove_values(result, context.secrets)
