# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place that speaks HTTP to Genesys Cloud.

It owns the OAuth client-credentials token (cached on disk for every module process of a run),
one keep-alive requests.Session, retries with jittered backoff inside a time budget, complete
paging, and GenesysCloudError. Creates are never repeated blindly: after an ambiguous failure
the caller's lookup decides whether the object already exists.
"""

from __future__ import annotations

import base64
import copy
import ssl
import threading
import time
from typing import Any, Callable
from urllib.parse import urlsplit

try:
    import requests
    import urllib3
    HAS_REQUESTS = True
except ImportError:  # reported by the module base with a clear message
    HAS_REQUESTS = False

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError, is_stale_version
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._retry import AMBIGUOUS_STATUSES, RETRY_STATUSES, Backoff, parse_retry_after
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._shared_reads import FILTERS, SharedReads, filtered, shareable
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._token_cache import TokenCache

USER_AGENT = "cxops.genesys_cloud/0.1.0"
PAGE_SIZE = 100
STALE_VERSION_TRIES = 3  # an update made again on the object as it is now, when others keep moving it on
MAX_REAUTHENTICATIONS = 10  # refused tokens one call replaces (each one must have worked for a while)
# Failures no retry can mend: the URL itself is unusable.
NEVER_RETRIED = (requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema, requests.exceptions.InvalidURL,
                 requests.exceptions.InvalidHeader) if HAS_REQUESTS else ()
READ_METHODS = frozenset({"GET", "HEAD"})
# Genesys Cloud is eventually consistent: right after a write, a read by id may miss it and a listing may not
# show it yet (the Terraform provider retries such reads for minutes). Within this window after this client's own
# create, a 404 on the object is waited out and the listings it belongs to include it (see _OwnCreates).
CONSISTENCY_WINDOW_S = 30.0


def is_write(method: str, path: str) -> bool:
    """A search is a POST that changes nothing: safe to send again, like a GET."""
    return method not in READ_METHODS and not path.endswith("/search")


def _never_sent(exc: Exception) -> bool:
    """True when the request provably never reached the server (safe to repeat even a create)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def _unusable_url(method: str, path: str, url: str, exc: Exception) -> GenesysCloudError:
    return GenesysCloudError(f"{url} cannot be requested ({exc.__class__.__name__}: {exc})", method=method, path=path,
                             code="url.unusable",
                             fix="Give api_base_url (or login_base_url) as https://host[:port], or leave it unset so "
                                 "the region's own URL is used")


def _tls_error(method: str, path: str, url: str, exc: Exception) -> GenesysCloudError:
    """A TLS failure, told apart: a certificate that could not be verified, or no TLS spoken at all."""
    host = urlsplit(url).netloc
    cause = _ssl_cause(exc)
    if isinstance(cause, ssl.SSLCertVerificationError):
        return GenesysCloudError(f"the TLS certificate of {host} could not be verified ({cause.verify_message})",
                                 method=method, path=path, code="tls.verification.failed")
    reason = getattr(cause, "reason", None) or exc.__class__.__name__
    return GenesysCloudError(f"the TLS handshake with {host} failed ({reason})", method=method, path=path,
                             code="tls.handshake.failed")


def _ssl_cause(exc: BaseException) -> BaseException | None:
    """The ssl module's error under requests' SSLError (wrapped in urllib3's MaxRetryError and SSLError)."""
    pending = [exc]
    while pending:
        current = pending.pop()
        if isinstance(current, ssl.SSLError):
            return current
        inner = (*current.args, getattr(current, "reason", None))
        pending += [wrapped for wrapped in inner if isinstance(wrapped, BaseException)]
    return None


class GenesysCloudClient:
    """A client for one org in one region."""

    def __init__(
        self,
        api_base_url: str,
        login_base_url: str,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        access_token: str | None = None,
        validate_certs: bool = True,
        ca_path: str | None = None,
        timeout: float = 30.0,
        retry_budget: float = 120.0,
        token_cache: TokenCache | None = None,
    ):
        if not access_token and not (client_id and client_secret):
            raise ValueError("either access_token or client_id and client_secret are required")
        self.api_base_url = api_base_url
        self.login_base_url = login_base_url
        self.timeout = timeout
        self.retry_budget = retry_budget
        self._client_id = client_id
        self._client_secret = client_secret
        self._token = access_token
        self._can_reauthenticate = not access_token
        self._cache = token_cache if not access_token else None
        self._cache_key = (
            TokenCache.key(login_base_url, client_id, client_secret) if self._cache and client_id and client_secret else ""
        )
        self._token_lock = threading.Lock()
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})
        # Also given on every request: a session's verify loses to REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE, which
        # would silently override validate_certs: false and ca_path (psf/requests#3829).
        self.session.verify = ca_path or validate_certs
        self.stats = {"requests": 0, "retries": 0, "tokens_fetched": 0, "reauthentications": 0}
        self.on_new_token: Callable[[str], None] | None = None
        self.shared: SharedReads | None = None  # set when many sites of a region share this client
        # Check mode: what this run would have created, by (listing path, lower-cased name); see plan_create.
        self._planned: set[tuple[str, str]] = set()
        self._own_creates = _OwnCreates()

    @property
    def token_cache_dir(self) -> str:
        """Where this client's tokens are cached ('' without a cache): other run-spanning records go beside them."""
        return self._cache.directory if self._cache else ""

    @property
    def token_cache_warning(self) -> str:
        """Why this run could not use the token cache (empty when it could, or has none)."""
        return self._cache.warning if self._cache else ""

    # --- authentication -------------------------------------------------------------------

    def token(self) -> str:
        with self._token_lock:
            if not self._token:
                self._token = self._cached_or_fetched_token()
                if self.on_new_token:
                    self.on_new_token(self._token)
            return self._token

    def _cached_or_fetched_token(self) -> str:
        if not self._cache:
            return self._fetch_token()[0]
        token = self._cache.get(self._cache_key)
        if token:
            return token
        with self._cache.locked(self._cache_key):
            token = self._cache.get(self._cache_key)  # another process may have fetched it meanwhile
            if token:
                return token
            token, lifetime = self._fetch_token()
            self._cache.put(self._cache_key, token, lifetime)
            return token

    def _fetch_token(self) -> tuple[str, float]:
        url = f"{self.login_base_url}/oauth/token"
        basic = base64.b64encode(f"{self._client_id}:{self._client_secret}".encode()).decode()
        backoff = Backoff(self.retry_budget)
        while True:
            self.stats["requests"] += 1
            try:
                resp = self.session.post(
                    url, data={"grant_type": "client_credentials"}, timeout=self.timeout, verify=self.session.verify,
                    headers={"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
                )
            except requests.exceptions.SSLError as exc:
                raise _tls_error("POST", "/oauth/token", url, exc) from None
            except NEVER_RETRIED as exc:
                raise _unusable_url("POST", "/oauth/token", url, exc) from None
            except requests.RequestException as exc:
                if self.wait_to_retry(backoff):
                    continue
                raise GenesysCloudError(f"{exc.__class__.__name__} while fetching a token", method="POST",
                                        path="/oauth/token") from None
            # A throttled token endpoint answers 400 "rate limit exceeded", not 429.
            throttled = resp.status_code == 400 and "rate limit exceeded" in resp.text.lower()
            if (throttled or resp.status_code in RETRY_STATUSES) and self.wait_to_retry(
                    backoff, parse_retry_after(resp.headers.get("Retry-After"))):
                continue
            if resp.status_code != 200:
                raise GenesysCloudError.from_response("POST", "/oauth/token", resp.status_code, _json_or_text(resp),
                                                      resp.headers.get("ININ-Correlation-Id"))
            body = resp.json()
            self.stats["tokens_fetched"] += 1
            return body["access_token"], float(body.get("expires_in") or 86400)

    def _reauthenticate(self, refused: str) -> None:
        with self._token_lock:
            if self._token == refused:
                if self._cache:
                    self._cache.discard(self._cache_key, refused)
                self._token = None
        self.stats["reauthentications"] += 1

    def wait_to_retry(self, backoff: Backoff, retry_after: float | None = None) -> bool:
        """Sleep before another try and count it; False when the backoff's budget is spent."""
        if backoff.wait(retry_after):
            self.stats["retries"] += 1
            return True
        return False

    # --- requests -------------------------------------------------------------------------

    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None) -> Any:
        """One API call with retries; returns the decoded JSON body (None when empty)."""
        method = method.upper()
        try:
            resp = self._send(method, path, params, json)
        finally:
            if self.shared is not None and is_write(method, path):
                self.shared.forget_after_write(path)  # whether or not it was applied
        if method == "DELETE":
            self._own_creates.forget(path)
        if not resp.content:
            return None
        try:
            answer = resp.json()
        except ValueError:
            raise GenesysCloudError("the answer was not JSON", status=resp.status_code, method=method, path=path) from None
        if method == "POST" and is_write(method, path):
            self._own_creates.note(answer)
        return answer

    def _send(self, method: str, path: str, params: dict[str, Any] | None, body: Any) -> requests.Response:
        url = self.api_base_url + path
        write = is_write(method, path)
        backoff = Backoff(self.retry_budget)
        reauthentications = 0
        fresh_token = ""  # a token minted after a refusal and not yet answered: a 401 to it is a credential error
        # (one taken from the cache instead may have been issued long ago, and is not held against the client)
        maybe_applied = False  # an earlier attempt of this write may have reached the server
        while True:
            token = self.token()
            self.stats["requests"] += 1
            try:
                resp = self.session.request(method, url, params=params, json=body, timeout=self.timeout,
                                            verify=self.session.verify, headers={"Authorization": f"Bearer {token}"})
            except requests.exceptions.SSLError as exc:
                raise _tls_error(method, path, url, exc) from None
            except NEVER_RETRIED as exc:
                raise _unusable_url(method, path, url, exc) from None
            except requests.RequestException as exc:
                sent = not _never_sent(exc)
                error = GenesysCloudError(f"{exc.__class__.__name__}: the connection failed", method=method,
                                          path=path, ambiguous=write and (sent or maybe_applied))
                if write and method == "POST" and sent:
                    raise error from None  # the caller looks the object up before any new try
                maybe_applied = maybe_applied or (write and sent)
                if self.wait_to_retry(backoff):
                    continue
                raise error from None

            status = resp.status_code
            # A token may be refused long after it was issued (expiry, revocation, a Retry-After wait that outlived
            # it): take another as often as that happens within the budget; one just minted and refused at once is a
            # real credential error.
            if (status == 401 and self._can_reauthenticate and token != fresh_token
                    and reauthentications < MAX_REAUTHENTICATIONS):
                reauthentications += 1
                self._reauthenticate(token)
                minted = self.stats["tokens_fetched"]
                token_now = self.token()
                fresh_token = token_now if self.stats["tokens_fetched"] > minted else ""
                continue
            fresh_token = ""
            if status in RETRY_STATUSES:
                ambiguous = write and status in AMBIGUOUS_STATUSES
                if write and method == "POST" and ambiguous:
                    raise self._error(method, path, resp, ambiguous=True)
                maybe_applied = maybe_applied or ambiguous
                if self.wait_to_retry(backoff, parse_retry_after(resp.headers.get("Retry-After"))):
                    continue
            if status >= 400:
                raise self._error(method, path, resp, ambiguous=maybe_applied or (write and status in AMBIGUOUS_STATUSES))
            return resp

    @staticmethod
    def _error(method: str, path: str, resp: requests.Response, ambiguous: bool) -> GenesysCloudError:
        error = GenesysCloudError.from_response(method, path, resp.status_code, _json_or_text(resp),
                                                resp.headers.get("ININ-Correlation-Id"))
        error.ambiguous = ambiguous
        return error

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET; a 404 on an object this client has just created is the platform catching up: waited out briefly."""
        backoff = None
        while True:
            try:
                return self.request("GET", path, params=params)
            except GenesysCloudError as error:
                if error.status != 404 or not self._own_creates.recent(path):
                    raise
                backoff = backoff or Backoff(min(self.retry_budget, CONSISTENCY_WINDOW_S), base=0.1, cap=2.0)
                if not self.wait_to_retry(backoff):
                    raise

    def get_once(self, path: str) -> Any:
        """One GET at the first try, with no retry, wait or new token of any kind: for a measurement that a wait
        would spoil (the clock). Any failure raises at once."""
        token = self.token()
        url = self.api_base_url + path
        self.stats["requests"] += 1
        try:
            resp = self.session.get(url, timeout=self.timeout, verify=self.session.verify,
                                    headers={"Authorization": f"Bearer {token}"})
        except requests.exceptions.SSLError as exc:
            raise _tls_error("GET", path, url, exc) from None
        except NEVER_RETRIED as exc:
            raise _unusable_url("GET", path, url, exc) from None
        except requests.RequestException as exc:
            raise GenesysCloudError(f"{exc.__class__.__name__}: the connection failed", method="GET", path=path) from None
        if resp.status_code >= 400:
            raise self._error("GET", path, resp, ambiguous=False)
        return resp.json()

    def get_or_none(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET that answers None for 404: the usual way to ask whether an object exists."""
        try:
            return self.get(path, params)
        except GenesysCloudError as error:
            if error.status == 404:
                return None
            raise

    def plan_create(self, path: str, name: str) -> None:
        """Check mode: this run would create `name` in the listing at `path`. What would be made inside it later in
        the run (a site at a new location, Edges at a new site) is then audited as to be created, not as missing."""
        self._planned.add((path, name.lower()))

    def is_planned(self, path: str, name: str) -> bool:
        return (path, name.lower()) in self._planned

    def recall(self, key: Any) -> Any:
        """A region-wide value read earlier for every site sharing this client, or None when none is held."""
        return None if self.shared is None else self.shared.recall(key)

    @property
    def region_user_terms(self) -> set[str]:
        """The search terms of every agent of the sites sharing this client (empty without shared reads)."""
        return self.shared.wanted_users if self.shared is not None else set()

    def remember(self, key: Any, compute: Callable[[], Any]) -> Any:
        """A region-wide value, computed once for every site sharing this client (at every call otherwise)."""
        return compute() if self.shared is None else self.shared.remember(key, compute)

    def get_all(self, path: str, params: dict[str, Any] | None = None, *, fresh: bool = False) -> list[dict[str, Any]]:
        """Every entity of a listing, following pageCount with the largest page size.

        With shared reads, from the region's whole listing when it is held (a whole listing asked for is read once
        for every site), unless `fresh` (a poll)."""
        if self.shared is not None and not fresh and shareable(path, params):
            every = self.shared.recall(path) if params else self.share(path)
            if every is not None:
                return self._own_creates.added_to(path, params, filtered(every, params))
        return self._own_creates.added_to(path, params, self._every_page(path, params))

    def share(self, path: str) -> list[dict[str, Any]]:
        """The whole listing, read once for every site sharing this client (not copied: read it, do not change it);
        without shared reads, simply read."""
        if self.shared is None:
            return self._every_page(path, None)
        return self.shared.remember(path, lambda: self._every_page(path, None))

    def _every_page(self, path: str, params: dict[str, Any] | None) -> list[dict[str, Any]]:
        query = dict(params or {}, pageSize=PAGE_SIZE, pageNumber=1)
        entities: list[dict[str, Any]] = []
        while True:
            page = self.get(path, query) or {}
            batch = page.get("entities") or []
            entities.extend(batch)
            page_count = page.get("pageCount")
            last = query["pageNumber"] >= page_count if page_count is not None else not page.get("nextUri")
            if last or not batch:
                return entities
            query["pageNumber"] += 1

    def create(self, path: str, body: Any, find_existing: Callable[[], Any]) -> Any:
        """POST a new object; adopt it when it exists after all: made by an earlier try whose answer was lost
        (ambiguous failure), or by a concurrent run in between our lookup and our POST (a refused duplicate,
        as when AWX slices of one rollout converge the same region-wide object at once).

        After a lost answer the lookup waits out a backoff first, so the write it looks for has had time to land.
        A refusal because the name is taken is definite (nothing was made): while the listing does not show the
        holder yet (eventual consistency, or a deleted object still holding its name), the lookup and then the
        create are tried again within CONSISTENCY_WINDOW_S.
        """
        backoff = Backoff(self.retry_budget)
        name_taken = None
        while True:
            try:
                return self.request("POST", path, json=body)
            except GenesysCloudError as error:
                if error.ambiguous:
                    may_retry = self.wait_to_retry(backoff)
                elif _name_taken(error):
                    name_taken = name_taken or Backoff(min(self.retry_budget, CONSISTENCY_WINDOW_S), base=0.2, cap=3.0)
                    may_retry = self.wait_to_retry(name_taken)
                elif error.status in (400, 409):
                    may_retry = False
                else:
                    raise
                existing = find_existing()
                if existing is not None:
                    return existing
                if not may_retry:
                    raise

    def update(self, method: str, path: str, body: Any, confirm: Callable[[], Any],
               rebase: Callable[[], Any] | None = None) -> Any:
        """PUT/PATCH carrying the object's version. A stale version (409, or the directory's 400 "does not match the
        current version") means the object moved on since it was read: when it already holds the wanted values (an
        earlier try of ours was applied, or someone made the same change), confirm() returns it; else rebase() makes
        the body again from the object as it is now, and the update is tried again, STALE_VERSION_TRIES in all.
        """
        for tries_left in reversed(range(STALE_VERSION_TRIES)):
            try:
                return self.request(method, path, json=body)
            except GenesysCloudError as error:
                if not is_stale_version(error):
                    raise
                current = confirm()
                if current is not None:
                    return current
                if rebase is None or not tries_left:
                    raise
                body = rebase()
        raise AssertionError("unreachable")  # the last try returns or raises

    def delete(self, path: str, params: dict[str, Any] | None = None) -> None:
        """DELETE; an object that is already gone is the wanted outcome."""
        try:
            self.request("DELETE", path, params=params)
        except GenesysCloudError as error:
            if error.status != 404:
                raise


def _name_taken(error: GenesysCloudError) -> bool:
    """A create refused because another object holds its name (or, for an Edge's logical interface, its adapter
    and VLAN): 400 invalid.value on `name`, or a 400/409 saying the object is there already."""
    on_name = any(detail.get("fieldName") == "name" for detail in error.details)
    message = error.message.lower()
    return error.status in (400, 409) and (on_name or "already exists" in message or "already has" in message)


class _OwnCreates:
    """What this client created in the last CONSISTENCY_WINDOW_S, by selfUri: a listing read meanwhile includes
    what it does not show yet (read-your-writes), and a 404 on one of them is the platform catching up."""

    def __init__(self) -> None:
        self._made: dict[str, tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def note(self, answer: Any) -> None:
        uri = answer.get("selfUri") if isinstance(answer, dict) and answer.get("id") else None
        if isinstance(uri, str) and uri.rstrip("/").endswith("/" + answer["id"]):
            with self._lock:
                self._made[uri] = (time.monotonic(), answer)

    def forget(self, path: str) -> None:
        with self._lock:
            self._made.pop(path, None)

    def recent(self, path: str) -> bool:
        with self._lock:
            made = self._made.get(path)
        return made is not None and time.monotonic() - made[0] < CONSISTENCY_WINDOW_S

    def added_to(self, path: str, params: dict[str, Any] | None, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`entities` of the listing at `path`, plus this client's recent creates in it that match the filters."""
        if not self._made or not set(params or {}) <= set(FILTERS):
            return entities
        listed = {entity.get("id") for entity in entities}
        now = time.monotonic()
        with self._lock:
            missing = [copy.deepcopy(made) for uri, (at, made) in self._made.items()
                       if now - at < CONSISTENCY_WINDOW_S and uri.rsplit("/", 1)[0] == path and made["id"] not in listed
                       and all(FILTERS[name](made, value) for name, value in (params or {}).items())]
        return entities + missing


def _json_or_text(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return resp.text
