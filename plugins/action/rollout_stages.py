# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cxops.genesys_cloud.rollout_stages: the rollout's stages for a batch of sites, region by region, in the controller.

This plugin gathers each site's inventory variables and one client per region, then hands over to
plugin_utils/_stages.py, which runs the stages.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import AUTH_ARGUMENT_SPEC, ConfigurationError, client_from_params, result_of
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._shared_reads import SharedReads
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._stage_names import STAGE_ORDER
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._users import search_terms
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._controller import ControllerAction, ControllerRun, module_of, plain, warn_of_token_cache
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._stages import STAGES, RunOptions, SiteRun, refuse_shared, run_region
from ansible_collections.cxops.genesys_cloud.plugins.plugin_utils._variables import role_spec, settings_spec, warn_unknown_variables

NAME = "cxops.genesys_cloud.rollout_stages"
# A site's own auth variables win over the task's auth options: one task serves sites of many regions.
AUTH_VARIABLES = {"region": "genesys_cloud_region", "client_id": "genesys_cloud_client_id",
                  "client_secret": "genesys_cloud_client_secret", "access_token": "genesys_cloud_access_token",
                  "api_base_url": "genesys_cloud_api_base_url"}
SITE_VARIABLES = (*{name for stage in STAGES.values() for name in stage.variables}, "genesys_outcome",
                  "genesys_failed_stage", *AUTH_VARIABLES.values())


def agent_users(site: SiteRun) -> list[str]:
    """The users a site's agents name, for the region's one user search (their validation comes later)."""
    agents = site.get("genesys_agents", [])
    return [a["user"] for a in agents if isinstance(a, dict) and isinstance(a.get("user"), str)] if isinstance(agents, list) else []


class ActionModule(ControllerAction):
    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        params = self.validated(NAME, {**AUTH_ARGUMENT_SPEC, **module_of(NAME).ARGUMENT_SPEC})
        settings = self._settings(task_vars)
        names: dict[str, list[str]] = {}
        sites = [self._site(host, task_vars, names) for host in params["sites"]]
        warn_unknown_variables(names)
        secrets: set[str] = set()
        regions = self._clients(sites, params, secrets)
        leaders = self._leaders(sites, settings["pci_recording_leader"], task_vars.get("genesys_region_leaders") or {})
        options = RunOptions(
            settings=settings, check_mode=bool(self._task.check_mode), diff=bool(self._task.diff),
            leaders=leaders, led=self._pci_of(leaders, sites, task_vars["hostvars"]),
            run_module=lambda name, module_params, site: self._run_module(name, module_params, site, secrets))
        stages = [STAGES[name] for name in STAGE_ORDER if name in self._selected(params, task_vars)]
        refuse_shared(sites, stages)
        names_run = [stage.name for stage in stages]
        specs = {stage.role: role_spec(stage.role) for stage in stages}
        concurrency = settings["genesys_region_concurrency"] or settings["agent_readiness_throttle"]
        threads = [threading.Thread(target=run_region, args=(members, stages, options, specs, concurrency))
                   for members in regions.values()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.update(
            # The task runs for one host: its own site's change is its result (site_outcome gives each site its own).
            changed=any(s.changed(names_run) for s in sites if s.host == task_vars.get("inventory_hostname")),
            stages=names_run,
            sites={s.host: {"site": (s.get("genesys_site") or {}).get("name") or s.host, "region": s.region,
                            "outcome": s.outcome, "failed_stage": s.failed_stage, "changed": s.changed(names_run)}
                   for s in sites},
            regions={region: members[0].client.stats if members[0].client else {} for region, members in regions.items()},
        )
        warn_of_token_cache(result, [site.client for site in sites])
        return remove_values(result, secrets)

    @staticmethod
    def _selected(params: dict[str, Any], task_vars: dict[str, Any]) -> list[str]:
        if not params["select_by_tags"]:
            return params["stages"]
        run_tags, skip_tags = set(task_vars.get("ansible_run_tags") or ["all"]), set(task_vars.get("ansible_skip_tags") or [])
        return [s for s in params["stages"] if ("all" in run_tags or s in run_tags) and s not in skip_tags]

    def _settings(self, task_vars: dict[str, Any]) -> dict[str, Any]:
        """The stage roles' variables as the play sets them, else their argument specs' defaults."""
        spec = settings_spec()
        given = {name: self._templar.template(task_vars[name]) for name in spec if task_vars.get(name) is not None}
        checked = ArgumentSpecValidator(spec).validate(plain(given))
        if checked.error_messages:
            raise AnsibleActionFail(f"{NAME}: the roles' variables are not valid: " + "; ".join(checked.error_messages))
        return checked.validated_parameters

    def _site(self, host: str, task_vars: dict[str, Any], names: dict[str, list[str]]) -> SiteRun:
        """A site's variables: this host's from the task's own variables (play and role vars included), another's
        from hostvars. The names of every variable it has go to `names`, for the unknown-variable warning."""
        if host == task_vars.get("inventory_hostname"):
            variables = {n: self._templar.template(task_vars[n]) for n in SITE_VARIABLES if n in task_vars}
            names[host] = list(task_vars)
        else:
            hostvars = task_vars["hostvars"][host]
            variables = {n: hostvars[n] for n in SITE_VARIABLES if n in hostvars}
            names[host] = list(hostvars)
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
    def _leaders(sites: list[SiteRun], pci_leader: str | None, region_leaders: dict[str, str]) -> dict[str, str]:
        leaders: dict[str, str] = {}
        for site in sites:
            leaders.setdefault(site.region, pci_leader or region_leaders.get(site.region) or site.host)
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
        # An audit's report lists the drift whether or not --diff asks the console to show it.
        context = ControllerRun(checked.validated_parameters, bool(self._task.check_mode),
                                bool(self._task.diff or self._task.check_mode), site.host, client=site.client)
        context.secrets = secrets
        return result_of(lambda: module.run(context))
