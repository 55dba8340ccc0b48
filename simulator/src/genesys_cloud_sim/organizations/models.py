"""Organization (models.json) of the calling token; `features` holds the org's feature flags (e.g. pci)."""

from __future__ import annotations

import re
from typing import Any

from genesys_cloud_sim.core.state import Org


def short_name(org: Org) -> str:
    """The org's short name (thirdPartyOrgName), derived from its name."""
    return re.sub(r"[^a-z0-9]+", "", org.name.lower()) or org.id


def organization(org: Org) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "defaultLanguage": "en-us",
        "defaultCountryCode": "US",
        "thirdPartyOrgName": short_name(org),
        "features": dict(org.features),
        "version": org.version,
        "state": "active",
        "productPlatform": "GenesysCloud",
        "selfUri": f"/api/v2/organizations/{org.id}",
    }
