#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: rollout_report
short_description: Write the report of a rollout's sites - JSON, Markdown and HTML - in the controller
version_added: 0.2.0
description:
  - Gathers C(genesys_outcome) of every host in O(hosts) that has one (as P(cxops.genesys_cloud.site_rollout#role)
    and the stage roles record it), groups the sites by C(genesys_cloud_region) and writes the report to
    O(dir)/O(name).C(json), C(.md) and C(.html). Each file is replaced whole, so a reader never sees half a report.
  - The Markdown and HTML come from the templates C(report.md.j2) and C(report.html.j2) of the calling role (found
    as the template module finds them), with the report as C(site_rollout_report).
  - Writes in check mode too (an audit's report is its product) and never reports a change (a report is not
    managed state). Runs in the controller only (an action plugin); use it with C(run_once).
author:
  - cxops Genesys Cloud team (@cxops)
options:
  hosts:
    description: The sites to report, usually C(groups['genesys_sites']); hosts without an outcome are left out.
    type: list
    elements: str
    required: true
  dir:
    description: The report's directory (created when missing).
    type: path
    required: true
  name:
    description: The report's file name without extension.
    type: str
    default: rollout-report
  formats:
    description: The files to write.
    type: list
    elements: str
    choices: [json, md, html]
    default: [json, md, html]
  mode:
    description: V(check) for an audit (nothing was changed), V(apply) for a rollout.
    type: str
    choices: [check, apply]
    default: apply
attributes:
  check_mode:
    support: full
    description: Writes the report in check mode too.
  diff_mode:
    support: none
    description: A report is not managed state; there is no diff.
  platform:
    support: full
    platforms: posix
    description: Runs in the controller.
notes:
  - Makes no request.
seealso:
  - module: cxops.genesys_cloud.rollout_stages
"""

EXAMPLES = r"""
- name: Write the report of every site so far
  cxops.genesys_cloud.rollout_report:
    hosts: "{{ groups['genesys_sites'] }}"
    dir: "{{ playbook_dir }}/../artifacts"
  run_once: true
  register: report
"""

RETURN = r"""
path:
  description: The report's path without extension.
  returned: always
  type: str
  sample: artifacts/rollout-report
files:
  description: The files written.
  returned: always
  type: list
  elements: str
  sample: [artifacts/rollout-report.json, artifacts/rollout-report.md]
report:
  description: The report - C(mode), C(totals) (regions, sites, failed_sites, stages by status, drift), C(failures)
    (region, host, site, stage, msg, fix), C(drift) and C(regions) (each site's status, seconds and stages).
  returned: always
  type: dict
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import controller_only

ARGUMENT_SPEC = {
    "hosts": {"type": "list", "elements": "str", "required": True},
    "dir": {"type": "path", "required": True},
    "name": {"type": "str", "default": "rollout-report"},
    "formats": {"type": "list", "elements": "str", "default": ["json", "md", "html"], "choices": ["json", "md", "html"]},
    "mode": {"type": "str", "default": "apply", "choices": ["check", "apply"]},
}


def main():
    controller_only(ARGUMENT_SPEC, "rollout_report", "it reads every site's outcome, which a module process cannot see")


if __name__ == "__main__":
    main()
