# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cxops.genesys_cloud.rollout_stages: the rollout's stages for a batch of sites, region by region, in the controller.

This plugin gathers each site's inventory variables and one client per region, then hands over to
plugin_utils/_stages.py, which runs the stages.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any, Callable

import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import AUTH_ARGUMENT_SPEC, ConfigurationError, client_from_params, outcome
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._shared_reads import SharedReads
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._users import search_terms
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._controller import ControllerAction, ControllerRun, module_of, plain
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._stages import ORDER, STAGES, RunOptions, SiteRun, run_region

NAME = "cxops.genesys_cloud.rollout_stages"
ROLES = Path(__file__).resolve().parents[2] / "roles"
# A site's own auth variables win over the task's auth options: one task serves sites of many regions.
AUTH_VARIABLES = {"region": "genesys_cloud_region", "client_id": "genesys_cloud_client_id",
                  "client_secret": "genesys_cloud_client_secret", "access_token": "genesys_cloud_access_token",
                  "api_base_url": "genesys_cloud_api_base_url"}
SITE_VARIABLES = (*{name for stage in STAGES.values() for name in stage.variables}, "genesys_outcome",
                  "genesys_failed_stage", *AUTH_VARIABLES.values())


@functools.lru_cache(maxsize=None)
def role_spec(role: str) -> dict[str, Any]:
    """The options of a stage role's argument spec: the one description of the inventory variables it reads."""
    with open(ROLES / role / "meta" / "argument_specs.yml", encoding="utf-8") as spec:
        return yaml.safe_load(spec)["argument_specs"]["main"]["options"]


def agent_users(site: SiteRun) -> list[str]:
    """The users a site's agents name, for the region's one user search (their validation comes later)."""
    agents = site.get("genesys_agents", [])
    return [a["user"] for a in agents if isinstance(a, dict) and isinstance(a.get("user"), str)] if isinstance(agents, list) else []


class ActionModule(ControllerAction):
    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        params = self.validated(NAME, {**AUTH_ARGUMENT_SPEC, **module_of(NAME).ARGUMENT_SPEC})
        sites = [self._site(host, task_vars) for host in params["sites"]]
        secrets: set[str] = set()
        regions = self._clients(sites, params, secrets)
        leaders = self._leaders(sites, params)
        options = RunOptions(
            settings=params, check_mode=bool(self._task.check_mode),
            leaders=leaders, led=self._pci_of(leaders, sites, task_vars["hostvars"]),
            run_module=lambda name, module_params, site: self._run_module(name, module_params, site, secrets))
        stages = [STAGES[name] for name in ORDER if name in params["stages"]]
        specs = {stage.role: role_spec(stage.role) for stage in stages}
        threads = [threading.Thread(target=run_region, args=(members, stages, options, specs, params["concurrency"]))
                   for members in regions.values()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        changed = {s.host: any(s.outcome[name]["status"] == "changed" for name in params["stages"] if name in s.outcome)
                   for s in sites}
        result.update(
            changed=any(changed.values()),
            sites={s.host: {"outcome": s.outcome, "failed_stage": s.failed_stage, "changed": changed[s.host]}
                   for s in sites},
            regions={region: members[0].client.stats if members[0].client else {} for region, members in regions.items()},
        )
        return remove_values(result, secrets)

    def _site(self, host: str, task_vars: dict[str, Any]) -> SiteRun:
        """A site's variables: this host's from the task's own variables (role vars included), another's from hostvars."""
        if host == task_vars.get("inventory_hostname"):
            variables = {n: self._templar.template(task_vars[n]) for n in SITE_VARIABLES if n in task_vars}
        else:
            hostvars = task_vars["hostvars"][host]
            variables = {n: hostvars[n] for n in SITE_VARIABLES if n in hostvars}
        variables = plain(variables)
        return SiteRun(host=host, variables=variables, region=variables.get("genesys_cloud_region") or "",
                       outcome=dict(variables.get("genesys_outcome") or {}),
                       failed_stage=variables.get("genesys_failed_stage") or "")

    def _clients(self, sites: list[SiteRun], params: dict[str, Any], secrets: set[str]) -> dict[str, list[SiteRun]]:
        """The sites by region, each region's sharing one client (one token, one read of each listing)."""
        regions: dict[str, list[SiteRun]] = {}
        clients: dict[tuple[Any, ...], Any] = {}
        for site in sites:
            auth = {**{k: params[k] for k in AUTH_ARGUMENT_SPEC},
                    **{k: site.variables[v] for k, v in AUTH_VARIABLES.items() if site.variables.get(v)}}
            secrets.update(auth[k] for k in ("client_secret", "access_token") if auth[k])
            site.region = site.region or auth["region"] or auth["api_base_url"] or "default"
            key = tuple(sorted((k, str(v)) for k, v in auth.items()))
            if key not in clients:
                try:
                    clients[key] = client_from_params(auth)
                    clients[key].shared = SharedReads()
                    clients[key].on_new_token = secrets.add
                except ConfigurationError as error:
                    clients[key] = error
            made = clients[key]
            site.client, site.client_error = (None, str(made)) if isinstance(made, Exception) else (made, "")
            if site.client:
                site.client.shared.wanted_users.update(search_terms(agent_users(site)))
            regions.setdefault(site.region, []).append(site)
        return regions

    @staticmethod
    def _leaders(sites: list[SiteRun], params: dict[str, Any]) -> dict[str, str]:
        leaders: dict[str, str] = {}
        for site in sites:
            leaders.setdefault(site.region, params["pci_leader"] or params["region_leaders"].get(site.region) or site.host)
        return leaders

    @staticmethod
    def _pci_of(leaders: dict[str, str], sites: list[SiteRun], hostvars: Any) -> Callable[[str], dict[str, Any]]:
        """The pci outcome of a region's leader: of this run, or of an earlier batch (its genesys_outcome, read here
        once, untemplated: reading another host's variables runs the inventory's vars plugins)."""
        this_run = {site.host: site for site in sites}
        earlier = {leader: plain(hostvars.raw_get(leader).get("genesys_outcome") or {}).get("pci") or {}
                   for leader in set(leaders.values()) - set(this_run) if leader in hostvars}
        return lambda leader: this_run[leader].outcome.get("pci") or {} if leader in this_run else earlier.get(leader, {})

    def _run_module(self, name: str, params: dict[str, Any], site: SiteRun, secrets: set[str]) -> dict[str, Any]:
        """One of the collection's modules, run as its task would run it, with the site's region client."""
        if site.client_error:
            return {"failed": True, "msg": site.client_error}
        module = module_of(f"cxops.genesys_cloud.{name}")
        checked = ArgumentSpecValidator(module.ARGUMENT_SPEC).validate(params)
        if checked.error_messages:
            return {"failed": True, "msg": f"{site.host}: {name}: " + "; ".join(checked.error_messages)}
        context = ControllerRun(checked.validated_parameters, bool(self._task.check_mode), bool(self._task.diff),
                                site.host, client=site.client)
        context.secrets = secrets
        return outcome(lambda: module.run(context))
