#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: time_sync
short_description: Assert that the controller and a site keep time with Genesys Cloud
version_added: 0.1.0
description:
  - Measures the controller's clock against Genesys Cloud's (C(GET /api/v2/date)) over several readings, compensating
    for the round trip, and fails when the offset may exceed O(tolerance).
  - With O(site), asserts that the site's NTP servers (C(ntpSettings.servers)), which its Edges take their time from,
    are exactly O(ntp_servers), in order.
  - With O(probe_ntp), asks each of those NTP servers for the time from the controller (SNTP, UDP) and fails when one
    does not answer or is off from Genesys Cloud's clock by more than O(tolerance).
  - An assertion only; it never changes anything and reports RV(ignore:changed=false).
author:
  - cxops Genesys Cloud team (@cxops)
options:
  tolerance:
    description:
      - The largest clock offset allowed, in seconds or as a duration such as V(500ms), V(1s), V(2s).
      - The check is strict, it passes only when the offset plus its error bound is within the tolerance.
      - The default of one second is what a host synchronised by NTP holds with ease; OAuth tokens, TLS and call
        records keep working well beyond it, but a drifting clock is worth fixing before it matters.
    type: raw
    default: 1s
  samples:
    description: How many readings to take; the one with the shortest round trip is used.
    type: int
    default: 4
  site:
    description: The site whose NTP servers to check.
    type: str
  ntp_servers:
    description:
      - The NTP servers the site must have, in order. Requires O(site).
      - When omitted with O(probe_ntp), the site's own servers are probed.
    type: list
    elements: str
  probe_ntp:
    description: Ask each NTP server for the time from the controller and compare it with Genesys Cloud's clock.
    type: bool
    default: false
  ntp_port:
    description: The UDP port of the NTP servers for O(probe_ntp).
    type: int
    default: 123
  ntp_timeout:
    description: Seconds to wait for each NTP server's answer.
    type: float
    default: 2
extends_documentation_fragment:
  - cxops.genesys_cloud.auth
  - cxops.genesys_cloud.attributes
  - cxops.genesys_cloud.attributes.INFO_MODULE
seealso:
  - module: cxops.genesys_cloud.site
  - name: RFC 4330, Simple Network Time Protocol
    description: The client side of the NTP probe.
    link: https://www.rfc-editor.org/rfc/rfc4330
"""

EXAMPLES = r"""
- name: The controller keeps time with Genesys Cloud within 500 ms
  cxops.genesys_cloud.time_sync:
    region: us-east-1
    tolerance: 500ms

- name: The Chicago site uses our NTP servers, and they are right
  cxops.genesys_cloud.time_sync:
    region: us-east-1
    site: Chicago
    ntp_servers: [10.20.0.1, 0.us.pool.ntp.org]
    probe_ntp: true
  register: clock

- name: Report
  ansible.builtin.debug:
    msg: "offset {{ clock.offset_ms }} ms (round trip {{ clock.rtt_ms }} ms)"
"""

RETURN = r"""
offset_ms:
  description: Genesys Cloud's clock minus the controller's, in milliseconds (positive when the controller is behind).
  returned: always
  type: float
  sample: -12.4
rtt_ms:
  description: The round trip of the reading used, in milliseconds.
  returned: always
  type: float
  sample: 41.8
error_ms:
  description: The true offset lies within RV(offset_ms) plus or minus this many milliseconds.
  returned: always
  type: float
  sample: 21.9
tolerance_ms:
  description: The tolerance applied, in milliseconds.
  returned: always
  type: float
  sample: 1000
server_time:
  description: Genesys Cloud's time at the reading used (ISO 8601, UTC).
  returned: always
  type: str
  sample: "2026-11-22T10:11:12.345Z"
site_ntp_servers:
  description: The NTP servers the site has, in order.
  returned: when O(site) is given
  type: list
  elements: str
  sample: [10.20.0.1, 0.us.pool.ntp.org]
ntp_probes:
  description: One entry for each NTP server probed.
  returned: when O(probe_ntp=true)
  type: list
  elements: dict
  contains:
    server:
      description: The server.
      type: str
    offset_ms:
      description: The server's clock minus Genesys Cloud's, in milliseconds.
      type: float
    delay_ms:
      description: The round trip to the server, in milliseconds.
      type: float
    stratum:
      description: The server's NTP stratum.
      type: int
  sample:
    - server: 10.20.0.1
      offset_ms: 3.1
      delay_ms: 0.8
      stratum: 2
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils import _sntp
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._clock import SAMPLES, region_clock
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._lookups import require_site
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import GenesysCloudModule, TaskFailed
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._validate import ValidationError, host, port, positive_duration

ARGUMENT_SPEC = {
    "tolerance": {"type": "raw", "default": "1s"},
    "samples": {"type": "int", "default": SAMPLES},
    "site": {"type": "str"},
    "ntp_servers": {"type": "list", "elements": "str"},
    "probe_ntp": {"type": "bool", "default": False},
    "ntp_port": {"type": "int", "default": 123},
    "ntp_timeout": {"type": "float", "default": 2.0},
}


def _ms(seconds):
    return round(seconds * 1000, 1)


def validate(params):
    """Everything checkable without a request; returns the tolerance in seconds."""
    tolerance = positive_duration("tolerance", params["tolerance"])
    if not 1 <= params["samples"] <= 20:
        raise ValidationError("samples", params["samples"], "must be between 1 and 20")
    if params["ntp_servers"] is not None and not params["site"]:
        raise ValidationError("ntp_servers", params["ntp_servers"], "needs site: name the site whose NTP servers to check")
    for index, server in enumerate(params["ntp_servers"] or []):
        host(f"ntp_servers[{index}]", server)
    if params["probe_ntp"] and not (params["site"] or params["ntp_servers"]):
        raise ValidationError("probe_ntp", True, "needs site (and optionally ntp_servers) to know which servers to probe")
    port("ntp_port", params["ntp_port"])
    if params["ntp_timeout"] <= 0:
        raise ValidationError("ntp_timeout", params["ntp_timeout"], "must be a positive number of seconds")
    return tolerance


def probe(servers, genesys_offset, params):
    """Each server's clock against Genesys Cloud's: (server - local) - (genesys - local)."""
    probes, failures = [], []
    for server in servers:
        try:
            sample = _sntp.query(server, params["ntp_port"], params["ntp_timeout"])
        except _sntp.NtpError as error:
            failures.append(f"NTP server {error}; the site's Edges need it too: check the server and UDP {params['ntp_port']} on the way")
            continue
        probes.append({"server": server, "offset_ms": _ms(sample.offset - genesys_offset),
                       "delay_ms": _ms(sample.delay), "stratum": sample.stratum})
    return probes, failures


def run(module):
    params = module.params
    tolerance = validate(params)
    clock = region_clock(module.client, params["samples"])
    result = {"changed": False, "offset_ms": _ms(clock.offset), "rtt_ms": _ms(clock.rtt), "error_ms": _ms(clock.error),
              "tolerance_ms": _ms(tolerance), "server_time": clock.server_time}
    failures = []
    if abs(clock.offset) + clock.error > tolerance:
        direction = "behind" if clock.offset > 0 else "ahead of"
        failures.append(
            f"The controller's clock is {abs(clock.offset) * 1000:.0f} ms {direction} Genesys Cloud's "
            f"(+-{clock.error * 1000:.0f} ms, tolerance {tolerance * 1000:.0f} ms): synchronise the controller with NTP "
            "(chrony or systemd-timesyncd), or raise tolerance on a slow link")
    servers = params["ntp_servers"]
    if params["site"]:
        site = require_site(module.client, "site", params["site"])
        actual = (site.get("ntpSettings") or {}).get("servers") or []
        result["site_ntp_servers"] = actual
        if servers is not None and actual != servers:
            failures.append(f"Site {params['site']!r} has NTP servers {actual}, expected {servers}: set them with "
                            "cxops.genesys_cloud.site (ntp_servers)")
        servers = actual if servers is None else servers
    if params["probe_ntp"]:
        result["ntp_probes"], probe_failures = probe(servers, clock.offset, params)
        failures += probe_failures
        failures += [f"NTP server {p['server']} is {abs(p['offset_ms']):.0f} ms off Genesys Cloud's clock (tolerance "
                     f"{tolerance * 1000:.0f} ms): fix that server's time source" for p in result["ntp_probes"]
                     if abs(p["offset_ms"]) + p["delay_ms"] / 2 + clock.error * 1000 > tolerance * 1000]
    if failures:
        raise TaskFailed("; ".join(failures), **result)
    return result


def main():
    module = GenesysCloudModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
