"""Media retention policies of one org, in two families that share one shape:

- `/api/v2/recording/mediaretentionpolicies`: PolicyCreate / Policy / PolicyUpdate in, Policy out;
- `/api/v2/recording/crossplatform/mediaretentionpolicies`: CrossPlatformPolicyCreate / CrossPlatformPolicy /
  CrossPlatformPolicyUpdate in, CrossPlatformPolicy out (its actions lack assignSurveys and initiateScreenRecording).

Both list as PolicyEntityListing. Seed keys `media_retention_policies` and `crossplatform_media_retention_policies`
take the policy's wire fields plus `id`, `createdDate`, `modifiedDate` and `policyErrors`; references are `{id}`.

References are checked against the org: `forUsers` against its users (known_user_ids), `forQueues`, `wrapupCodes`,
`languages` and `teams` against the seeded directories of routing/models.py. Evaluation forms, survey forms and
integrations are not modelled, so an assignment or export that names one is refused like any unknown reference.
"""

from __future__ import annotations

import base64
import copy
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from genesys_cloud_sim.core.entities import Entities
from genesys_cloud_sim.core.errors import ApiError, bad_request, invalid_value
from genesys_cloud_sim.core.query import name_pattern, sort_key
from genesys_cloud_sim.core.schema import Field, ListOf, ObjectSpec, read_only_fields, reference_spec, validate
from genesys_cloud_sim.core.state import Area, Org
from genesys_cloud_sim.routing.models import (
    LanguagesBackend, QueuesBackend, SeededDirectory, TeamsBackend, WrapupCodesBackend,
)

POLICIES_PATH = "/api/v2/recording/mediaretentionpolicies"
CROSSPLATFORM_POLICIES_PATH = "/api/v2/recording/crossplatform/mediaretentionpolicies"
USERS_PATH = "/api/v2/users"

DIRECTIONS = ("INBOUND", "OUTBOUND")
MAX_DAYS = 2**31 - 1  # call and digital recordings have no documented upper limit: the int the API reads
MAX_SCREEN_RECORDING_DAYS = 365  # Genesys Cloud documents a one-year maximum for screen recording policies
_TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}$")  # TimeSlot: "xx:xx:xx.xxx"

# ---------------------------------------------------------------------------------------------------------------
# Body specs, copied from models.json (and the SDK's Language, which models.json does not reach). References accept
# every field of their model and keep only `id`.
# ---------------------------------------------------------------------------------------------------------------

_USER_FIELDS = (
    "name", "division", "chat", "department", "email", "primaryContactInfo", "addresses", "state", "title",
    "username", "manager", "images", "version", "certifications", "biography", "employerInfo", "preferredName",
    "routingStatus", "presence", "integrationPresence", "conversationSummary", "outOfOffice", "geolocation",
    "station", "authorization", "profileSkills", "locations", "groups", "team", "workPlanBidRanks", "skills",
    "languages", "acdAutoAnswer", "languagePreference", "lastTokenIssued", "dateLastLogin", "dateWelcomeSent",
    "selfUri",
)  # fmt: skip
_QUEUE_FIELDS = (
    "name", "division", "description", "dateCreated", "dateModified", "modifiedBy", "createdBy", "memberCount",
    "userMemberCount", "joinedMemberCount", "mediaSettings", "routingRules", "conditionalGroupRouting",
    "conditionalGroupActivation", "bullseye", "scoringMethod", "lastAgentRoutingMode", "acwSettings",
    "skillEvaluationMethod", "memberGroups", "queueFlow", "emailInQueueFlow", "messageInQueueFlow", "whisperPrompt",
    "onHoldPrompt", "defaultMediaLanguage", "autoAnswerOnly", "cannedResponseLibraries", "enableTranscription",
    "enableAudioMonitoring", "enableManualAssignment", "agentOwnedRouting", "directRouting", "callingPartyName",
    "callingPartyNumber", "defaultScripts", "outboundMessagingAddresses", "outboundEmailAddress", "peerId",
    "suppressInQueueCallRecording", "selfUri",
)  # fmt: skip
POLICY_USER_REF = reference_spec("PolicyUser", *_USER_FIELDS)
USER_REF = reference_spec("User", *_USER_FIELDS)
QUEUE_REF = reference_spec("Queue", *_QUEUE_FIELDS)
WRAPUP_CODE_REF = reference_spec(
    "WrapupCode", "name", "division", "description", "dateCreated", "dateModified", "createdBy", "modifiedBy", "selfUri"
)
LANGUAGE_REF = reference_spec("Language", "name", "dateModified", "state", "version", "selfUri")
TEAM_REF = reference_spec("Team", "name", "division", "description", "dateCreated", "dateModified", "memberCount",
                          "selfUri")
EVALUATION_FORM_REF = reference_spec(
    "EvaluationForm", "name", "division", "modifiedDate", "published", "contextId", "questionGroups",
    "publishedVersions", "evaluationSettings", "latestVersionFormName", "aiScoring", "redacted", "dialect", "selfUri",
)
SURVEY_FORM_REF = reference_spec("PublishedSurveyFormReference", "name", "contextId", "selfUri")
DOMAIN_ENTITY_REF = reference_spec("DomainEntityRef", "name", "selfUri")

TIME_INTERVAL = ObjectSpec("TimeInterval", {k: Field("int") for k in ("months", "weeks", "days", "hours")})
EVALUATION_ASSIGNMENT = ObjectSpec(
    "EvaluationAssignment", {"evaluationForm": Field(EVALUATION_FORM_REF), "user": Field(USER_REF)}
)
METERED_EVALUATION_ASSIGNMENT = ObjectSpec(
    "MeteredEvaluationAssignment",
    {
        "evaluationContextId": Field("str"),
        "evaluators": Field(ListOf(USER_REF)),
        "maxNumberEvaluations": Field("int"),
        "evaluationForm": Field(EVALUATION_FORM_REF),
        "assignToActiveUser": Field("bool"),
        "timeInterval": Field(TIME_INTERVAL),
    },
)
METERED_ASSIGNMENT_BY_AGENT = ObjectSpec(
    "MeteredAssignmentByAgent",
    {
        "evaluationContextId": Field("str"),
        "evaluators": Field(ListOf(USER_REF)),
        "maxNumberEvaluations": Field("int"),
        "evaluationForm": Field(EVALUATION_FORM_REF),
        "timeInterval": Field(TIME_INTERVAL),
        "timeZone": Field("str"),
    },
)
CALIBRATION_ASSIGNMENT = ObjectSpec(
    "CalibrationAssignment",
    {
        "calibrator": Field(USER_REF),
        "evaluators": Field(ListOf(USER_REF)),
        "evaluationForm": Field(EVALUATION_FORM_REF),
        "expertEvaluator": Field(USER_REF),
    },
)
SURVEY_ASSIGNMENT = ObjectSpec(
    "SurveyAssignment",
    {
        "surveyForm": Field(SURVEY_FORM_REF),
        "flow": Field(DOMAIN_ENTITY_REF),
        "inviteTimeInterval": Field("str"),
        "sendingUser": Field("str"),
        "sendingDomain": Field("str", required=True),
        "useThreadingTimelineForSendTime": Field("bool"),
    },
)
ARCHIVE_RETENTION = ObjectSpec(
    "ArchiveRetention", {"days": Field("int"), "storageMedium": Field("str", enum=("CLOUDARCHIVE",))}
)
DELETE_RETENTION = ObjectSpec("DeleteRetention", {"days": Field("int")})
RETENTION_DURATION = ObjectSpec(
    "RetentionDuration", {"archiveRetention": Field(ARCHIVE_RETENTION), "deleteRetention": Field(DELETE_RETENTION)}
)
INITIATE_SCREEN_RECORDING = ObjectSpec(
    "InitiateScreenRecording",
    {"recordACW": Field("bool"), "archiveRetention": Field(ARCHIVE_RETENTION),
     "deleteRetention": Field(DELETE_RETENTION)},
)
INTEGRATION_EXPORT = ObjectSpec(
    "IntegrationExport",
    {"integration": Field(DOMAIN_ENTITY_REF, required=True), "shouldExportScreenRecordings": Field("bool")},
)
_ASSIGNMENTS = {
    "assignEvaluations": Field(ListOf(EVALUATION_ASSIGNMENT)),
    "assignMeteredEvaluations": Field(ListOf(METERED_EVALUATION_ASSIGNMENT)),
    "assignMeteredAssignmentByAgent": Field(ListOf(METERED_ASSIGNMENT_BY_AGENT)),
    "assignCalibrations": Field(ListOf(CALIBRATION_ASSIGNMENT)),
}
_DECISIONS = {"retainRecording": Field("bool"), "deleteRecording": Field("bool"), "alwaysDelete": Field("bool")}
POLICY_ACTIONS = ObjectSpec(
    "PolicyActions",
    {
        **_DECISIONS,
        **_ASSIGNMENTS,
        "assignSurveys": Field(ListOf(SURVEY_ASSIGNMENT)),
        "retentionDuration": Field(RETENTION_DURATION),
        "initiateScreenRecording": Field(INITIATE_SCREEN_RECORDING),
        "integrationExport": Field(INTEGRATION_EXPORT),
    },
)
CROSSPLATFORM_POLICY_ACTIONS = ObjectSpec(
    "CrossPlatformPolicyActions",
    {
        **_DECISIONS,
        **_ASSIGNMENTS,
        "retentionDuration": Field(RETENTION_DURATION),
        "integrationExport": Field(INTEGRATION_EXPORT),
    },
)

TIME_SLOT = ObjectSpec("TimeSlot", {"startTime": Field("str"), "stopTime": Field("str"), "day": Field("int")})
TIME_ALLOWED = ObjectSpec(
    "TimeAllowed", {"timeSlots": Field(ListOf(TIME_SLOT)), "timeZoneId": Field("str"), "empty": Field("bool")}
)
DURATION_CONDITION = ObjectSpec(
    "DurationCondition",
    {
        "durationTarget": Field("str", enum=("DURATION", "DURATION_RANGE")),
        "durationOperator": Field("str"),
        "durationRange": Field("str"),
        "durationMode": Field("str", enum=("Between", "Over", "Under")),
    },
)
_CUSTOMER_PARTICIPATION = Field("str", enum=("YES", "NO"))
_MEDIA_CONDITIONS = {
    "forUsers": Field(ListOf(POLICY_USER_REF)),
    "dateRanges": Field("list[str]"),
    "forQueues": Field(ListOf(QUEUE_REF)),
    "wrapupCodes": Field(ListOf(WRAPUP_CODE_REF)),
    "languages": Field(ListOf(LANGUAGE_REF)),
    "timeAllowed": Field(TIME_ALLOWED),
    "teams": Field(ListOf(TEAM_REF)),
}
CALL_CONDITIONS = ObjectSpec(
    "CallMediaPolicyConditions",
    {**_MEDIA_CONDITIONS, "directions": Field("list[str]"), "duration": Field(DURATION_CONDITION)},
)
CHAT_CONDITIONS = ObjectSpec("ChatMediaPolicyConditions", {**_MEDIA_CONDITIONS, "duration": Field(DURATION_CONDITION)})
EMAIL_CONDITIONS = ObjectSpec(
    "EmailMediaPolicyConditions", {**_MEDIA_CONDITIONS, "customerParticipation": _CUSTOMER_PARTICIPATION}
)
MESSAGE_CONDITIONS = ObjectSpec(
    "MessageMediaPolicyConditions", {**_MEDIA_CONDITIONS, "customerParticipation": _CUSTOMER_PARTICIPATION}
)
POLICY_CONDITIONS = ObjectSpec(
    "PolicyConditions",
    {
        "forUsers": Field(ListOf(POLICY_USER_REF)),
        "directions": Field("list[str]"),
        "dateRanges": Field("list[str]"),
        "mediaTypes": Field("list[str]"),
        "forQueues": Field(ListOf(QUEUE_REF)),
        "duration": Field(DURATION_CONDITION),
        "wrapupCodes": Field(ListOf(WRAPUP_CODE_REF)),
        "timeAllowed": Field(TIME_ALLOWED),
        "teams": Field(ListOf(TEAM_REF)),
        "customerParticipation": _CUSTOMER_PARTICIPATION,
    },
)


def _media_policies(model: str, prefix: str, actions: ObjectSpec) -> ObjectSpec:
    def media(kind: str, conditions: ObjectSpec) -> Field:
        return Field(ObjectSpec(f"{prefix}{kind}MediaPolicy", {"actions": Field(actions), "conditions": Field(conditions)}))

    return ObjectSpec(
        model,
        {
            "callPolicy": media("Call", CALL_CONDITIONS),
            "chatPolicy": media("Chat", CHAT_CONDITIONS),
            "emailPolicy": media("Email", EMAIL_CONDITIONS),
            "messagePolicy": media("Message", MESSAGE_CONDITIONS),
        },
    )


MEDIA_POLICIES = _media_policies("MediaPolicies", "", POLICY_ACTIONS)
CROSSPLATFORM_MEDIA_POLICIES = _media_policies("CrossPlatformMediaPolicies", "CrossPlatform", CROSSPLATFORM_POLICY_ACTIONS)

USER_PARAM = ObjectSpec("UserParam", {"key": Field("str"), "value": Field("str")})
POLICY_ERROR_MESSAGE = ObjectSpec(  # userMessage (a free-form object) is not seedable
    "PolicyErrorMessage",
    {
        "statusCode": Field("int"),
        "userParamsMessage": Field("str"),
        "errorCode": Field("str"),
        "correlationId": Field("str"),
        "userParams": Field(ListOf(USER_PARAM)),
        "insertDate": Field("str"),
    },
)
POLICY_ERRORS = ObjectSpec("PolicyErrors", {"policyErrorMessages": Field(ListOf(POLICY_ERROR_MESSAGE))})

# The wire fields of Policy / CrossPlatformPolicy, in the models' order; the stored ones are what a write sets.
POLICY_FIELDS = ("id", "name", "modifiedDate", "createdDate", "order", "description", "enabled", "mediaPolicies",
                 "conditions", "actions", "policyErrors", "selfUri")
_STORED_FIELDS = ("order", "description", "enabled", "mediaPolicies", "conditions", "actions")
_SUMMARY_FIELDS = ("id", "name", "modifiedDate", "createdDate", "order", "description", "enabled", "policyErrors",
                   "selfUri")
_MEDIA_KEYS = ("callPolicy", "chatPolicy", "emailPolicy", "messagePolicy")


def _policy_spec(model: str, media: ObjectSpec, actions: ObjectSpec) -> ObjectSpec:
    return ObjectSpec(
        model,
        {
            **read_only_fields("id"),
            "name": Field("str", required=True),
            **read_only_fields("modifiedDate", "createdDate"),
            "order": Field("int"),
            "description": Field("str"),
            "enabled": Field("bool"),
            "mediaPolicies": Field(media),
            "conditions": Field(POLICY_CONDITIONS),
            "actions": Field(actions),
            **read_only_fields("policyErrors", "selfUri"),
        },
    )


def _seed_spec(spec: ObjectSpec) -> ObjectSpec:
    return ObjectSpec(
        spec.model,
        {
            **spec.fields,
            "id": Field("str"),
            "createdDate": Field("str"),
            "modifiedDate": Field("str"),
            "policyErrors": Field(POLICY_ERRORS),
        },
    )


@dataclass(frozen=True)
class Family:
    """What differs between the two families: paths, models, permissions' noun."""

    key: str
    path: str
    entity_name: str
    create: ObjectSpec
    replace: ObjectSpec
    update: ObjectSpec
    seed: ObjectSpec


_POLICY = _policy_spec("Policy", MEDIA_POLICIES, POLICY_ACTIONS)
_CROSSPLATFORM_POLICY = _policy_spec("CrossPlatformPolicy", CROSSPLATFORM_MEDIA_POLICIES, CROSSPLATFORM_POLICY_ACTIONS)
STANDARD = Family(
    key="standard",
    path=POLICIES_PATH,
    entity_name="media retention policy",
    create=ObjectSpec("PolicyCreate", _POLICY.fields),
    replace=_POLICY,
    update=ObjectSpec("PolicyUpdate", {"enabled": Field("bool", required=True)}),
    seed=_seed_spec(_POLICY),
)
CROSSPLATFORM = Family(
    key="crossplatform",
    path=CROSSPLATFORM_POLICIES_PATH,
    entity_name="cross-platform media retention policy",
    create=ObjectSpec("CrossPlatformPolicyCreate", _CROSSPLATFORM_POLICY.fields),
    replace=_CROSSPLATFORM_POLICY,
    update=ObjectSpec("CrossPlatformPolicyUpdate", {"enabled": Field("bool", required=True)}),
    seed=_seed_spec(_CROSSPLATFORM_POLICY),
)


# ---------------------------------------------------------------------------------------------------------------
# Users: the users area (users/models.py UsersBackend) plugs in through `user_ids()` and `find()`.
# ---------------------------------------------------------------------------------------------------------------


def known_user_ids(org: Org) -> frozenset[str]:
    """Ids of the org's users: the union of every area that answers `user_ids()` (the users area does)."""
    ids: set[str] = set()
    for area in org.areas:
        user_ids = getattr(area, "user_ids", None)
        if callable(user_ids):
            ids.update(user_ids())
    return frozenset(ids)


def user_reference(org: Org, user_id: str) -> dict[str, str]:
    """{id, name, selfUri} of a user, the name from whichever area knows the user."""
    for area in org.areas:
        if callable(getattr(area, "user_ids", None)) and callable(getattr(area, "find", None)):
            user = area.find(user_id)  # type: ignore[attr-defined]
            if user is not None and hasattr(user, "reference"):
                return dict(user.reference())
    return {"id": user_id, "selfUri": f"{USERS_PATH}/{user_id}"}


# Condition lists that hold references, and where their ids must come from.
_DIRECTORIES: dict[str, type[SeededDirectory]] = {
    "forQueues": QueuesBackend,
    "wrapupCodes": WrapupCodesBackend,
    "languages": LanguagesBackend,
    "teams": TeamsBackend,
}


# ---------------------------------------------------------------------------------------------------------------
# The policies.
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class RetentionPolicy:
    id: str
    name: str
    created: str
    modified: str
    fields: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def export(self) -> dict[str, Any]:
        exported = {"id": self.id, "name": self.name, "createdDate": self.created, "modifiedDate": self.modified,
                    **copy.deepcopy(self.fields)}
        if self.errors:
            exported["policyErrors"] = {"policyErrorMessages": copy.deepcopy(self.errors)}
        return exported

    def delete_days(self) -> Iterator[int]:
        """Every `deleteRetention.days` of the policy's actions (top level and per media type)."""
        actions = [self.fields.get("actions")]
        actions += [(self.fields.get("mediaPolicies") or {}).get(key, {}).get("actions") for key in _MEDIA_KEYS]
        for action in actions:
            for holder in ((action or {}).get("retentionDuration"), (action or {}).get("initiateScreenRecording")):
                days = ((holder or {}).get("deleteRetention") or {}).get("days")
                if days is not None:
                    yield days


_SORT_KEYS: dict[str, Callable[[RetentionPolicy], Any]] = {
    "name": lambda policy: (policy.name.lower(), policy.id),
    "order": lambda policy: (policy.fields.get("order") is None, policy.fields.get("order") or 0, policy.name.lower()),
    "createdDate": lambda policy: (policy.created, policy.id),
    "modifiedDate": lambda policy: (policy.modified, policy.id),
}


class RetentionPoliciesBackend(Entities[RetentionPolicy], Area):
    """One family's policies; the two families are the two subclasses below."""

    family: ClassVar[Family]

    @property
    def entity_kind(self) -> str:  # type: ignore[override]
        return self.family.entity_name

    def __init__(self, org: Any) -> None:
        super().__init__(org)
        self._by_id: dict[str, RetentionPolicy] = {}

    # --- reads -------------------------------------------------------------------------------------------------

    def listing(
        self,
        name: str | None,
        enabled: bool | None,
        has_errors: bool | None,
        delete_days_threshold: int | None,
        sort_by: str,
    ) -> list[RetentionPolicy]:
        key = sort_key(sort_by, _SORT_KEYS)
        if delete_days_threshold is not None and delete_days_threshold < 0:
            raise invalid_value("deleteDaysThreshold", f"deleteDaysThreshold must be 0 or more, not {delete_days_threshold}.")
        pattern = name_pattern(name) if name else None
        chosen = [
            policy
            for policy in self._by_id.values()
            if (pattern is None or pattern.fullmatch(policy.name))
            and (enabled is None or policy.fields.get("enabled", False) == enabled)
            and (has_errors is None or bool(policy.errors) == has_errors)
            and (delete_days_threshold is None or any(d > delete_days_threshold for d in policy.delete_days()))
        ]
        return sorted(chosen, key=key)

    def wire(self, policy: RetentionPolicy, summary: bool = False) -> dict[str, Any]:
        """Policy / CrossPlatformPolicy as the API returns it; references carry their names."""
        fields = copy.deepcopy(policy.fields)
        for media in (fields.get("mediaPolicies") or {}).values():
            if media.get("conditions"):
                self._render_references(media["conditions"])
        if fields.get("conditions"):
            self._render_references(fields["conditions"])
        owned = {
            "id": policy.id,
            "name": policy.name,
            "modifiedDate": policy.modified,
            "createdDate": policy.created,
            "enabled": fields.pop("enabled", False),
            "policyErrors": {"policyErrorMessages": copy.deepcopy(policy.errors)},
            "selfUri": f"{self.family.path}/{policy.id}",
        }
        names = _SUMMARY_FIELDS if summary else POLICY_FIELDS
        return {name: owned[name] if name in owned else fields[name]
                for name in names if name in owned or name in fields}

    # --- writes ------------------------------------------------------------------------------------------------

    def create(self, body: dict[str, Any]) -> RetentionPolicy:
        now = self.org.now_iso()
        policy = RetentionPolicy(str(uuid.uuid4()), "", now, now)
        self._check(policy, body)
        self._apply(policy, body)
        self._by_id[policy.id] = policy
        return policy

    def replace(self, policy_id: str, body: dict[str, Any]) -> RetentionPolicy:
        """PUT: the whole policy; fields it leaves out are cleared (Policy has no version, so the last write wins)."""
        policy = self.get(policy_id)
        self._check(policy, body)
        self._apply(policy, body)
        policy.modified = self.org.now_iso()
        return policy

    def set_enabled(self, policy_id: str, enabled: bool) -> RetentionPolicy:
        """PATCH with PolicyUpdate: only `enabled` changes; modifiedDate moves only when it does."""
        policy = self.get(policy_id)
        if policy.fields.get("enabled", False) != enabled:
            policy.fields["enabled"] = enabled
            policy.modified = self.org.now_iso()
        return policy

    def delete(self, policy_id: str) -> None:
        self.get(policy_id)
        del self._by_id[policy_id]

    def delete_many(self, policy_ids: list[str]) -> None:
        """Bulk delete: only the policies that match the ids are deleted; other ids are ignored."""
        for policy_id in policy_ids:
            self._by_id.pop(policy_id, None)

    def seed(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            entry = validate(self.family.seed, item)
            existing = self._by_id.get(entry.get("id", "")) or self.named(entry["name"])
            now = self.org.now_iso()
            policy = existing or RetentionPolicy(entry.get("id") or str(uuid.uuid4()), "", now, now)
            self._check(policy, entry)
            self._apply(policy, entry)
            policy.created = entry.get("createdDate") or policy.created
            policy.modified = entry.get("modifiedDate") or (now if existing else policy.modified)
            policy.errors = (entry.get("policyErrors") or {}).get("policyErrorMessages", [])
            self._by_id[policy.id] = policy

    def export(self) -> list[dict[str, Any]]:
        return [policy.export() for policy in self._by_id.values()]

    # --- rules -------------------------------------------------------------------------------------------------

    def _apply(self, policy: RetentionPolicy, body: dict[str, Any]) -> None:
        policy.name = body["name"]
        policy.fields = {key: copy.deepcopy(body[key]) for key in _STORED_FIELDS if key in body}

    def _check(self, policy: RetentionPolicy, body: dict[str, Any]) -> None:
        name = body["name"]
        if not name.strip():
            raise invalid_value("name", "A media retention policy needs a non-blank name.")
        holder = self.named(name)
        if holder is not None and holder is not policy:
            raise invalid_value("name", f"A {self.family.entity_name} named '{name}' already exists.")
        if body.get("order") is not None and body["order"] < 0:
            raise invalid_value("order", f"'order' must be 0 or more, not {body['order']}.")
        if body.get("conditions"):
            self._check_conditions(body["conditions"], "conditions")
        if body.get("actions"):
            _check_actions(body["actions"], "actions")
        for key, media in (body.get("mediaPolicies") or {}).items():
            where = f"mediaPolicies.{key}"
            if media.get("conditions"):
                self._check_conditions(media["conditions"], f"{where}.conditions")
            if media.get("actions"):
                _check_actions(media["actions"], f"{where}.actions")

    def _check_conditions(self, conditions: dict[str, Any], where: str) -> None:
        users = known_user_ids(self.org)
        for index, user in enumerate(conditions.get("forUsers") or []):
            if user["id"] not in users:
                raise invalid_value(f"{where}.forUsers[{index}].id",
                                    f"User {user['id']} does not exist in this organization.")
        for key, directory_type in _DIRECTORIES.items():
            directory = self.org.area(directory_type)
            known = directory.ids()
            for index, reference in enumerate(conditions.get(key) or []):
                if reference["id"] not in known:
                    raise invalid_value(f"{where}.{key}[{index}].id",
                                        f"The {directory.entity_kind} {reference['id']} does not exist in this organization.")
        for index, direction in enumerate(conditions.get("directions") or []):
            if direction not in DIRECTIONS:
                raise invalid_value(f"{where}.directions[{index}]",
                                    f"'{direction}' is not a direction; use one of [{', '.join(DIRECTIONS)}].")
        for index, date_range in enumerate(conditions.get("dateRanges") or []):
            _check_date_range(date_range, f"{where}.dateRanges[{index}]")
        if conditions.get("timeAllowed"):
            _check_time_allowed(conditions["timeAllowed"], f"{where}.timeAllowed")

    def _render_references(self, conditions: dict[str, Any]) -> None:
        if conditions.get("forUsers"):
            conditions["forUsers"] = [user_reference(self.org, user["id"]) for user in conditions["forUsers"]]
        for key, directory_type in _DIRECTORIES.items():
            if conditions.get(key):
                directory = self.org.area(directory_type)
                conditions[key] = [directory.reference(reference["id"]) for reference in conditions[key]]


class MediaRetentionPoliciesBackend(RetentionPoliciesBackend):
    seed_key = "media_retention_policies"
    family = STANDARD


class CrossPlatformRetentionPoliciesBackend(RetentionPoliciesBackend):
    seed_key = "crossplatform_media_retention_policies"
    family = CROSSPLATFORM


FAMILY_BACKENDS: dict[str, type[RetentionPoliciesBackend]] = {
    STANDARD.key: MediaRetentionPoliciesBackend,
    CROSSPLATFORM.key: CrossPlatformRetentionPoliciesBackend,
}


# ---------------------------------------------------------------------------------------------------------------
# Field rules (FIDELITY.md "Media retention policies").
# ---------------------------------------------------------------------------------------------------------------


def _check_actions(actions: dict[str, Any], where: str) -> None:
    if actions.get("retainRecording") and actions.get("deleteRecording"):
        raise invalid_value(f"{where}.deleteRecording", "A policy cannot both retain and delete the recording.")
    for key in ("assignEvaluations", "assignMeteredEvaluations", "assignMeteredAssignmentByAgent",
                "assignCalibrations"):
        if actions.get(key):
            raise invalid_value(f"{where}.{key}", "Evaluation forms are not modelled: the form does not exist in this "
                                "organization.")
    if actions.get("assignSurveys"):
        raise invalid_value(f"{where}.assignSurveys", "Survey forms are not modelled: the form does not exist in this "
                            "organization.")
    if actions.get("integrationExport"):
        raise invalid_value(f"{where}.integrationExport", "Integrations are not modelled: the integration does not "
                            "exist in this organization.")
    if actions.get("retentionDuration"):
        _check_retention(actions["retentionDuration"], f"{where}.retentionDuration", MAX_DAYS)
    if actions.get("initiateScreenRecording"):
        _check_retention(actions["initiateScreenRecording"], f"{where}.initiateScreenRecording",
                         MAX_SCREEN_RECORDING_DAYS)


def _check_retention(holder: dict[str, Any], where: str, max_days: int) -> None:
    """archiveRetention / deleteRetention: `days` required, 1..max_days; archiving comes before deleting."""
    days: dict[str, int] = {}
    for key in ("archiveRetention", "deleteRetention"):
        if key not in holder:
            continue
        value = holder[key].get("days")
        if value is None:
            raise ApiError(400, "bad.request", f"The field '{where}.{key}.days' is required.",
                           details=[{"errorCode": "required", "fieldName": f"{where}.{key}.days"}])
        if not 1 <= value <= max_days:
            raise invalid_value(f"{where}.{key}.days", f"'{where}.{key}.days' must be 1 to {max_days}, not {value}.")
        days[key] = value
    if len(days) == 2 and days["archiveRetention"] >= days["deleteRetention"]:
        raise invalid_value(f"{where}.archiveRetention.days",
                            f"Recordings are archived before they are deleted: archiveRetention.days "
                            f"({days['archiveRetention']}) must be less than deleteRetention.days "
                            f"({days['deleteRetention']}).")


def _parse_instant(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _check_date_range(value: str, where: str) -> None:
    """An ISO-8601 interval of two instants, `start/end`, ending after it starts."""
    start, _slash, end = value.partition("/")
    begin, finish = _parse_instant(start), _parse_instant(end)
    if begin is None or finish is None:
        raise ApiError(400, "invalid.date",
                       f"'{where}' must be an interval like 2026-01-01T00:00:00.000Z/2026-12-31T23:59:59.999Z.",
                       details=[{"errorCode": "invalid.date", "fieldName": where}])
    if finish <= begin:
        raise ApiError(400, "invalid.date", f"'{where}' must end after it starts.",
                       details=[{"errorCode": "invalid.date", "fieldName": where}])


def _check_time_allowed(allowed: dict[str, Any], where: str) -> None:
    zone = allowed.get("timeZoneId")
    if allowed.get("timeSlots") and zone is None:
        raise invalid_value(f"{where}.timeZoneId", "Time slots need a timeZoneId (an IANA time zone).")
    if zone is not None and not _is_time_zone(zone):
        raise invalid_value(f"{where}.timeZoneId", f"'{zone}' is not an IANA time zone.")
    for index, slot in enumerate(allowed.get("timeSlots") or []):
        here = f"{where}.timeSlots[{index}]"
        for key in ("startTime", "stopTime"):
            if not _TIME_OF_DAY.match(slot.get(key) or ""):
                raise invalid_value(f"{here}.{key}", f"'{here}.{key}' must be a time of day like 09:00:00.000.")
        if slot["stopTime"] <= slot["startTime"]:
            raise invalid_value(f"{here}.stopTime", "A time slot must stop after it starts.")
        if slot.get("day") is None or not 1 <= slot["day"] <= 7:
            raise invalid_value(f"{here}.day", "'day' must be 1 (Monday) to 7 (Sunday).")


@lru_cache(maxsize=256)
def _is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


# ---------------------------------------------------------------------------------------------------------------
# Page tokens: PolicyEntityListing has no nextPage/previousPage fields, so the tokens travel in nextUri/previousUri.
# ---------------------------------------------------------------------------------------------------------------

_TOKEN_PREFIX = "mrp:"


def page_token(number: int) -> str:
    return base64.urlsafe_b64encode(f"{_TOKEN_PREFIX}{number}".encode()).decode().rstrip("=")


def page_of_token(token: str, parameter: str) -> int:
    """The page a token points at; 400 invalid.value naming the parameter for anything this listing did not issue."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        text = ""
    number = text[len(_TOKEN_PREFIX):] if text.startswith(_TOKEN_PREFIX) else ""
    if not number.isdigit() or int(number) < 1:
        raise invalid_value(parameter, f"'{parameter}' is not a page token of this listing.")
    return int(number)


def both_tokens() -> ApiError:
    return bad_request("Send nextPage or previousPage, not both.")
