# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  client_id:
    description:
      - The OAuth client ID of a client-credentials grant.
      - Falls back to the environment variable E(GENESYSCLOUD_OAUTHCLIENT_ID).
      - Required with O(client_secret) unless O(access_token) is given.
    type: str
  client_secret:
    description:
      - The OAuth client secret. Never logged, never stored; tokens fetched with it are cached on disk under a
        key derived from it (see O(token_cache_dir)).
      - Falls back to the environment variable E(GENESYSCLOUD_OAUTHCLIENT_SECRET).
    type: str
  access_token:
    description:
      - A ready-made bearer token to use instead of the client credentials. It is not refreshed; a refused token
        fails the task.
      - Falls back to the environment variable E(GENESYSCLOUD_ACCESS_TOKEN).
    type: str
  region:
    description:
      - The Genesys Cloud region of the org, for example V(us-east-1) or V(eu-west-1); V(us_east_1) is accepted too.
      - An unknown region fails before any request, listing the valid ones.
      - Falls back to the environment variable E(GENESYSCLOUD_REGION). Not needed when O(api_base_url) is set.
    type: str
  api_base_url:
    description:
      - Overrides the API base URL derived from O(region), for example the bundled simulator's
        V(http://127.0.0.1:8765/us-east-1).
      - Falls back to the environment variable E(GENESYSCLOUD_API_BASE_URL).
    type: str
  login_base_url:
    description:
      - Overrides the login (OAuth) base URL. By default it is the API URL with a leading C(api.) replaced by
        C(login.), or the API URL itself when its host has no C(api.) prefix.
      - Falls back to the environment variable E(GENESYSCLOUD_LOGIN_BASE_URL).
    type: str
  validate_certs:
    description:
      - Verify the TLS certificate of the API and login hosts. Turn off only for a test endpoint.
      - Falls back to the environment variable E(GENESYSCLOUD_VALIDATE_CERTS).
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle to verify the TLS certificates against, for example a corporate proxy's.
      - Takes precedence over E(REQUESTS_CA_BUNDLE) and E(CURL_CA_BUNDLE); without it, those or the system's CA
        store are used.
      - Falls back to the environment variable E(GENESYSCLOUD_CA_PATH).
    type: path
  timeout:
    description:
      - Seconds to wait for one HTTP answer.
    type: float
    default: 30
  retry_budget:
    description:
      - Seconds one API call may spend retrying rate limits (HTTP 429, honouring C(Retry-After)), HTTP 502, 503,
        504 and connection errors with jittered exponential backoff before it fails.
      - Falls back to the environment variable E(GENESYSCLOUD_RETRY_BUDGET).
    type: float
    default: 120
  token_cache_dir:
    description:
      - Directory (mode 0700) where client-credentials tokens are cached (files mode 0600), so that every module
        run of a play reuses one token per org until shortly before it expires.
      - Defaults to C(~/.cache/cxops.genesys_cloud/tokens) (or under E(XDG_CACHE_HOME)).
      - Falls back to the environment variable E(GENESYSCLOUD_TOKEN_CACHE_DIR).
    type: path
notes:
  - All options of this group can be set once for a play with
    C(module_defaults) and the action group C(group/cxops.genesys_cloud.genesys_cloud).
  - "The modules talk to the Genesys Cloud API from where they run; run them on the controller
    (C(delegate_to: localhost) or C(hosts: localhost))."
requirements:
  - requests >= 2.28
"""
