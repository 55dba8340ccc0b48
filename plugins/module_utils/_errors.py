# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GenesysCloudError: one failed API call, described well enough to act on."""

from __future__ import annotations

import re
from typing import Any

_PERMISSION = re.compile(r"[A-Za-z]+:[A-Za-z]+:[A-Za-z*]+")
LOGIN_PATH = "/oauth/token"
TLS_HINTS = {
    "tls.verification.failed": (
        "Trust the server's certificate: set ca_path (GENESYSCLOUD_CA_PATH) to the PEM file of the CA that signed "
        "it, or, for a test endpoint only, validate_certs: false (GENESYSCLOUD_VALIDATE_CERTS)."),
    "tls.handshake.failed": (
        "The server did not speak TLS as expected: check that api_base_url and login_base_url use https:// "
        "only for servers that serve HTTPS, and any proxy in between."),
}


class GenesysCloudError(Exception):
    """A failed call: what was asked, what Genesys Cloud answered, and the likely fix.

    ``status`` is None when no HTTP answer came back (connection refused, reset, timeout).
    ``ambiguous`` marks a write whose outcome is unknown: it may have been applied.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        context_id: str | None = None,
        method: str = "",
        path: str = "",
        details: list[dict[str, Any]] | None = None,
        body: dict[str, Any] | None = None,
        ambiguous: bool = False,
        fix: str = "",
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.context_id = context_id
        self.method = method
        self.path = path
        self.details = details or []
        self.body = body or {}
        self.ambiguous = ambiguous
        self.fix = fix  # the fix as the caller knows it better, instead of the one the status suggests

    @classmethod
    def from_response(cls, method: str, path: str, status: int, body: Any, correlation_id: str | None) -> GenesysCloudError:
        if not isinstance(body, dict):
            body = {"message": str(body)[:500]} if body else {}
        return cls(
            body.get("message") or body.get("error_description") or body.get("description") or f"HTTP {status}",
            status=status,
            code=body.get("code") or body.get("error"),
            context_id=body.get("contextId") or correlation_id,
            method=method,
            path=path,
            details=body.get("details") or [],
            body=body,
        )

    @property
    def missing_permissions(self) -> list[str]:
        if self.status != 403:
            return []
        params = self.body.get("messageParams") or {}
        found = _PERMISSION.findall(" ".join([self.message, *map(str, params.values())]))
        return sorted(set(found))

    @property
    def hint(self) -> str:
        """The likely fix, in the words an operator needs."""
        if self.fix:
            return self.fix
        if self.code in TLS_HINTS:
            return TLS_HINTS[self.code]
        if self.ambiguous:
            again = " It was not sent again: a create is never repeated blindly." if self.method == "POST" else ""
            return (f"The answer was lost, so this write may or may not have been applied.{again} Re-run: every object "
                    "is looked up before it is made or changed, so nothing is made twice.")
        if self.status is None:
            return ("Genesys Cloud could not be reached: check the region or api_base_url, DNS, proxy and "
                    "firewall (HTTPS to the API host), or raise timeout/retry_budget on a slow link.")
        if self.status == 401 and self.path == LOGIN_PATH:
            return ("The OAuth client was refused: check client_id/client_secret (GENESYSCLOUD_OAUTHCLIENT_ID, "
                    "GENESYSCLOUD_OAUTHCLIENT_SECRET) and that region is the org's region: a client exists in one "
                    "region only.")
        if self.status == 401:
            return ("The access token was refused: it expired or was revoked, or it is not valid for this org and "
                    "region (a token works only in the region whose login service issued it). Give a token of this "
                    "region's login service (access_token, GENESYSCLOUD_ACCESS_TOKEN) or the client_id and "
                    "client_secret of an OAuth client of the org, and check that region, api_base_url and "
                    "login_base_url name the same region.")
        if self.status == 403:
            perms = self.missing_permissions
            if perms:
                return f"Grant the OAuth client's role the permission(s) {', '.join(perms)}."
            return "The OAuth client's role lacks a permission or division access for this call."
        if self.status == 404:
            return "The object does not exist (any more), or is in a division or region the client cannot see."
        if self.status == 409:
            return "The object changed since it was read (stale version): re-run to converge on the current version."
        if self.status == 429:
            return ("Rate limit kept being hit past retry_budget: lower forks or concurrency, or raise retry_budget; "
                    "do not add OAuth clients to get around the limit.")
        if self.status == 400 and self.details:
            fields = ", ".join(sorted({d.get("fieldName", "") for d in self.details if d.get("fieldName")}))
            return f"Genesys Cloud rejected the request body; check the field(s) {fields}." if fields else ""
        if self.status >= 500:
            return ("Genesys Cloud failed to answer; retries ran out. Re-run later; quote the contextId to "
                    "Genesys support if it persists.")
        return ""

    def __str__(self) -> str:
        call = f"{self.method} {self.path}".strip()
        status = f"HTTP {self.status}" if self.status is not None else "no response"
        text = f"{call} failed: {status}"
        if self.code:
            text += f" {self.code}"
        text += f": {self.message}"
        if self.details:
            text += " (" + "; ".join(
                ": ".join(str(d[k]) for k in ("fieldName", "errorCode") if d.get(k)) for d in self.details
            ) + ")"
        if self.context_id:
            text += f" [contextId {self.context_id}]"
        if self.hint:
            text += f". {self.hint}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "context_id": self.context_id,
            "method": self.method,
            "path": self.path,
            "details": self.details,
            "hint": self.hint,
        }


# Genesys Cloud's directory (locations) answers a stale version with a 400 of this text, telephony with a 409
# (the Terraform provider's IsVersionMismatch, util/util_retries.go, checks both).
STALE_VERSION_TEXT = "does not match the current version"


def is_stale_version(error: GenesysCloudError) -> bool:
    """The update carried a version the object has moved on from."""
    return error.status == 409 or (error.status == 400 and STALE_VERSION_TEXT in (error.message or "").lower())
