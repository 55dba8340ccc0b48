"""Generate a benchmark inventory and the matching simulator seed at any scale.

    python tests/bench/generate.py --regions 4 --sites 50 --edges 2 --out /tmp/bench

writes /tmp/bench/inventory/ (hosts.yml, group_vars/, host_vars/) and /tmp/bench/seed.json. Regions are the real
ones of plugins/module_utils/_regions.py, in their order; each region is one org with an all-permission client,
and each site gets N Edges (appliances that pair after short simulated delays), agents at seeded desks and a smoke
number that answers. The output depends on the scale only, so two runs at one scale compare.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
AGENTS_PER_SITE = 2
# Simulated seconds; the runner's time scale turns them into well under two seconds of real time.
CONNECT_AFTER_S = (10, 15, 20)
STEP_S = 5
GROUP_VARS_ALL = {
    "ansible_connection": "local",
    "ansible_python_interpreter": "{{ ansible_playbook_python }}",
    "sandbox_simulator_url": "{{ lookup('ansible.builtin.env', 'GENESYS_SIM_URL', default='http://127.0.0.1:8765') }}",
    "genesys_cloud_api_base_url": "{{ sandbox_simulator_url }}/{{ genesys_cloud_region }}",
    "genesys_time_tolerance": "1s",
    "genesys_pci": True,
    "genesys_recording_policy": {
        "name": "PCI call recordings",
        "description": "Card-holder calls, kept seven years (PCI DSS 10.7)",
        "retention": "7y",
        "archive_retention": "90d",
    },
}


@dataclass(frozen=True)
class Scale:
    regions: int
    sites: int  # per region
    edges: int  # per site

    def as_dict(self) -> dict[str, int]:
        return {"regions": self.regions, "sites_per_region": self.sites, "edges_per_site": self.edges,
                "sites": self.regions * self.sites, "edges": self.regions * self.sites * self.edges}


@dataclass(frozen=True)
class Site:
    region_index: int  # 1-based
    region: str
    index: int  # 1-based within its region

    @property
    def code(self) -> str:
        return f"r{self.region_index:02d}s{self.index:04d}"

    @property
    def host(self) -> str:
        return f"{self.region.replace('-', '_')}_site{self.index:04d}"

    @property
    def name(self) -> str:
        return f"Bench {self.region} {self.index:04d}"

    def pairing_id(self, edge: int) -> str:
        # Five groups of five [0-9A-Z]: region and Edge, site, then fixed filler; unique per (region, site, Edge).
        return f"B{self.region_index:02d}{edge:02d}-S{self.index:04d}-BENCH-EDGE0-{edge:05d}"

    def mac(self, edge: int, nic: int) -> str:
        return f"02:b0:{self.region_index:02x}:{self.index // 256:02x}:{self.index % 256:02x}:{edge * 4 + nic:02x}"

    def subnet(self) -> str:
        return f"10.{self.region_index * 4 + self.index // 256}.{self.index % 256}"

    def user(self, agent: int) -> str:
        return f"{self.host}.agent{agent}@bench.example"

    def station(self, agent: int) -> str:
        return f"{self.name} Desk {agent}"

    def smoke_number(self) -> str:
        return f"+1{200 + self.region_index:03d}55{self.index:05d}"

    def emergency_number(self) -> str:
        return f"+1{200 + self.region_index:03d}56{self.index:05d}"


def real_regions() -> list[str]:
    """The collection's region table, loaded from its file (no collection import path needed)."""
    spec = importlib.util.spec_from_file_location("_bench_regions", ROOT / "plugins" / "module_utils" / "_regions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.REGIONS)


def sites_of(scale: Scale) -> list[Site]:
    regions = real_regions()
    if not 1 <= scale.regions <= len(regions):
        raise ValueError(f"--regions: 1 to {len(regions)} (the real regions), not {scale.regions}")
    if scale.sites < 1 or scale.edges < 0 or scale.sites > 1000:
        raise ValueError("--sites: 1 to 1000 per region; --edges: 0 or more per site")
    return [Site(r + 1, regions[r], s + 1) for r in range(scale.regions) for s in range(scale.sites)]


def client_of(region: str) -> tuple[str, str]:
    return f"bench-{region}", f"bench-{region}-secret"


def host_vars(site: Site, edges: int) -> dict[str, Any]:
    net = site.subnet()
    return {
        "genesys_site": {
            "name": site.name,
            "location": {"name": f"{site.name} Office",
                         "address": {"street1": f"{site.index} Bench Street", "city": f"Bench {site.region}",
                                     "zipcode": f"{site.index:05d}", "country": "US"},
                         "emergency_number": {"number": site.emergency_number(), "type": "default"}},
            "media_model": "Premises",
            "ntp_servers": [f"{net}.1", "0.pool.ntp.org"],
            "edge_auto_update": {"time_zone": "UTC", "rrule": "FREQ=WEEKLY;BYDAY=SU",
                                 "start": "2026-01-04T02:00:00.000", "end": "2026-01-04T05:00:00.000"},
        },
        "genesys_edges": [
            {"name": f"{site.code}-edge-{e}", "pairing_id": site.pairing_id(e),
             "interfaces": [{"port": "eth0", "mac": site.mac(e, 1), "address": f"{net}.{10 + e}/24",
                             "gateway": f"{net}.1"}]}
            for e in range(1, edges + 1)
        ],
        "genesys_agents": [{"user": site.user(a), "station": site.station(a)} for a in range(1, AGENTS_PER_SITE + 1)],
        "genesys_smoke_call": {"user": site.user(1), "number": site.smoke_number(), "secure_pause": True},
    }


def appliance(site: Site, edge: int) -> dict[str, Any]:
    return {
        "pairing_id": site.pairing_id(edge),
        "serial_number": f"SN{site.code.upper()}E{edge:02d}",
        "model": "Edge 3000",
        "nics": [{"port_label": f"eth{n - 1}", "mac": site.mac(edge, n), "if_name": f"eth{n - 1}"} for n in (1, 2)],
        "behaviour": {"kind": "pairs", "connect_after_s": CONNECT_AFTER_S[(site.index + edge) % len(CONNECT_AFTER_S)],
                      "step_s": STEP_S},
    }


def org_seed(region: str, sites: list[Site], edges: int) -> dict[str, Any]:
    client_id, secret = client_of(region)
    agents = range(1, AGENTS_PER_SITE + 1)
    return {
        "name": f"Bench {region}",
        "clients": [{"client_id": client_id, "client_secret": secret, "permissions": ["*"]}],
        "users": [{"name": f"{s.name} Agent {a}", "email": s.user(a)} for s in sites for a in agents],
        "stations": [{"name": s.station(a), "site": s.name} for s in sites for a in agents],
        "numbers": [{"number": s.smoke_number(), "behaviour": "answers", "answer_after_s": 3} for s in sites],
        "appliances": [appliance(s, e) for s in sites for e in range(1, edges + 1)],
    }


def seed_of(scale: Scale) -> dict[str, Any]:
    sites = sites_of(scale)
    regions = dict.fromkeys(s.region for s in sites)
    return {"regions": {r: {"orgs": [org_seed(r, [s for s in sites if s.region == r], scale.edges)]}
                        for r in regions}}


def max_pairing_s() -> float:
    """Simulated seconds the slowest generated appliance needs to reach ACTIVE (connect, fingerprint, 4 steps)."""
    return max(CONNECT_AFTER_S) + 5 * STEP_S


def dump(path: Path, data: Any, comment: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, default_flow_style=False, width=120)
    path.write_text((f"# {comment}\n" if comment else "") + "---\n" + text, encoding="utf-8")


def write_inventory(directory: Path, scale: Scale) -> list[Site]:
    sites = sites_of(scale)
    regions = list(dict.fromkeys(s.region for s in sites))
    groups = {r.replace("-", "_"): {"hosts": {s.host: None for s in sites if s.region == r}} for r in regions}
    dump(directory / "hosts.yml", {"all": {"children": {"genesys_sites": {"children": groups}}}},
         "Generated by tests/bench/generate.py: hosts are sites, groups are regions.")
    dump(directory / "group_vars" / "all.yml", GROUP_VARS_ALL)
    for region in regions:
        client_id, secret = client_of(region)
        dump(directory / "group_vars" / f"{region.replace('-', '_')}.yml",
             {"genesys_cloud_region": region, "genesys_cloud_client_id": client_id,
              "genesys_cloud_client_secret": secret})
    for site in sites:
        dump(directory / "host_vars" / f"{site.host}.yml", host_vars(site, scale.edges))
    return sites


def generate(out: Path, scale: Scale) -> tuple[Path, Path]:
    """Write out/inventory/ and out/seed.yml; return both paths."""
    inventory, seed = out / "inventory", out / "seed.json"
    write_inventory(inventory, scale)
    seed.write_text(json.dumps(seed_of(scale)), encoding="utf-8")  # JSON is YAML, and much faster to load
    return inventory, seed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=4)
    parser.add_argument("--sites", type=int, default=50, help="sites per region")
    parser.add_argument("--edges", type=int, default=2, help="Edges per site")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    inventory, seed = generate(args.out, Scale(args.regions, args.sites, args.edges))
    print(f"inventory: {inventory}\nseed: {seed}")


if __name__ == "__main__":
    main()
