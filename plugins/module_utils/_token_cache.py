# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""On-disk cache of client-credentials tokens shared by every module process of a run.

Genesys staff warn that minting many tokens can get an OAuth client disabled, and every module run
is a new process: without this cache a 200-site rollout would mint thousands of tokens.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import time
from typing import Iterator


def default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "cxops.genesys_cloud", "tokens")


def refresh_margin(lifetime: float) -> float:
    """Seconds before expiry at which a cached token is no longer handed out."""
    return min(300.0, lifetime * 0.1)


class TokenCache:
    """Tokens in a 0700 directory, one 0600 file per (login URL, client id, secret).

    The file name is an HMAC keyed by the secret: the secret is never stored, and a wrong
    secret never receives the token that the right one fetched.
    """

    def __init__(self, directory: str | None = None):
        self.directory = directory or default_cache_dir()

    def _ensure_directory(self) -> None:
        os.makedirs(self.directory, mode=0o700, exist_ok=True)
        if os.stat(self.directory).st_mode & 0o077:
            os.chmod(self.directory, 0o700)

    @staticmethod
    def key(login_url: str, client_id: str, client_secret: str) -> str:
        return hmac.new(client_secret.encode(), f"{login_url}\n{client_id}".encode(), hashlib.sha256).hexdigest()

    def _path(self, key: str, suffix: str) -> str:
        return os.path.join(self.directory, key + suffix)

    def get(self, key: str) -> str | None:
        """A token still valid beyond the refresh margin, or None."""
        try:
            with open(self._path(key, ".json"), encoding="utf-8") as handle:
                entry = json.load(handle)
            token, expires_at, lifetime = entry["access_token"], float(entry["expires_at"]), float(entry["lifetime"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if time.time() >= expires_at - refresh_margin(lifetime):
            return None
        return token

    def put(self, key: str, token: str, lifetime: float) -> None:
        self._ensure_directory()
        entry = {"access_token": token, "expires_at": time.time() + lifetime, "lifetime": lifetime}
        tmp = self._path(key, f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entry, handle)
        os.replace(tmp, self._path(key, ".json"))

    def discard(self, key: str, token: str) -> None:
        """Forget a token the API refused, unless another process already replaced it."""
        path = self._path(key, ".json")
        try:
            with open(path, encoding="utf-8") as handle:
                if json.load(handle).get("access_token") == token:
                    os.unlink(path)
        except (OSError, ValueError):
            pass

    @contextlib.contextmanager
    def locked(self, key: str) -> Iterator[None]:
        """Serialise token fetches for one key across processes: forks wait, then reuse the fresh token."""
        self._ensure_directory()
        fd = os.open(self._path(key, ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
