"""Client-credentials tokens: issued as HS256 JWTs, honoured only through the registry of issued tokens.

The registry is the authority (a token is valid only if this process issued it and it is neither expired nor
revoked), which keeps the hot path to one dict lookup and makes tokens die with the process (FIDELITY.md).
"""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from genesys_cloud_sim.core.clock import TimeScale, iso_ms
from genesys_cloud_sim.core.errors import authentication_required, bad_credentials
from genesys_cloud_sim.core.state import Client, StateStore

ISSUER = "genesys-cloud-sim"


@dataclass
class IssuedToken:
    jti: str
    access_token: str
    client_id: str
    org_id: str
    region: str
    issued_at: float
    expires_at: float
    revoked: bool = False

    def is_live(self, now: float, early_expiry_after_s: float | None) -> bool:
        if self.revoked or now >= self.expires_at:
            return False
        return early_expiry_after_s is None or now < self.issued_at + early_expiry_after_s

    def describe(self, now: float, early_expiry_after_s: float | None) -> dict[str, Any]:
        return {
            "jti": self.jti,
            "access_token": self.access_token,
            "client_id": self.client_id,
            "org_id": self.org_id,
            "region": self.region,
            "issued_at": iso_ms(self.issued_at),
            "expires_at": iso_ms(self.expires_at),
            "revoked": self.revoked,
            "live": self.is_live(now, early_expiry_after_s),
        }


class TokenRegistry:
    def __init__(self, store: StateStore, time_scale: TimeScale) -> None:
        self._store = store
        self._time_scale = time_scale
        self._signing_key = secrets.token_bytes(32)
        self._by_token: dict[str, IssuedToken] = {}

    def issue(self, client: Client) -> tuple[IssuedToken, int]:
        """A fresh token for `client` and its expires_in in (scaled) seconds."""
        now = time.time()
        expires_in = self._time_scale.whole_real_seconds(client.token_lifetime_s)
        jti = str(uuid.uuid4())
        claims = {
            "iss": ISSUER,
            "sub": client.client_id,
            "region": client.org.region.name,
            "org": client.org.id,
            "jti": jti,
            "iat": int(now),
            "exp": int(now + expires_in),
        }
        token = IssuedToken(
            jti=jti,
            access_token=jwt.encode(claims, self._signing_key, algorithm="HS256"),
            client_id=client.client_id,
            org_id=client.org.id,
            region=client.org.region.name,
            issued_at=now,
            expires_at=now + expires_in,
        )
        self._by_token[token.access_token] = token
        return token, expires_in

    def authenticate(
        self, authorization: str | None, region: str, early_expiry_after_s: float | None
    ) -> tuple[IssuedToken, Client]:
        """The token and client behind a bearer token presented to `region`; 401 otherwise."""
        scheme, _space, credentials = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise authentication_required()
        token = self._by_token.get(credentials.strip())
        if token is None or token.region != region or not token.is_live(time.time(), early_expiry_after_s):
            raise bad_credentials()
        client = self._store.clients.get(token.client_id)
        if client is None or client.org.id != token.org_id:
            raise bad_credentials()
        return token, client

    def revoke(self, token: IssuedToken) -> None:
        token.revoked = True

    def expire_all(self) -> int:
        now = time.time()
        for token in self._by_token.values():
            token.expires_at = min(token.expires_at, now)
        return len(self._by_token)

    def listing(self, early_expiry_after_s: float | None) -> list[dict[str, Any]]:
        now = time.time()
        return [token.describe(now, early_expiry_after_s) for token in self._by_token.values()]

    def clear(self) -> None:
        self._by_token.clear()
