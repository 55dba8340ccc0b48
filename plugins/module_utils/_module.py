# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GenesysCloudModule: the auth options, the client, failures that say what to do, and converge()."""

from __future__ import annotations

import math
import traceback
from typing import Any, Callable, Protocol

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._client import HAS_REQUESTS, GenesysCloudClient
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._compare import before_of, differences, merged, snake_case, without_none
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._regions import UnknownRegionError, resolve_base_urls
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._token_cache import TokenCache
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError

AUTH_ARGUMENT_SPEC: dict[str, dict[str, Any]] = {
    "client_id": {"type": "str", "fallback": (env_fallback, ["GENESYSCLOUD_OAUTHCLIENT_ID"])},
    "client_secret": {"type": "str", "no_log": True, "fallback": (env_fallback, ["GENESYSCLOUD_OAUTHCLIENT_SECRET"])},
    "region": {"type": "str", "fallback": (env_fallback, ["GENESYSCLOUD_REGION"])},
    "access_token": {"type": "str", "no_log": True, "fallback": (env_fallback, ["GENESYSCLOUD_ACCESS_TOKEN"])},
    "api_base_url": {"type": "str", "fallback": (env_fallback, ["GENESYSCLOUD_API_BASE_URL"])},
    "login_base_url": {"type": "str", "fallback": (env_fallback, ["GENESYSCLOUD_LOGIN_BASE_URL"])},
    "validate_certs": {"type": "bool", "default": True, "fallback": (env_fallback, ["GENESYSCLOUD_VALIDATE_CERTS"])},
    "ca_path": {"type": "path", "fallback": (env_fallback, ["GENESYSCLOUD_CA_PATH"])},
    "timeout": {"type": "float", "default": 30.0},
    "retry_budget": {"type": "float", "default": 120.0, "fallback": (env_fallback, ["GENESYSCLOUD_RETRY_BUDGET"])},
    "token_cache_dir": {"type": "path", "fallback": (env_fallback, ["GENESYSCLOUD_TOKEN_CACHE_DIR"])},
}

MISSING_CREDENTIALS = (
    "No credentials: set client_id and client_secret (or the environment variables GENESYSCLOUD_OAUTHCLIENT_ID "
    "and GENESYSCLOUD_OAUTHCLIENT_SECRET), or access_token (GENESYSCLOUD_ACCESS_TOKEN)"
)


class ConfigurationError(ValueError):
    """Options that cannot make a client (unknown region, no credentials); the message says what to set."""


def client_from_params(p: dict[str, Any]) -> GenesysCloudClient:
    """The client the auth options describe. It makes no request until first used, so option errors
    always come before any request."""
    try:
        api_url, login_url = resolve_base_urls(p["region"], p["api_base_url"], p["login_base_url"])
    except UnknownRegionError as error:
        raise ConfigurationError(str(error)) from None
    if not p["access_token"] and not (p["client_id"] and p["client_secret"]):
        raise ConfigurationError(MISSING_CREDENTIALS)
    for name in ("timeout", "retry_budget"):
        if not math.isfinite(p[name]) or p[name] <= 0:
            raise ConfigurationError(f"{name}: {p[name]} must be a positive, finite number of seconds")
    return GenesysCloudClient(
        api_url, login_url,
        client_id=p["client_id"], client_secret=p["client_secret"], access_token=p["access_token"],
        validate_certs=p["validate_certs"], ca_path=p["ca_path"], timeout=p["timeout"],
        retry_budget=p["retry_budget"], token_cache=TokenCache(p["token_cache_dir"]),
    )


class TaskFailed(Exception):
    """A failure that still reports what was done (e.g. the Edges that paired before a wait timed out)."""

    def __init__(self, msg: str, **result: Any):
        super().__init__(msg)
        self.result = result


class RunContext(Protocol):
    """What a module's work receives: GenesysCloudModule in a module process, ControllerRun in the controller."""

    params: dict[str, Any]
    check_mode: bool

    @property
    def diff(self) -> bool: ...

    @property
    def client(self) -> GenesysCloudClient: ...

    def progress(self, message: str) -> None: ...


def result_of(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The work's result, or a failed result whose message says what went wrong and what to do."""
    try:
        return work()
    except ValidationError as error:
        return {"failed": True, "msg": str(error), "field": error.field}
    except ConfigurationError as error:
        return {"failed": True, "msg": str(error)}
    except TaskFailed as error:
        return {**error.result, "failed": True, "msg": str(error)}
    except GenesysCloudError as error:
        return {"failed": True, "msg": str(error), "error": error.to_dict()}
    except Exception as error:  # pylint: disable=broad-except
        return {"failed": True, "msg": f"Unexpected {error.__class__.__name__}: {error}",
                "exception": traceback.format_exc()}


def controller_only(argument_spec: dict[str, Any], name: str, why: str) -> None:
    """main() of a module whose action plugin does all its work: run as a module process, it can only say so."""
    AnsibleModule(argument_spec=argument_spec, supports_check_mode=True).fail_json(
        msg=f"cxops.genesys_cloud.{name} runs in the controller only: {why}")


class GenesysCloudModule(AnsibleModule):
    """AnsibleModule with the Genesys Cloud auth options and a client built from them.

    Work functions take a RunContext; this module is one, the controller-side action plugin
    (plugins/plugin_utils/_controller.py) provides the other.
    """

    def __init__(self, argument_spec: dict[str, Any], **kwargs: Any):
        super().__init__(argument_spec={**AUTH_ARGUMENT_SPEC, **argument_spec}, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"))
        try:
            self.client = client_from_params(self.params)
        except ConfigurationError as error:
            self.fail_json(msg=str(error))
        self.client.on_new_token = self.no_log_values.add  # mask tokens in every output, like secrets

    @property
    def diff(self) -> bool:
        return self._diff

    def progress(self, message: str) -> None:
        """A module cannot print while it runs; its progress shows through the action plugin instead."""

    def run(self, work: Callable[[RunContext], dict[str, Any]]) -> None:
        """Run the module's work and exit with its result; known failures become clear messages."""
        result = result_of(lambda: work(self))
        if self.client.token_cache_warning:
            self.warn(self.client.token_cache_warning)
        if result.pop("failed", False):
            self.fail_json(**result)
        self.exit_json(**result)


def converge(
    module: RunContext,
    *,
    current: dict[str, Any] | None,
    desired: dict[str, Any],
    state: str = "present",
    create: Callable[[dict[str, Any]], dict[str, Any]],
    update: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]],
    delete: Callable[[dict[str, Any]], None],
    key: str,
) -> dict[str, Any]:
    """Bring one object to `state`: compare, write only what differs (never in check mode), and report.

    `desired` holds only the wire fields the user set; `update(current, changes)` receives the changed subset.
    Returns the module result: changed, diff (changed keys only, snake_case), and the object under `key`.
    """
    desired = without_none(desired)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    resource = current
    if state == "absent":
        if current:
            before, after = {"state": "present"}, {"state": "absent"}
            if not module.check_mode:
                delete(current)
            resource = None
    elif current is None:
        before, after = {"state": "absent"}, {**desired, "state": "present"}
        resource = desired if module.check_mode else create(desired)
    else:
        changes = differences(desired, current)
        if changes:
            before, after = before_of(changes, current), changes
            resource = merged(current, changes) if module.check_mode else update(current, changes)
    result: dict[str, Any] = {"changed": bool(after)}
    if module.diff:
        result["diff"] = {"before": snake_case(before), "after": snake_case(after)}
    result[key] = snake_case(resource) if resource else {}
    return result
