"""Times are shown in the browser's zone, remembered in a cookie."""

import pytest
from django.urls import reverse

from cmsync.middleware import BROWSER_ZONE_COOKIE, parse_zone

pytestmark = pytest.mark.django_db


def test_page_uses_the_browser_zone(login, viewer):
    client = login(viewer)
    client.cookies[BROWSER_ZONE_COOKIE] = "Europe/Warsaw"

    page = client.get(reverse("crm:contact_list")).content.decode()

    assert "Times are shown in Europe/Warsaw" in page


def test_unknown_zone_falls_back_to_the_default(login, viewer, settings):
    client = login(viewer)
    client.cookies[BROWSER_ZONE_COOKIE] = "Mars/Olympus_Mons"

    page = client.get(reverse("crm:contact_list")).content.decode()

    assert f"Times are shown in {settings.TIME_ZONE}" in page


@pytest.mark.parametrize("name", ["", "../../etc/passwd", "x" * 100, "Nowhere/City"])
def test_invalid_zone_names_are_ignored(name):
    assert parse_zone(name) is None
