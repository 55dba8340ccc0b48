# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Genesys Cloud regions and the base URLs they resolve to."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

# region -> domain; the API lives at api.<domain>, the login service at login.<domain>.
REGIONS = {
    "us-east-1": "mypurecloud.com",
    "eu-west-1": "mypurecloud.ie",
    "ap-southeast-2": "mypurecloud.com.au",
    "ap-northeast-1": "mypurecloud.jp",
    "eu-central-1": "mypurecloud.de",
    "us-west-2": "usw2.pure.cloud",
    "ca-central-1": "cac1.pure.cloud",
    "ap-northeast-2": "apne2.pure.cloud",
    "eu-west-2": "euw2.pure.cloud",
    "ap-south-1": "aps1.pure.cloud",
    "us-east-2": "use2.us-gov-pure.cloud",
    "sa-east-1": "sae1.pure.cloud",
    "me-central-1": "mec1.pure.cloud",
    "ap-northeast-3": "apne3.pure.cloud",
    "eu-central-2": "euc2.pure.cloud",
    "mx-central-1": "mxc1.pure.cloud",
    "ap-southeast-1": "apse1.pure.cloud",
    "eusc-de-east-1": "edee1.eusc-pure.cloud",
}


class UnknownRegionError(ValueError):
    pass


def normalize_region(name: str) -> str:
    """Accept both spellings existing tools use (us-east-1, us_east_1) and any case."""
    region = name.strip().lower().replace("_", "-")
    if region not in REGIONS:
        raise UnknownRegionError(
            f"region: unknown Genesys Cloud region {name!r}; use one of {', '.join(sorted(REGIONS))}"
        )
    return region


def _login_url_for(api_base_url: str) -> str:
    """The login host is the API host with a leading 'api.' replaced by 'login.'.

    A base URL without 'api.' (a simulator, a proxy) serves login under the same base.
    """
    parts = urlsplit(api_base_url)
    host = parts.netloc
    if host.startswith("api."):
        return urlunsplit(parts._replace(netloc="login." + host[len("api."):]))
    return api_base_url


def resolve_base_urls(region: str | None, api_base_url: str | None = None, login_base_url: str | None = None) -> tuple[str, str]:
    """Return (api_base_url, login_base_url) without a trailing slash.

    Explicit URLs win over the region; the region is only needed when no API URL is given.
    """
    for name, url in (("api_base_url", api_base_url), ("login_base_url", login_base_url)):
        if url and urlsplit(url).scheme not in ("http", "https"):
            raise UnknownRegionError(f"{name}: {url!r} is not an http(s) URL; give https://host[:port] or leave it unset")
    if api_base_url:
        api = api_base_url.rstrip("/")
    elif region:
        api = f"https://api.{REGIONS[normalize_region(region)]}"
    else:
        raise UnknownRegionError(
            "region: no region given; set region (or GENESYSCLOUD_REGION) to one of "
            f"{', '.join(sorted(REGIONS))}, or api_base_url (GENESYSCLOUD_API_BASE_URL)"
        )
    if region:
        normalize_region(region)  # a wrong region is a mistake even when URLs are overridden
    login = login_base_url.rstrip("/") if login_base_url else _login_url_for(api)
    return api, login
