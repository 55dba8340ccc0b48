"""Every implemented /api/v2 operation, driven through the official SDK (PureCloudPlatformClientV2 269.0.0).

A response passes when the SDK deserialises it into its model, no enum value is unknown to the SDK (the SDK
substitutes "outdated_sdk_version" for those), and the raw JSON has no field the SDK model lacks (the SDK drops
those silently, so deserialising alone would not notice them).
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import PureCloudPlatformClientV2 as sdk
from PureCloudPlatformClientV2.rest import ApiException

from conftest import ADMIN_ID, ADMIN_SECRET, US, VIEWER_ID, VIEWER_SECRET
from test_edges import PAIRED_AT_S, PAIRS, PAIRS_TOO, advance, edge_seed
from test_recording import (
    REC_ID, REC_SECRET, UNKNOWN_ID, VIEW_ID, VIEW_SECRET, pci_policy, recording_seed, simple_policy,
)
from test_calls import ANSWERS, BUSY, CALLER_ID, CALLER_SECRET, calls_seed
from test_users import AGENT_ID, AGENT_SECRET, users_seed

OUTDATED = "outdated_sdk_version"
_LIST = re.compile(r"^list\[(.+)\]$")
_DICT = re.compile(r"^dict\(([^,]+), (.+)\)$")


def sdk_client(sim: Any, client_id: str = ADMIN_ID, secret: str = ADMIN_SECRET) -> sdk.ApiClient:
    """An ApiClient on the simulated region. The host is the region base; the SDK appends /api/v2/... to it and
    derives the login host by replacing '//api.' with '//login.', which leaves the simulator's URL as it is."""
    client = sdk.ApiClient(host=sim.base_url(US))
    client.get_client_credentials_token(client_id, secret)
    assert client.access_token
    return client


def walk_values(value: Any) -> list[Any]:
    """Every leaf value of a to_dict() result."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in walk_values(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in walk_values(item)]
    return [value]


def unknown_fields(data: Any, swagger_type: str, where: str = "") -> list[str]:
    """Paths of JSON fields the SDK model named by `swagger_type` does not have."""
    if data is None:
        return []
    if match := _LIST.match(swagger_type):
        return [bad for i, item in enumerate(data) for bad in unknown_fields(item, match[1], f"{where}[{i}]")]
    if match := _DICT.match(swagger_type):
        return [bad for key, item in data.items() for bad in unknown_fields(item, match[2], f"{where}.{key}")]
    model = getattr(sdk, swagger_type, None)
    if model is None or not hasattr(model, "swagger_types"):
        return []  # a scalar: str, int, bool, datetime, LocalDateTime, object
    assert isinstance(data, dict), f"{where or swagger_type}: expected a {swagger_type} object, got {data!r}"
    by_wire_name = {wire: attr for attr, wire in model().attribute_map.items()}
    bad = [f"{where}.{key}" for key in data if key not in by_wire_name]
    for key, value in data.items():
        if key in by_wire_name:
            bad += unknown_fields(value, model().swagger_types[by_wire_name[key]], f"{where}.{key}")
    return bad


def assert_conforms(client: sdk.ApiClient, result: Any, model_name: str) -> Any:
    assert type(result).__name__ == model_name
    assert OUTDATED not in walk_values(result.to_dict()), result.to_dict()
    raw = json.loads(client.last_response.data)
    assert unknown_fields(raw, model_name) == []
    return result


def error_body(client: sdk.ApiClient, error: ApiException, status: int) -> Any:
    """The exception's body deserialised as the SDK's ErrorBody, checked against the status and headers."""
    assert error.status == status

    class _Response:
        data = error.body

        @staticmethod
        def getheader(name: str, default: Any = None) -> Any:
            return error.headers.get(name, default)

    body = client.deserialize(_Response, "ErrorBody")
    assert isinstance(body, sdk.ErrorBody)
    assert unknown_fields(json.loads(error.body), "ErrorBody") == []
    assert body.status == status and body.code and body.message
    assert body.context_id == error.headers["ININ-Correlation-Id"]
    return body


def test_login_helper_and_utilities_date(sim):
    client = sdk_client(sim)
    date = assert_conforms(client, sdk.UtilitiesApi(client).get_date(), "ServerDate")
    assert abs(date.current_date - datetime.now(timezone.utc)) < timedelta(seconds=5)


def test_tokens_me(sim):
    client = sdk_client(sim)
    info = assert_conforms(client, sdk.TokensApi(client).get_tokens_me(), "TokenInfo")
    assert info.organization.name == "Sandbox US"
    assert info.o_auth_client.id == ADMIN_ID
    assert info.o_auth_client.authorized_grant_type == "CLIENT-CREDENTIALS"


def test_a_client_learns_its_own_roles_and_their_permissions(sim):
    """tokens/me names the OAuth client; its roleDivisions name its roles; each role lists its permissions
    (research evidence 14: the Terraform provider reads tokens/me under client credentials)."""
    client = sdk_client(sim)
    me = sdk.TokensApi(client).get_tokens_me()
    oauth_client = assert_conforms(client, sdk.OAuthApi(client).get_oauth_client(me.o_auth_client.id), "OAuthClient")
    assert oauth_client.authorized_grant_type == "CLIENT-CREDENTIALS" and len(oauth_client.role_divisions) == 1
    role = assert_conforms(client, sdk.AuthorizationApi(client).get_authorization_role(
        oauth_client.role_divisions[0].role_id), "DomainOrganizationRole")
    assert "telephony:plugin:all" in role.permissions and "oauth:client:view" in role.permissions
    viewer = sdk_client(sim, VIEWER_ID, VIEWER_SECRET)
    with pytest.raises(ApiException) as refused:
        sdk.OAuthApi(viewer).get_oauth_client(VIEWER_ID)
    assert "oauth:client:view" in error_body(viewer, refused.value, 403).message


def test_head_and_delete_tokens_me(sim):
    client = sdk_client(sim)
    tokens = sdk.TokensApi(client)
    tokens.head_tokens_me()
    tokens.delete_tokens_me()
    with pytest.raises(ApiException) as caught:
        tokens.get_tokens_me()
    assert error_body(client, caught.value, 401).code == "bad.credentials"


def test_organizations_me(sim):
    client = sdk_client(sim)
    org = assert_conforms(client, sdk.OrganizationApi(client).get_organizations_me(), "Organization")
    assert org.name == "Sandbox US"
    assert org.features == {"pci": False}
    assert org.state == "active" and org.product_platform == "GenesysCloud"
    assert isinstance(org.version, int)


def test_locations_lifecycle(sim):
    client = sdk_client(sim)
    locations = sdk.LocationsApi(client)
    create = sdk.LocationCreateDefinition()
    create.name = "Branch"
    create.notes = "second floor"
    create.address = sdk.LocationAddress()
    create.address.city, create.address.country = "Paris", "FR"
    create.emergency_number = sdk.LocationEmergencyNumber()
    create.emergency_number.number, create.emergency_number.type = "+33 1 00 00 00 00", "elin"
    created = assert_conforms(client, locations.post_locations(create), "LocationDefinition")
    assert created.name == "Branch" and created.version == 1 and created.state == "active"
    assert created.address.city == "Paris"
    number = created.emergency_number  # LocationEmergencyNumber: e164 is the normalised number
    assert (number.number, number.e164, number.type) == ("+33 1 00 00 00 00", "+33100000000", "elin")

    fetched = assert_conforms(client, locations.get_location(created.id), "LocationDefinition")
    assert fetched.to_dict() == created.to_dict()

    update = sdk.LocationUpdateDefinition()
    update.name, update.version = "Branch Paris", created.version
    patched = assert_conforms(client, locations.patch_location(created.id, update), "LocationDefinition")
    assert patched.name == "Branch Paris" and patched.version == 2
    assert patched.address.city == "Paris"  # PATCH keeps what it does not name
    assert patched.emergency_number.e164 == "+33100000000"

    update.version, update.address = patched.version, patched.address  # unchanged, but a number is assigned
    with pytest.raises(ApiException) as caught:
        locations.patch_location(created.id, update)
    assert error_body(client, caught.value, 400).details[0].field_name == "address"

    listing = assert_conforms(client, locations.get_locations(page_size=100), "LocationEntityListing")
    assert sorted(entity.name for entity in listing.entities) == ["Branch Paris", "HQ"]
    assert listing.total == 2 and listing.page_count == 1
    only = assert_conforms(client, locations.get_locations(id=[created.id]), "LocationEntityListing")
    assert [entity.id for entity in only.entities] == [created.id]

    locations.delete_location(created.id)
    with pytest.raises(ApiException) as caught:
        locations.get_location(created.id)
    assert error_body(client, caught.value, 404).code == "not.found"


def test_site_at_a_location_without_emergency_number_is_refused(sim):
    client = sdk_client(sim)
    bare = sdk.LocationCreateDefinition()
    bare.name = "No Number"
    bare = sdk.LocationsApi(client).post_locations(bare)
    assert bare.emergency_number is None
    site = sdk.Site()
    site.name, site.location = "Numberless", sdk.LocationDefinition()
    site.location.id = bare.id
    with pytest.raises(ApiException) as caught:
        sdk.TelephonyProvidersEdgeApi(client).post_telephony_providers_edges_sites(site)
    assert error_body(client, caught.value, 400).details[0].field_name == "location.emergencyNumber"


def test_sites_lifecycle(sim):
    client = sdk_client(sim)
    hq = sdk.LocationsApi(client).get_locations(page_size=100).entities[0]
    edges = sdk.TelephonyProvidersEdgeApi(client)
    site = sdk.Site()
    site.name = "Paris Edge"
    site.location = sdk.LocationDefinition()
    site.location.id = hq.id
    site.media_model = "Cloud"
    site.ntp_settings = sdk.NTPSettings()
    site.ntp_settings.servers = ["10.0.0.1", "time.example.com"]
    site.edge_auto_update_config = sdk.EdgeAutoUpdateConfig()
    site.edge_auto_update_config.time_zone = "Europe/Paris"
    site.edge_auto_update_config.rrule = "FREQ=WEEKLY;BYDAY=SU"
    site.edge_auto_update_config.start = "2026-01-04T02:00:00.000"
    site.edge_auto_update_config.end = "2026-01-04T04:00:00.000"
    created = assert_conforms(client, edges.post_telephony_providers_edges_sites(site), "Site")
    assert created.version == 1 and created.state == "active" and created.media_model == "Cloud"
    assert created.location.id == hq.id and created.location.name == "HQ"
    assert created.ntp_settings.servers == ["10.0.0.1", "time.example.com"]

    fetched = assert_conforms(client, edges.get_telephony_providers_edges_site(created.id), "Site")
    assert fetched.to_dict() == created.to_dict()

    fetched.description = "rolled out"  # PUT sends back the whole object as read, with its version
    replaced = assert_conforms(client, edges.put_telephony_providers_edges_site(created.id, fetched), "Site")
    assert replaced.version == 2 and replaced.description == "rolled out"
    assert replaced.date_created == created.date_created

    listing = assert_conforms(
        client, edges.get_telephony_providers_edges_sites(name="paris*", page_size=1, page_number=1),
        "SiteEntityListing",
    )
    assert [entity.id for entity in listing.entities] == [created.id]
    assert listing.total == 1 and listing.total_number_of_entities == 1 and listing.page_count == 1
    everything = assert_conforms(client, edges.get_telephony_providers_edges_sites(page_size=1, managed=False),
                                 "SiteEntityListing")
    assert everything.total == 2 and everything.page_count == 2 and everything.next_uri

    edges.delete_telephony_providers_edges_site(created.id)
    with pytest.raises(ApiException) as caught:
        edges.get_telephony_providers_edges_site(created.id)
    assert error_body(client, caught.value, 404).code == "not.found"


DEFAULT_PLANS = ["Emergency", "Extension", "National", "International", "Network", "Suicide Prevention"]


def test_managed_site_default_number_plans_and_outbound_routes(sim):
    """Every org has the managed site "PureCloud Voice - AWS" (TF data_source_..._site_test.go l.80-90); every site
    its default number plans (TF ..._site_utils.go l.27 `defaultPlans`) and "Default Outbound Route" (TF
    ..._site_outbound_route.go l.66-75): simulator/FIDELITY.md. Read through the SDK's own operations and models."""
    client = sdk_client(sim)
    edges = sdk.TelephonyProvidersEdgeApi(client)
    managed = assert_conforms(client, edges.get_telephony_providers_edges_sites(managed=True), "SiteEntityListing")
    assert [(s.name, s.managed) for s in managed.entities] == [("PureCloud Voice - AWS", True)]
    mine = edges.get_telephony_providers_edges_sites(managed=False).entities
    assert mine and not any(s.managed for s in mine)
    for site in (managed.entities[0], mine[0]):
        plans = assert_list_conforms(client, edges.get_telephony_providers_edges_site_numberplans(site.id), "NumberPlan")
        assert [p.name for p in plans] == DEFAULT_PLANS
        suicide = assert_conforms(client, edges.get_telephony_providers_edges_site_numberplan(site.id, plans[-1].id),
                                  "NumberPlan")
        assert (suicide.match_type, suicide.match, suicide.normalized_format) == ("regex", "^988$", "+18002738255")
        routes = assert_conforms(client, edges.get_telephony_providers_edges_site_outboundroutes(site.id, page_size=25),
                                 "OutboundRouteBaseEntityListing")
        assert [r.name for r in routes.entities] == ["Default Outbound Route"] and routes.total == 1
        route = assert_conforms(
            client, edges.get_telephony_providers_edges_site_outboundroute(site.id, routes.entities[0].id),
            "OutboundRouteBase")
        assert route.id == routes.entities[0].id and route.state == "active"
    assert edges.get_telephony_providers_edges_site_outboundroutes(mine[0].id, name="nope").entities == []
    with pytest.raises(ApiException) as caught:
        edges.get_telephony_providers_edges_site_numberplan(mine[0].id, "nope")
    assert error_body(client, caught.value, 404).code == "not.found"


def test_sdk_sees_version_conflict_and_missing_permissions(sim):
    client = sdk_client(sim)
    edges = sdk.TelephonyProvidersEdgeApi(client)
    site = edges.get_telephony_providers_edges_sites().entities[0]
    edges.put_telephony_providers_edges_site(site.id, site)
    with pytest.raises(ApiException) as caught:
        edges.put_telephony_providers_edges_site(site.id, site)  # still carries the old version
    assert error_body(client, caught.value, 409).entity_id == site.id

    viewer = sdk_client(sim, VIEWER_ID, VIEWER_SECRET)
    assert sdk.TelephonyProvidersEdgeApi(viewer).get_telephony_providers_edges_site(site.id).id == site.id
    with pytest.raises(ApiException) as caught:
        sdk.TelephonyProvidersEdgeApi(viewer).post_telephony_providers_edges_sites(site)
    body = error_body(viewer, caught.value, 403)
    assert body.code == "missing.permissions"
    assert body.message_params == {"permissions": "telephony:plugin:all"}


def test_sdk_login_refused_for_a_bad_secret(sim):
    with pytest.raises(ApiException) as caught:
        sdk_client(sim, ADMIN_ID, "wrong")
    assert caught.value.status == 401
    assert json.loads(caught.value.body)["error"] == "invalid_client"


def test_edges_lifecycle(sim):
    sim.admin.reset(edge_seed())
    client = sdk_client(sim)
    edges = sdk.TelephonyProvidersEdgeApi(client)
    site = edges.get_telephony_providers_edges_sites(name="Indy Core").entities[0]
    groups = assert_conforms(client, edges.get_telephony_providers_edges_edgegroups(name="core*", page_size=10),
                             "EdgeGroupEntityListing")
    assert [group.name for group in groups.entities] == ["Core Edges"] and groups.total_number_of_entities == 1
    group = assert_conforms(client, edges.get_telephony_providers_edges_edgegroup(groups.entities[0].id), "EdgeGroup")
    assert group.description == "the core"

    body = sdk.Edge()
    body.name, body.pairing_id, body.edge_deployment_type = "SDK Edge", PAIRS.lower(), "HARDWARE"
    body.site = sdk.Site()
    body.site.id = site.id
    body.edge_group = sdk.EdgeGroup()
    body.edge_group.id = group.id
    created = assert_conforms(client, edges.post_telephony_providers_edges(body), "Edge")
    assert (created.status_code, created.online_status, created.pairing_id) == ("NEW", "OFFLINE", PAIRS)
    advance(sim, PAIRED_AT_S + 5)
    fetched = assert_conforms(client, edges.get_telephony_providers_edge(created.id), "Edge")
    assert (fetched.status_code, fetched.online_status, fetched.serial_number) == ("ACTIVE", "ONLINE", "SN-1")
    assert fetched.edge_group.name == "Core Edges" and fetched.site.name == "Indy Core"

    fetched.description = "paired"  # PUT sends back the whole Edge as read, with its version
    replaced = assert_conforms(client, edges.put_telephony_providers_edge(created.id, fetched), "Edge")
    assert (replaced.description, replaced.version) == ("paired", 2)
    listing = assert_conforms(
        client,
        edges.get_telephony_providers_edges(name="sdk*", site_id=site.id, edge_group_id=group.id, page_size=1,
                                            sort_by="name", managed=False, show_cloud_media=False),
        "EdgeEntityListing",
    )
    assert [edge.id for edge in listing.entities] == [created.id] and listing.total_number_of_entities == 1

    nics = assert_conforms(client, edges.get_telephony_providers_edge_physicalinterfaces(created.id),
                           "PhysicalInterfaceEntityListing")
    assert [nic.port_label for nic in nics.entities] == ["eth0", "eth1"]
    nic = assert_conforms(client, edges.get_telephony_providers_edge_physicalinterface(created.id, nics.entities[1].id),
                          "DomainPhysicalInterface")
    assert nic.hardware_address == "00:25:90:aa:bb:02" and nic.edge_uri.endswith(created.id)

    interface = sdk.DomainLogicalInterface()
    interface.name = interface.friendly_name = "lan"
    interface.physical_adapter_id, interface.hardware_address, interface.vlan_tag_id = nic.id, nic.hardware_address, 20
    address = sdk.DomainNetworkAddress()
    address.type, address.address, address.family = "ip", "10.1.0.5/24", 2  # the SDK sends family as "2"
    interface.addresses = [address]
    logical = assert_conforms(client, edges.post_telephony_providers_edge_logicalinterfaces(created.id, interface),
                              "DomainLogicalInterface")
    assert logical.addresses[0].family == "2" and logical.version == 1  # the SDK keeps int enums as text
    assert_conforms(client, edges.get_telephony_providers_edge_logicalinterface(created.id, logical.id),
                    "DomainLogicalInterface")
    assert_conforms(client, edges.get_telephony_providers_edge_logicalinterfaces(created.id),
                    "LogicalInterfaceEntityListing")
    logical.vlan_tag_id = 30
    updated = assert_conforms(
        client, edges.put_telephony_providers_edge_logicalinterface(created.id, logical.id, logical),
        "DomainLogicalInterface",
    )
    assert (updated.vlan_tag_id, updated.version) == (30, 2)
    with pytest.raises(ApiException) as caught:
        edges.put_telephony_providers_edge_logicalinterface(created.id, logical.id, logical)  # stale version
    assert error_body(client, caught.value, 409).entity_id == logical.id

    other = sdk.Edge()
    other.name, other.pairing_id, other.site = "SDK Edge 2", PAIRS_TOO, body.site
    second = edges.post_telephony_providers_edges(other)
    advance(sim, PAIRED_AT_S + 5)
    both = f"{created.id},{second.id}"
    batch_nics = assert_conforms(client, edges.get_telephony_providers_edges_physicalinterfaces(both),
                                 "PhysicalInterfaceEntityListing")
    assert sorted(n.edge_uri.rsplit("/", 1)[-1] for n in batch_nics.entities) == sorted([created.id] * 2 + [second.id])
    batch_logical = assert_conforms(client, edges.get_telephony_providers_edges_logicalinterfaces(both),
                                    "LogicalInterfaceEntityListing")
    assert [i.id for i in batch_logical.entities] == [logical.id]
    edges.delete_telephony_providers_edge_logicalinterface(created.id, logical.id)

    out_of_service = sdk.EdgeServiceStateRequest()
    out_of_service.in_service, out_of_service.call_draining_wait_time_seconds = False, 30
    assert edges.post_telephony_providers_edge_statuscode(created.id, body=out_of_service) == created.id
    assert edges.get_telephony_providers_edge(created.id).status_code == "INACTIVE"
    reboot = sdk.EdgeRebootParameters()
    reboot.call_draining_wait_time_seconds = 0
    assert edges.post_telephony_providers_edge_reboot(created.id, body=reboot) == created.id
    assert edges.get_telephony_providers_edge(created.id).online_status == "OFFLINE"
    with pytest.raises(ApiException) as caught:
        edges.get_telephony_providers_edge_setuppackage(created.id)
    assert error_body(client, caught.value, 400).code == "bad.request"
    assert edges.post_telephony_providers_edge_unpair(created.id) == created.id
    assert edges.get_telephony_providers_edge(created.id).status_code == "UNPAIRING"

    edges.delete_telephony_providers_edge(created.id)
    with pytest.raises(ApiException) as caught:
        edges.get_telephony_providers_edge(created.id)
    assert error_body(client, caught.value, 404).code == "not.found"


def assert_list_conforms(client: sdk.ApiClient, result: list[Any], model_name: str) -> list[Any]:
    """assert_conforms for operations answering a JSON list of models (list[UserPresence])."""
    assert all(type(item).__name__ == model_name for item in result)
    assert OUTDATED not in walk_values([item.to_dict() for item in result])
    assert unknown_fields(json.loads(client.last_response.data), f"list[{model_name}]") == []
    return result


def test_users_stations_and_readiness(sim):
    sim.admin.reset(users_seed())
    client = sdk_client(sim, AGENT_ID, AGENT_SECRET)
    users_api, stations_api, presence_api = sdk.UsersApi(client), sdk.StationsApi(client), sdk.PresenceApi(client)
    query = sdk.UserSearchCriteria()
    query.type, query.fields, query.value = "EXACT", ["email"], "ada@example.com"
    search = sdk.UserSearchRequest()
    search.query, search.expand = [query], ["routingStatus", "presence"]
    found = assert_conforms(client, users_api.post_users_search(search), "UsersSearchResponse")
    ada = found.results[0]
    assert (found.total, ada.email, ada.routing_status.status) == (1, "ada@example.com", "OFF_QUEUE")
    listing = assert_conforms(client, users_api.get_users(id=[ada.id], expand=["presence", "station"], page_size=10,
                                                          sort_order="ASC", state="active"), "UserEntityListing")
    assert [user.id for user in listing.entities] == [ada.id]
    assert_conforms(client, users_api.get_user(ada.id, expand=["routingStatus"]), "User")

    stations = assert_conforms(client, stations_api.get_stations(name="Desk*", page_size=10, sort_by="name"),
                               "StationEntityListing")
    desk1 = assert_conforms(client, stations_api.get_station(stations.entities[0].id), "Station")
    users_api.put_user_station_associatedstation_station_id(ada.id, desk1.id)
    users_api.put_user_station_defaultstation_station_id(ada.id, desk1.id)
    mine = assert_conforms(client, users_api.get_user_station(ada.id), "UserStations")
    assert mine.associated_station.id == desk1.id and mine.associated_station.associated_user.id == ada.id
    assert mine.default_station.default_user.id == ada.id
    stations_api.delete_station_associateduser(desk1.id)
    users_api.put_user_station_associatedstation_station_id(ada.id, desk1.id)
    users_api.delete_user_station_associatedstation(ada.id)
    users_api.delete_user_station_defaultstation(ada.id)
    assert users_api.get_user_station(ada.id).associated_station is None

    definitions = assert_conforms(client, presence_api.get_presence_definitions(deactivated="false"),
                                  "OrganizationPresenceDefinitionEntityListing")
    away = next(item for item in definitions.entities if item.system_presence == "Away")
    on_queue = sdk.UserPresence()
    on_queue.presence_definition = sdk.PresenceDefinition()
    on_queue.presence_definition.id = next(item.id for item in definitions.entities if item.system_presence == "OnQueue")
    presence_api.patch_user_presences_purecloud(ada.id, on_queue)  # on queue is a presence (FIDELITY.md)
    off, idle = sdk.RoutingStatus(), sdk.RoutingStatus()
    off.status, idle.status = "OFF_QUEUE", "IDLE"
    assert_conforms(client, users_api.put_user_routingstatus(ada.id, off), "RoutingStatus")
    assert assert_conforms(client, users_api.put_user_routingstatus(ada.id, idle), "RoutingStatus").status == "IDLE"
    assert_conforms(client, users_api.get_user_routingstatus(ada.id), "RoutingStatus")
    interacting = sdk.RoutingStatus()
    interacting.status = "INTERACTING"
    with pytest.raises(ApiException) as caught:
        users_api.put_user_routingstatus(ada.id, interacting)
    assert error_body(client, caught.value, 400).details[0].field_name == "status"

    assert_conforms(client, presence_api.get_presence_definition(away.id), "OrganizationPresenceDefinition")
    presence = assert_conforms(client, presence_api.get_user_presences_purecloud(ada.id), "UserPresence")
    assert presence.presence_definition.system_presence == "OnQueue"
    patch = sdk.UserPresence()
    patch.presence_definition = sdk.PresenceDefinition()
    patch.presence_definition.id = away.id
    patched = assert_conforms(client, presence_api.patch_user_presences_purecloud(ada.id, patch), "UserPresence")
    assert patched.presence_definition.system_presence == "Away"
    bulk = sdk.MutableUserPresence()
    bulk.id, bulk.presence_definition = ada.id, sdk.PresenceDefinition()
    bulk.presence_definition.id = definitions.entities[0].id
    answered = assert_list_conforms(client, presence_api.put_users_presences_bulk([bulk]), "UserPresence")
    assert answered[0].presence_definition.id == definitions.entities[0].id


def test_webrtc_phones_and_phone_bases(sim):
    sim.admin.reset(users_seed())
    client = sdk_client(sim, AGENT_ID, AGENT_SECRET)
    edges = sdk.TelephonyProvidersEdgeApi(client)
    bases = assert_conforms(client, edges.get_telephony_providers_edges_phonebasesettings(
        name="WebRTC*", page_size=10, sort_by="name", sort_order="ASC"), "PhoneBaseEntityListing")
    base = assert_conforms(client, edges.get_telephony_providers_edges_phonebasesetting(bases.entities[0].id),
                           "PhoneBase")
    assert base.phone_meta_base.id == "inin_webrtc_softphone.json"
    site = edges.get_telephony_providers_edges_sites(name="Indy Core").entities[0]
    ada = sdk.UsersApi(client).get_users(page_size=1).entities[0]

    body = sdk.Phone()
    body.name = "Ada WebRTC"
    body.site, body.web_rtc_user = sdk.DomainEntityRef(), sdk.DomainEntityRef()
    body.phone_base_settings = sdk.PhoneBaseSettings()
    body.site.id, body.phone_base_settings.id, body.web_rtc_user.id = site.id, base.id, ada.id
    line = sdk.Line()
    line.name, line.line_base_settings = "Ada WebRTC", sdk.DomainEntityRef()
    line.line_base_settings.id = base.lines[0].id
    body.lines = [line]
    phone = assert_conforms(client, edges.post_telephony_providers_edges_phones(body), "Phone")
    assert phone.web_rtc_user.id == ada.id
    station = sdk.StationsApi(client).get_stations(web_rtc_user_id=ada.id).entities[0]
    assert (station.type, station.line_appearance_id) == ("inin_webrtc_softphone", phone.lines[0].id)
    fetched = assert_conforms(client, edges.get_telephony_providers_edges_phone(phone.id), "Phone")
    fetched.description = "softphone"  # PUT sends back the whole Phone as read, with its version
    replaced = assert_conforms(client, edges.put_telephony_providers_edges_phone(phone.id, fetched), "Phone")
    assert (replaced.description, replaced.version) == ("softphone", 2)
    listing = assert_conforms(client, edges.get_telephony_providers_edges_phones(
        web_rtc_user_id=ada.id, site_id=site.id, name="ada*", page_size=10, sort_by="name"), "PhoneEntityListing")
    assert [item.id for item in listing.entities] == [phone.id]
    edges.delete_telephony_providers_edges_phone(phone.id)
    with pytest.raises(ApiException) as caught:
        edges.get_telephony_providers_edges_phone(phone.id)
    assert error_body(client, caught.value, 404).code == "not.found"


def sdk_model(client: sdk.ApiClient, data: dict[str, Any], model_name: str) -> Any:
    """An SDK model built from wire JSON by the SDK's own deserialiser (deep bodies without a page of setters)."""
    model = client._ApiClient__deserialize(data, model_name)  # noqa: SLF001 - the SDK's deserialiser
    assert type(model).__name__ == model_name
    return model


@pytest.mark.parametrize(
    ("family", "create_model", "policy_model", "update_model"),
    [
        ("standard", "PolicyCreate", "Policy", "PolicyUpdate"),
        ("crossplatform", "CrossPlatformPolicyCreate", "CrossPlatformPolicy", "CrossPlatformPolicyUpdate"),
    ],
)
def test_media_retention_policies(sim, family, create_model, policy_model, update_model):
    sim.admin.reset(recording_seed())
    client = sdk_client(sim, REC_ID, REC_SECRET)
    recording = sdk.RecordingApi(client)
    prefix = "recording_crossplatform_mediaretention" if family == "crossplatform" else "recording_mediaretention"
    post, get_all, delete_all = (getattr(recording, f"{verb}_{prefix}policies") for verb in ("post", "get", "delete"))
    get_one, put, patch, delete = (getattr(recording, f"{verb}_{prefix}policy")
                                   for verb in ("get", "put", "patch", "delete"))

    created = assert_conforms(client, post(sdk_model(client, pci_policy(), create_model)), policy_model)
    call = created.media_policies.call_policy
    assert call.actions.retention_duration.delete_retention.days == 2555
    assert call.actions.retention_duration.archive_retention.storage_medium == "CLOUDARCHIVE"
    assert [user.name for user in call.conditions.for_users] == ["Ada Agent"]
    assert [queue.name for queue in call.conditions.for_queues] == ["Payments"]
    assert call.conditions.directions == ["INBOUND", "OUTBOUND"]
    assert call.conditions.time_allowed.time_slots[0].day == 1
    assert created.policy_errors.policy_error_messages == []
    fetched = assert_conforms(client, get_one(created.id), policy_model)
    assert fetched.to_dict() == created.to_dict()

    fetched.description = "changed"  # PUT sends back the whole policy as read
    replaced = assert_conforms(client, put(created.id, fetched), policy_model)
    assert replaced.description == "changed" and replaced.created_date == created.created_date
    update = getattr(sdk, update_model)()
    update.enabled = False
    patched = assert_conforms(client, patch(created.id, update), policy_model)
    assert patched.enabled is False and patched.description == "changed"

    for index in range(2):
        post(sdk_model(client, simple_policy(f"Extra {index}", order=index), create_model))
    first = assert_conforms(client, get_all(page_size=2, sort_by="name", name="*", enabled=None, summary=False,
                                            has_errors=False, delete_days_threshold=1, expand=["users"]),
                            "PolicyEntityListing")
    assert (first.total, first.page_count, [p.name for p in first.entities]) == (3, 2, ["Extra 0", "Extra 1"])
    token = parse_qs(urlsplit(first.next_uri).query)["nextPage"][0]
    second = assert_conforms(client, get_all(page_size=2, sort_by="name", next_page=token), "PolicyEntityListing")
    assert [p.name for p in second.entities] == ["PCI calls"]
    back = parse_qs(urlsplit(second.previous_uri).query)["previousPage"][0]
    assert [p.id for p in get_all(page_size=2, sort_by="name", previous_page=back).entities] == [
        p.id for p in first.entities]
    summary = assert_conforms(client, get_all(summary=True, name="PCI calls"), "PolicyEntityListing")
    assert summary.entities[0].media_policies is None

    delete_all(",".join(p.id for p in first.entities))
    delete(created.id)
    assert assert_conforms(client, get_all(), "PolicyEntityListing").total == 0
    with pytest.raises(ApiException) as caught:
        get_one(created.id)
    assert error_body(client, caught.value, 404).code == "not.found"
    with pytest.raises(ApiException) as caught:
        post(sdk_model(client, _with(pci_policy(), "name", "Bad", forQueues=UNKNOWN_ID), create_model))
    body = error_body(client, caught.value, 400)
    assert (body.code, body.details[0].field_name) == (
        "invalid.value", "mediaPolicies.callPolicy.conditions.forQueues[0].id")


def _with(body: dict[str, Any], key: str, value: Any, forQueues: str) -> dict[str, Any]:  # noqa: N803
    body[key] = value
    body["mediaPolicies"]["callPolicy"]["conditions"]["forQueues"] = [{"id": forQueues}]
    return body


def test_retention_policy_permissions_through_the_sdk(sim):
    sim.admin.reset(recording_seed())
    viewer = sdk_client(sim, VIEW_ID, VIEW_SECRET)
    assert_conforms(viewer, sdk.RecordingApi(viewer).get_recording_mediaretentionpolicies(), "PolicyEntityListing")
    with pytest.raises(ApiException) as caught:
        sdk.RecordingApi(viewer).post_recording_mediaretentionpolicies(
            sdk_model(viewer, simple_policy("Nope"), "PolicyCreate"))
    body = error_body(viewer, caught.value, 403)
    assert (body.code, body.message_params) == ("missing.permissions", {"permissions": "recording:retentionPolicy:add"})


def test_organization_features(sim):
    sim.admin.reset(recording_seed())
    client = sdk_client(sim, REC_ID, REC_SECRET)
    organization = sdk.OrganizationApi(client)
    state = sdk.FeatureState()
    state.enabled = True
    features = assert_conforms(client, organization.patch_organizations_feature("pci", state), "OrganizationFeatures")
    assert features.pci is True
    org = assert_conforms(client, organization.get_organizations_me(), "Organization")
    assert org.features == {"pci": True}
    with pytest.raises(ApiException) as caught:
        organization.patch_organizations_feature("securePause", state)
    body = error_body(client, caught.value, 400)
    assert (body.code, body.details[0].field_name) == ("invalid.value", "featureName")


def test_calls_placed_read_paused_and_hung_up(sim):
    sim.admin.reset(calls_seed())
    client = sdk_client(sim, CALLER_ID, CALLER_SECRET)
    conversations = sdk.ConversationsApi(client)
    ada = next(user for user in sdk.UsersApi(client).get_users(page_size=100).entities if user.name == "Ada Agent")
    request = sdk.CreateCallRequest()
    request.phone_number, request.caller_id, request.caller_id_name = ANSWERS, "+13175559999", "Sandbox"
    created = assert_conforms(client, conversations.post_conversations_calls_user_user_id(ada.id, request),
                              "CreateCallResponse")
    dialing = assert_conforms(client, conversations.get_conversations_call(created.id), "CallConversation")
    assert [p.state for p in dialing.participants] == ["dialing", "dialing"]
    advance(sim, 4)
    connected = assert_conforms(client, conversations.get_conversations_call(created.id), "CallConversation")
    assert (connected.recording_state, [p.state for p in connected.participants]) == ("active", ["connected"] * 2)
    assert_conforms(client, conversations.get_conversations_calls(), "CallConversationEntityListing")

    pause = sdk.SetRecordingState()
    pause.recording_state = "PAUSED"
    assert conversations.put_conversations_call_recordingstate(created.id, pause) == "PAUSED"
    paused = assert_conforms(client, conversations.get_conversations_call(created.id), "CallConversation")
    assert (paused.recording_state, paused.secure_pause) == ("paused", True)
    assert all(p.secure_pause for p in paused.participants)
    resume = sdk.Conversation()
    resume.recording_state = "active"  # the SDK docstring's spelling, sent by the PATCH as Genesys' add-in does
    resumed = assert_conforms(client, conversations.patch_conversations_call(created.id, resume), "Conversation")
    assert (resumed.recording_state, resumed.secure_pause) == ("ACTIVE", False)

    hang_up = sdk.Conversation()
    hang_up.state = "disconnected"
    ended = assert_conforms(client, conversations.patch_conversations_call(created.id, hang_up), "Conversation")
    assert [p.calls[0].disconnect_type for p in ended.participants] == ["client", "peer"]
    assert ended.recording_state == "NONE"
    final = assert_conforms(client, conversations.get_conversations_call(created.id), "CallConversation")
    assert [p.disconnect_type for p in final.participants] == ["client", "peer"]

    request.phone_number = BUSY
    busy = conversations.post_conversations_calls_user_user_id(ada.id, request)
    advance(sim, 1)
    far = assert_conforms(client, conversations.get_conversations_call(busy.id), "CallConversation").participants[1]
    assert (far.state, far.disconnect_type, far.error_info.code) == ("disconnected", "endpoint", "busy")

    request.phone_number = ANSWERS
    second = conversations.post_conversations_calls_user_user_id(ada.id, request)
    participant = conversations.get_conversations_call(second.id).participants[1]
    disconnect = sdk.MediaParticipantRequest()
    disconnect.state = "disconnected"
    assert conversations.patch_conversations_call_participant(second.id, participant.id, disconnect) is None
    assert client.last_response.status == 202
    far = assert_conforms(client, conversations.get_conversations_call(second.id), "CallConversation").participants[1]
    assert (far.state, far.disconnect_type) == ("disconnected", "client")

    with pytest.raises(ApiException) as caught:
        conversations.post_conversations_calls(request)
    assert error_body(client, caught.value, 403).code == "missing.permissions"  # no conversation:conference:add
    with pytest.raises(ApiException) as caught:
        conversations.get_conversations_call("00000000-0000-0000-0000-000000000000")
    assert error_body(client, caught.value, 404).code == "not.found"
    request.phone_number = "555-1234"
    with pytest.raises(ApiException) as caught:
        conversations.post_conversations_calls_user_user_id(ada.id, request)
    assert error_body(client, caught.value, 400).details[0].field_name == "phoneNumber"
