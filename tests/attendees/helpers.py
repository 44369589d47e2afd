"""Helpers for the read-only page tests of attendees and meeting activity."""

from django.urls import reverse

# Every role may read these pages; only anonymous and no-group users may not.
ROLE_MATRIX = [
    ("anonymous", 302),
    ("no_group_user", 403),
    ("viewer", 200),
    ("creator", 200),
    ("other_creator", 200),
    ("administrator", 200),
]


def get_as(request, client, persona, url):
    """GET `url` as one persona (a fixture name, or "anonymous")."""
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client.get(url)


def assert_role_allowed(response, expected_status):
    assert response.status_code == expected_status
    if expected_status == 302:
        assert response["Location"].startswith(reverse("login"))
    if expected_status == 403:
        assert b"Ask an administrator for access" in response.content


HOSTILE = "<script>alert(1)</script>"
ESCAPED_HOSTILE = b"&lt;script&gt;alert(1)&lt;/script&gt;"
