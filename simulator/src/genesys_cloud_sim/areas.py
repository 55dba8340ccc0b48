"""The API areas the simulator serves. A new area adds its backend (state) and its router (HTTP) here."""

from __future__ import annotations

from fastapi import APIRouter

from genesys_cloud_sim.authorization.routes import router as authorization_router
from genesys_cloud_sim.conversations.models import CallsBackend
from genesys_cloud_sim.conversations.numbers import NumbersBackend
from genesys_cloud_sim.conversations.routes import router as conversations_router
from genesys_cloud_sim.core.state import Area
from genesys_cloud_sim.locations.models import LocationsBackend
from genesys_cloud_sim.locations.routes import router as locations_router
from genesys_cloud_sim.organizations.routes import router as organizations_router
from genesys_cloud_sim.recording.models import CrossPlatformRetentionPoliciesBackend, MediaRetentionPoliciesBackend
from genesys_cloud_sim.recording.routes import router as recording_router
from genesys_cloud_sim.routing.models import DIRECTORY_TYPES
from genesys_cloud_sim.telephony.edges.appliances import AppliancesBackend
from genesys_cloud_sim.telephony.edges.groups import EdgeGroupsBackend
from genesys_cloud_sim.telephony.edges.models import EdgesBackend
from genesys_cloud_sim.telephony.edges.routes import router as edges_router
from genesys_cloud_sim.telephony.phones.bases import PhoneBasesBackend
from genesys_cloud_sim.telephony.phones.models import PhonesBackend
from genesys_cloud_sim.telephony.phones.routes import router as phones_router
from genesys_cloud_sim.telephony.sites.models import SitesBackend
from genesys_cloud_sim.telephony.sites.routes import router as sites_router
from genesys_cloud_sim.tokens.routes import router as tokens_router
from genesys_cloud_sim.users.models import UsersBackend
from genesys_cloud_sim.users.routes import router as users_router
from genesys_cloud_sim.users.station_routes import router as stations_router
from genesys_cloud_sim.users.stations import StationsBackend
from genesys_cloud_sim.utilities.routes import router as utilities_router

# Order matters for seeding: an area may refer to the ones before it (sites -> locations; Edges -> sites, Edge groups
# and the appliances whose pairing ids they carry).
AREA_TYPES: tuple[type[Area], ...] = (LocationsBackend, SitesBackend, AppliancesBackend, EdgeGroupsBackend, EdgesBackend)
# Users and their stations (stations -> sites, users); phones -> sites, phone bases, users, and own stations.
AREA_TYPES += (UsersBackend, StationsBackend, PhoneBasesBackend, PhonesBackend)
# Seeded-only queues, wrap-up codes, languages and teams; retention policies -> users and those.
AREA_TYPES += (*DIRECTORY_TYPES, MediaRetentionPoliciesBackend, CrossPlatformRetentionPoliciesBackend)
# The far ends calls reach; calls -> users, stations, Edges, those numbers, queues and languages.
AREA_TYPES += (NumbersBackend, CallsBackend)

API_ROUTERS: tuple[APIRouter, ...] = (
    utilities_router,
    tokens_router,
    authorization_router,
    organizations_router,
    locations_router,
    sites_router,  # before edges_router, whose /{edgeId} would otherwise take "sites" for an Edge id
    phones_router,  # before edges_router too: "phones", "phonebasesettings"
    users_router,
    stations_router,
    edges_router,
    recording_router,
    conversations_router,
)
