"""Organization (models.json) of the calling token; `features` holds the org's feature flags (e.g. pci)."""

from __future__ import annotations

import re
from typing import Any

from genesys_cloud_sim.core.errors import invalid_value
from genesys_cloud_sim.core.schema import Field, ObjectSpec
from genesys_cloud_sim.core.state import Org

# The fields of models.json `OrganizationFeatures`, in its order: the feature names PATCH .../features/{name} takes.
FEATURE_NAMES = (
    "realtimeCIC", "purecloud", "hipaa", "ucEnabled", "pci", "purecloudVoice", "xmppFederation", "chat",
    "informalPhotos", "directory", "contactCenter", "unifiedCommunications", "custserv",
)  # fmt: skip
FEATURE_STATE = ObjectSpec("FeatureState", {"enabled": Field("bool", required=True)})


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


def organization_features(org: Org) -> dict[str, bool]:
    """OrganizationFeatures: the model's flags that the org has (as GET organizations/me shows them), in its order."""
    return {name: org.features[name] for name in FEATURE_NAMES if name in org.features}


def set_feature(org: Org, feature_name: str, enabled: bool) -> None:
    """Only OrganizationFeatures' names, spelled exactly; anything else is 400 invalid.value (FIDELITY.md)."""
    if feature_name not in FEATURE_NAMES:
        raise invalid_value(
            "featureName", f"'{feature_name}' is not an organization feature; use one of [{', '.join(FEATURE_NAMES)}]."
        )
    org.features[feature_name] = enabled
