"""Seed configs (YAML for --config, the same JSON for /__sim/seed and /__sim/reset) in and out of the store.

    settings: {rate_limits: {per_token_per_minute: 300, token_endpoint_per_client_per_minute: 0},
               soft_delete_s: 0}    # how long a deleted site or Edge still reads state: deleted (0: gone at once)
    regions:
      us-east-1:
        clock: {skew_ms: 0}
        orgs:
          - id: <uuid, optional>
            name: Sandbox US
            features: {pci: false}
            managed_site: true        # the managed site "PureCloud Voice - AWS" (false: leave it out)
            clients: [{client_id, client_secret, permissions, token_lifetime, name}]
            locations: [...]          # one list per API area, keyed by the area's seed_key
            sites: [...]

The export is itself a seed (with ids, versions and dates), which is how the state file is written and read.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from genesys_cloud_sim.core.errors import ApiError
from genesys_cloud_sim.core.ratelimit import RateLimitSettings
from genesys_cloud_sim.core.regions import REGION_DOMAINS, normalize_region
from genesys_cloud_sim.core.state import Org, Region, StateStore

_ORG_KEYS = {"id", "name", "features", "clients", "home_division_id", "managed_site"}


class SeedError(ValueError):
    """A seed that cannot be applied; the message names where in the seed the problem is."""


def load_seed_file(path: str | Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:  # not a ValueError: callers that refuse bad seeds would let it escape
        raise SeedError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise SeedError(f"{path}: a seed must be a mapping with a 'regions' key")
    return data


def apply_seed(store: StateStore, config: Mapping[str, Any]) -> None:
    """Merge `config` into `store`: orgs match by id then name, clients by client_id, objects by id then name."""
    unknown = set(config) - {"regions", "settings"}
    if unknown:
        raise SeedError(f"unknown top-level seed keys: {sorted(unknown)}")
    _apply_settings(store, config.get("settings") or {})
    for region_name, region_config in (config.get("regions") or {}).items():
        _apply_region(store, str(region_name), region_config or {})


def export_seed(store: StateStore, include_secrets: bool) -> dict[str, Any]:
    with store.lock:
        return {
            "settings": {"rate_limits": store.rate_limits.as_dict(), "soft_delete_s": store.lifecycle.soft_delete_s},
            "regions": {
                region.name: {
                    "clock": {"skew_ms": region.skew_ms},
                    "orgs": [export_org(org, include_secrets) for org in region.orgs.values()],
                }
                for region in store.regions.values()
            },
        }


def _apply_settings(store: StateStore, settings: Mapping[str, Any]) -> None:
    unknown = set(settings) - {"rate_limits", "soft_delete_s"}
    if unknown:
        raise SeedError(f"unknown settings: {sorted(unknown)}")
    if "soft_delete_s" in settings:
        linger = settings["soft_delete_s"]
        if isinstance(linger, bool) or not isinstance(linger, (int, float)) or linger < 0:
            raise SeedError(f"settings.soft_delete_s: seconds, 0 or more, not {linger!r}")
        store.lifecycle.soft_delete_s = float(linger)
    limits = settings.get("rate_limits")
    if not limits:
        return
    try:
        store.rate_limits = RateLimitSettings(**{**store.rate_limits.as_dict(), **limits})
    except TypeError as exc:
        raise SeedError(f"settings.rate_limits: {exc}") from None


def _apply_region(store: StateStore, raw_name: str, config: Mapping[str, Any]) -> None:
    name = normalize_region(raw_name)
    if name not in REGION_DOMAINS:
        raise SeedError(f"regions.{raw_name}: not a Genesys Cloud region; known: {sorted(REGION_DOMAINS)}")
    region = store.regions.setdefault(name, Region(name))
    if "clock" in config:
        region.skew_ms = int((config["clock"] or {}).get("skew_ms", 0))
    for index, org_config in enumerate(config.get("orgs") or []):
        where = f"regions.{name}.orgs[{index}]"
        try:
            _apply_org(store, region, org_config)
        except ApiError as exc:
            raise SeedError(f"{where}: {exc.message}") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise SeedError(f"{where}: {exc}") from None


def _apply_org(store: StateStore, region: Region, config: Mapping[str, Any]) -> None:
    area_keys = {area_type.seed_key for area_type in store.area_types}
    unknown = set(config) - _ORG_KEYS - area_keys
    if unknown:
        raise SeedError(f"unknown org keys {sorted(unknown)}")
    org = _find_or_add_org(store, region, config)
    org.features.update({str(k): bool(v) for k, v in (config.get("features") or {}).items()})
    if config.get("home_division_id"):
        org.home_division_id = str(config["home_division_id"])
    if "managed_site" in config:
        org.managed_site = bool(config["managed_site"])
    for client_config in config.get("clients") or []:
        store.put_client(org, client_config)
    for area in org.areas:
        if config.get(area.seed_key):
            area.seed(list(config[area.seed_key]))


def _find_or_add_org(store: StateStore, region: Region, config: Mapping[str, Any]) -> Org:
    org_id = config.get("id")
    name = str(config["name"])
    found = region.orgs.get(str(org_id)) if org_id else region.org_named(name)
    if found is None:
        if org_id and any(str(org_id) in other.orgs for other in store.regions.values()):
            raise SeedError(f"org id {org_id} already exists in another region")
        return store.add_org(region, str(org_id) if org_id else None, name)
    found.name = name
    return found


def export_org(org: Org, include_secrets: bool) -> dict[str, Any]:
    exported: dict[str, Any] = {
        "id": org.id,
        "name": org.name,
        "features": dict(org.features),
        "home_division_id": org.home_division_id,
        **({} if org.managed_site else {"managed_site": False}),
        "clients": [client.export(include_secrets) for client in org.clients.values()],
    }
    for area in org.areas:
        exported[area.seed_key] = area.export()
    return exported
