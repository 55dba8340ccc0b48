"""Make this checkout importable as ansible_collections.cxops.genesys_cloud for every test."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLLECTIONS = ROOT / ".cache"
_LINK = COLLECTIONS / "ansible_collections" / "cxops" / "genesys_cloud"

if not _LINK.exists():
    _LINK.parent.mkdir(parents=True, exist_ok=True)
    _LINK.symlink_to("../../..")
for path in (COLLECTIONS, ROOT / "tests"):  # the collection, and tests/support
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
