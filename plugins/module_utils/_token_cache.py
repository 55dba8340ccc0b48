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

MAX_ENTRY_BYTES = 64 * 1024  # a token entry is well under 4 KiB; anything larger is not ours


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
        # Why the cache is off for this run, when the disk refused it: the run goes on without it, each module run
        # fetching its own token, and says so once (see GenesysCloudClient.token_cache_warning).
        self.warning = ""

    def _ensure_directory(self) -> None:
        os.makedirs(self.directory, mode=0o700, exist_ok=True)
        if os.stat(self.directory).st_mode & 0o077:
            os.chmod(self.directory, 0o700)

    def _give_up(self, error: OSError) -> None:
        self.warning = self.warning or (
            f"The token cache {self.directory} cannot be used ({error.strerror or error}); this run goes on without "
            "it, so every module run fetches its own token. Fix the directory (token_cache_dir, "
            "GENESYSCLOUD_TOKEN_CACHE_DIR) or point it elsewhere.")

    @staticmethod
    def key(login_url: str, client_id: str, client_secret: str) -> str:
        return hmac.new(client_secret.encode(), f"{login_url}\n{client_id}".encode(), hashlib.sha256).hexdigest()

    def _path(self, key: str, suffix: str) -> str:
        return os.path.join(self.directory, key + suffix)

    def get(self, key: str) -> str | None:
        """A token still valid beyond the refresh margin, or None."""
        if self.warning:
            return None
        try:
            with open(self._path(key, ".json"), encoding="utf-8") as handle:
                text = handle.read(MAX_ENTRY_BYTES + 1)
            entry = json.loads(text) if len(text) <= MAX_ENTRY_BYTES else {}
            token, expires_at, lifetime = entry["access_token"], float(entry["expires_at"]), float(entry["lifetime"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if time.time() >= expires_at - refresh_margin(lifetime):
            return None
        return token

    def put(self, key: str, token: str, lifetime: float) -> None:
        if self.warning:
            return
        entry = {"access_token": token, "expires_at": time.time() + lifetime, "lifetime": lifetime}
        tmp = self._path(key, f".{os.getpid()}.tmp")
        try:
            self._ensure_directory()
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle)
            os.replace(tmp, self._path(key, ".json"))
        except OSError as error:
            self._give_up(error)
            with contextlib.suppress(OSError):
                os.unlink(tmp)

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
        """Serialise token fetches for one key across processes: forks wait, then reuse the fresh token. Without a
        usable directory there is nothing to share, so nothing to wait for."""
        fd = None
        if not self.warning:
            try:
                self._ensure_directory()
                fd = os.open(self._path(key, ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as error:
                self._give_up(error)
        try:
            yield
        finally:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
