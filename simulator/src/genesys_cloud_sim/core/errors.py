"""Genesys Cloud error shapes: ErrorBody for /api/v2 (models.json ErrorBody) and OAuth errors for /oauth/token."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class ApiError(Exception):
    """An /api/v2 failure; rendered as an ErrorBody with the request's correlation id as contextId."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: Iterable[dict[str, str]] = (),
        entity_id: str | None = None,
        entity_name: str | None = None,
        message_params: dict[str, str] | None = None,
        message_with_params: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = list(details)
        self.entity_id = entity_id
        self.entity_name = entity_name
        self.message_params = message_params
        self.message_with_params = message_with_params
        self.headers = headers or {}

    def body(self, context_id: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message": self.message,
            "code": self.code,
            "status": self.status,
            "contextId": context_id,
            "details": self.details,
            "errors": [],
        }
        optional = {
            "entityId": self.entity_id,
            "entityName": self.entity_name,
            "messageWithParams": self.message_with_params,
            "messageParams": self.message_params,
        }
        body.update({key: value for key, value in optional.items() if value is not None})
        return body


def field_detail(field: str, error_code: str = "invalid.value") -> dict[str, str]:
    return {"errorCode": error_code, "fieldName": field}


def bad_request(message: str, field: str | None = None) -> ApiError:
    details = [field_detail(field, "bad.request")] if field else []
    return ApiError(400, "bad.request", message, details=details)


def invalid_value(field: str, message: str) -> ApiError:
    return ApiError(400, "invalid.value", message, details=[field_detail(field)])


def not_found(entity_name: str, entity_id: str) -> ApiError:
    return ApiError(
        404,
        "not.found",
        f"Unable to find a {entity_name} with id {entity_id}",
        entity_id=entity_id,
        entity_name=entity_name,
    )


def route_not_found(path: str) -> ApiError:
    return ApiError(404, "not.found", f"The requested resource {path} was not found.")


def method_not_allowed(method: str, path: str) -> ApiError:
    return ApiError(405, "method.not.allowed", f"HTTP method {method} is not supported by {path}.")


VERSION_MISMATCH_MESSAGE = (
    "The version number of the modified resource must match the version number in the database."
)


def version_conflict(entity_name: str, entity_id: str) -> ApiError:
    return ApiError(
        409, "general.conflict", VERSION_MISMATCH_MESSAGE, entity_id=entity_id, entity_name=entity_name
    )


def directory_version_mismatch(entity_name: str, entity_id: str, given: Any, current: int) -> ApiError:
    """The directory service's stale version: a 400 whose message says the version "does not match the current
    version" (the Terraform provider's IsVersionMismatch matches that text; the rest of the wording is a guess)."""
    return ApiError(
        400, "bad.request", f"The version {given} does not match the current version {current}.",
        entity_id=entity_id, entity_name=entity_name,
    )


def conflict(message: str, entity_name: str, entity_id: str) -> ApiError:
    return ApiError(409, "general.conflict", message, entity_id=entity_id, entity_name=entity_name)


def unsupported_media_type(content_type: str) -> ApiError:
    return ApiError(
        415, "unsupported.media.type", f"Content type {content_type or '(none)'} is not supported; send application/json."
    )


def authentication_required() -> ApiError:
    return ApiError(401, "authentication.required", "No authentication bearer token specified in authorization header.")


def bad_credentials() -> ApiError:
    return ApiError(401, "bad.credentials", "Invalid login credentials.")


def missing_permissions(permissions: Iterable[str]) -> ApiError:
    names = ", ".join(permissions)
    prefix = "Unable to perform the requested action. You are missing the following permission(s): "
    return ApiError(
        403,
        "missing.permissions",
        f"{prefix}[{names}]",
        message_with_params=prefix + "[{permissions}]",
        message_params={"permissions": names},
    )


def too_many_requests(retry_after_s: int) -> ApiError:
    return ApiError(
        429,
        "too.many.requests.retry.after",
        f"Rate limit exceeded the maximum. Retry the request in [{retry_after_s}] seconds",
        headers={"Retry-After": str(retry_after_s)},
    )


_SERVER_ERRORS = {
    500: ("internal.server.error", "The server encountered an unexpected condition."),
    502: ("bad.gateway", "The gateway received an invalid response from an upstream service."),
    503: ("service.unavailable", "The service is currently unavailable. Please try again later."),
    504: ("request.timeout", "The request timed out."),
}


def server_error(status: int, retry_after_s: int = 0) -> ApiError:
    code, message = _SERVER_ERRORS[status]
    return ApiError(status, code, message, headers={"Retry-After": str(retry_after_s)} if retry_after_s else None)


class OAuthError(Exception):
    """A login-service failure: {"error", "description", "error_description"} like the real /oauth/token."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description

    def body(self) -> dict[str, str]:
        return {"error": self.error, "description": self.description, "error_description": self.description}


def invalid_client() -> OAuthError:
    return OAuthError(401, "invalid_client", "authentication failed")


def token_rate_limited() -> OAuthError:
    return OAuthError(400, "invalid_request", "rate limit exceeded")
