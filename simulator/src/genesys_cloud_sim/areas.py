"""The API areas the simulator serves. A new area adds its backend (state) and its router (HTTP) here."""

from __future__ import annotations

from fastapi import APIRouter

from genesys_cloud_sim.core.state import Area
from genesys_cloud_sim.locations.models import LocationsBackend
from genesys_cloud_sim.locations.routes import router as locations_router
from genesys_cloud_sim.organizations.routes import router as organizations_router
from genesys_cloud_sim.telephony.edges.appliances import AppliancesBackend
from genesys_cloud_sim.telephony.edges.groups import EdgeGroupsBackend
from genesys_cloud_sim.telephony.edges.models import EdgesBackend
from genesys_cloud_sim.telephony.edges.routes import router as edges_router
from genesys_cloud_sim.telephony.sites.models import SitesBackend
from genesys_cloud_sim.telephony.sites.routes import router as sites_router
from genesys_cloud_sim.tokens.routes import router as tokens_router
from genesys_cloud_sim.utilities.routes import router as utilities_router

# Order matters for seeding: an area may refer to the ones before it (sites -> locations; Edges -> sites, Edge groups
# and the appliances whose pairing ids they carry).
AREA_TYPES: tuple[type[Area], ...] = (LocationsBackend, SitesBackend, AppliancesBackend, EdgeGroupsBackend, EdgesBackend)

API_ROUTERS: tuple[APIRouter, ...] = (
    utilities_router,
    tokens_router,
    organizations_router,
    locations_router,
    sites_router,  # before edges_router, whose /{edgeId} would otherwise take "sites" for an Edge id
    edges_router,
)
