#!/usr/bin/python
# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: rollout_report
short_description: Write the report of a rollout's sites - JSON, Markdown and HTML - in the controller
version_added: 0.2.0
description:
  - Adds the sites of one batch (the registered result of its M(cxops.genesys_cloud.rollout_stages) task) to the
    run's report and writes it, grouped by region, to O(dir)/O(name)C(-<UTC start>-<mode>.json), C(.md) and
    C(.html), and the same again as O(name)C(-latest.<ext>). Every batch of a run writes the same files (the
    sites of the run so far), so each run keeps its own report and the latest is always at hand. Each file is
    replaced whole, so a reader never sees half a report.
  - The JSON is always written (the next batch reads it back). The Markdown and HTML come from the templates
    C(report.md.j2) and C(report.html.j2) of the calling role (found as the template module finds them), with the
    report as C(site_rollout_report).
  - Publishes the report with set_stats as C(genesys_report), so that AWX keeps it in the job's artifacts even
    when the job's files are thrown away - the whole report when its JSON is at most O(stats_limit) bytes, else its
    header, totals and failures (the first 100) with C(truncated=true).
  - In check mode (O(mode=check)) the report lists the drift by site, stage and field.
  - Writes in check mode too (an audit's report is its product) and never reports a change (a report is not
    managed state). Runs in the controller only (an action plugin); use it with C(run_once).
author:
  - cxops Genesys Cloud team (@cxops)
options:
  batch:
    description: The registered result of the batch's M(cxops.genesys_cloud.rollout_stages) task.
    type: dict
    required: true
  dir:
    description: The report's directory (created when missing); a relative path is taken from the current working
      directory.
    type: path
    default: artifacts
  name:
    description: The start of the report's file names.
    type: str
    default: rollout-report
  formats:
    description: The files to write besides the JSON, which is always written.
    type: list
    elements: str
    choices: [json, md, html]
    default: [json, md, html]
  mode:
    description: V(check) for an audit (nothing was changed), V(apply) for a rollout.
    type: str
    choices: [check, apply]
    default: apply
  stats_limit:
    description: The largest report, in bytes of JSON, that set_stats publishes whole.
    type: int
    default: 262144
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
  - module: cxops.genesys_cloud.site_outcome
"""

EXAMPLES = r"""
- name: Add this batch's sites to the run's report
  cxops.genesys_cloud.rollout_report:
    batch: "{{ rollout }}"  # registered by the batch's cxops.genesys_cloud.rollout_stages task
    dir: artifacts
  run_once: true
"""

RETURN = r"""
path:
  description: The run's report, without extension.
  returned: always
  type: str
  sample: /srv/rollouts/artifacts/rollout-report-20261204T191849Z-apply
files:
  description: The files of the run's report, by format (each also copied to O(name)C(-latest.<ext>)).
  returned: always
  type: dict
  sample: {json: artifacts/rollout-report-20261204T191849Z-apply.json}
mode:
  description: The report's mode.
  returned: always
  type: str
  sample: apply
totals:
  description: Regions, sites, failed_sites, stages by status, drift.
  returned: always
  type: dict
failures:
  description: Each failed stage - region, host, site, stage, msg, fix.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import controller_only

ARGUMENT_SPEC = {
    "batch": {"type": "dict", "required": True},
    "dir": {"type": "path", "default": "artifacts"},
    "name": {"type": "str", "default": "rollout-report"},
    "formats": {"type": "list", "elements": "str", "default": ["json", "md", "html"], "choices": ["json", "md", "html"]},
    "mode": {"type": "str", "default": "apply", "choices": ["check", "apply"]},
    "stats_limit": {"type": "int", "default": 262144},
}


def main():
    controller_only(ARGUMENT_SPEC, "rollout_report", "it writes the report on the controller, which a module process may not run on")


if __name__ == "__main__":
    main()
