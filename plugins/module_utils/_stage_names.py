# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout's stages, in the one order they always run in (a module's options and the controller share it)."""

from __future__ import annotations

STAGE_ORDER = ("site", "edges", "time", "pci", "agents", "smoke")
