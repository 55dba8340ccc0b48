"""What AWX does with extensions/awx/credential_type.yml, without an AWX: validate it and render its injectors.

Both follow AWX's CredentialType (awx/main/models/credential/__init__.py and awx/main/fields.py): injector
templates are validated with StrictUndefined against every defined field, and rendered at job start in an
ImmutableSandboxedEnvironment whose namespace holds only the inputs that were given, so an optional input left
empty renders as an empty string while its variable is still set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = Path(__file__).resolve().parents[2]
AWX_DIR = ROOT / "extensions" / "awx"
CREDENTIAL_TYPE = AWX_DIR / "credential_type.yml"
JOB_TEMPLATES = AWX_DIR / "job_templates.yml"

# Custom credential types may only be of these kinds; injectors may only have these sections.
CUSTOM_KINDS = {"cloud", "net"}
INJECTOR_SECTIONS = {"env", "extra_vars", "file"}
# AWX refuses env injectors named ANSIBLE_* or in its ENV_BLOCKLIST (awx/main/constants.py), which is this.
BLOCKED_ENV = {
    "VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID", "INVENTORY_UPDATE_ID",
    "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN", "MAX_EVENT_RES", "CALLBACK_QUEUE", "CALLBACK_CONNECTION",
    "CACHE", "JOB_CALLBACK_DEBUG", "INVENTORY_HOSTVARS", "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH",
}


def load_credential_type() -> dict[str, Any]:
    return yaml.safe_load(CREDENTIAL_TYPE.read_text(encoding="utf-8"))


def load_job_templates() -> list[dict[str, Any]]:
    return yaml.safe_load(JOB_TEMPLATES.read_text(encoding="utf-8"))["job_templates"]


def awx_validation_errors(credential_type: dict[str, Any]) -> list[str]:
    """The reasons AWX would refuse this credential type on create (empty when it would accept it)."""
    errors: list[str] = []
    fields = credential_type["inputs"]["fields"]
    ids = [field["id"] for field in fields]
    if credential_type.get("kind") not in CUSTOM_KINDS:
        errors.append(f"kind {credential_type.get('kind')!r} is not one of {sorted(CUSTOM_KINDS)}")
    if len(ids) != len(set(ids)):
        errors.append(f"duplicate field ids in {ids}")
    errors += [f"required field {name!r} is not defined" for name in credential_type["inputs"].get("required", [])
               if name not in ids]
    injectors = credential_type["injectors"]
    errors += [f"unknown injector section {section!r}" for section in injectors if section not in INJECTOR_SECTIONS]
    errors += [f"env var {name} is not allowed in a credential" for name in injectors.get("env", {})
               if name.startswith("ANSIBLE_") or name in BLOCKED_ENV]
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    example = {name: "EXAMPLE" for name in ids}
    for section, templates in injectors.items():
        for key, template in templates.items():
            try:
                strict.from_string(template).render(example)
            except Exception as error:  # pylint: disable=broad-except  # AWX reports any render error the same way
                errors.append(f"{section}.{key}: {error}")
    return errors


def injected_env(credential_type: dict[str, Any], inputs: dict[str, str]) -> dict[str, str]:
    """The environment variables AWX sets on a job that has a credential of this type with these inputs."""
    namespace = {name: value for name, value in inputs.items() if value}
    sandbox = ImmutableSandboxedEnvironment()
    return {name: sandbox.from_string(template).render(**namespace)
            for name, template in credential_type["injectors"].get("env", {}).items()}
