"""Validation of the ClickMeeting endpoint URL, done before any request."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from . import errors

DEFAULT_ENDPOINT = "https://api.clickmeeting.com/v1/"
LOOPBACK_HOSTNAMES = {"localhost", "localhost.", "ip6-localhost"}


def validate_endpoint(endpoint: str) -> str:
    """Check the endpoint URL and return it with a trailing slash.

    Only https:// is accepted, except for loopback hosts (127.0.0.0/8, ::1,
    localhost), where plain http:// is allowed for the local sandbox.
    """
    invalid = errors.InvalidEndpointError
    try:
        parts = urlsplit(endpoint.strip())
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise invalid(f"The endpoint URL {endpoint!r} is not a valid URL.") from exc

    if parts.scheme not in ("http", "https") or not hostname:
        raise invalid(
            "The endpoint URL must start with https:// and name a host, for example "
            f"{DEFAULT_ENDPOINT}"
        )
    if parts.username or parts.password:
        raise invalid("The endpoint URL must not contain a user name or password.")
    if parts.query or parts.fragment:
        raise invalid("The endpoint URL must not contain a query string or fragment.")
    if parts.scheme == "http" and not is_loopback_host(hostname):
        raise invalid(
            f"The endpoint URL must use https:// (got http:// for {hostname}). "
            "Plain http:// is allowed only for localhost and loopback addresses."
        )

    url = parts.geturl()
    return url if url.endswith("/") else url + "/"


def is_loopback_host(hostname: str) -> bool:
    if hostname.lower() in LOOPBACK_HOSTNAMES:
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False
