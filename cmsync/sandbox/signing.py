"""Signed, expiring download links in the style of nginx secure_link.

ClickMeeting's recording and file links carry `st=<22-char base64url
signature>&e=<Unix expiry>`. The sandbox signs its own download paths the
same way and checks the pair when the link is followed.
"""

import base64
import hashlib
import hmac
import secrets
import time
from urllib.parse import urlencode

SIGNING_KEY = secrets.token_bytes(32)


def signature(path: str, expires: int) -> str:
    digest = hmac.new(SIGNING_KEY, f"{path}|{expires}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")[:22]


def signed_url(base_url: str, path: str, lifetime_seconds: int) -> str:
    """Return `base_url + path` with `st` and `e` query parameters.

    A negative lifetime makes a link that has already expired.
    """
    expires = int(time.time()) + lifetime_seconds
    query = urlencode({"st": signature(path, expires), "e": expires})
    return f"{base_url}{path}?{query}"


def check(path: str, query: dict) -> str:
    """Return "ok", "expired" or "invalid" for a followed download link."""
    token = query.get("st", "")
    expires_text = query.get("e", "")
    if not isinstance(token, str) or not str(expires_text).isdigit():
        return "invalid"
    expires = int(expires_text)
    if not hmac.compare_digest(token, signature(path, expires)):
        return "invalid"
    if expires < time.time():
        return "expired"
    return "ok"
