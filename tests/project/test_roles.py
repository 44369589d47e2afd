"""Roles: groups and their permissions, the no-access page, project pages."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cmsync.permissions import ADMINISTRATOR, CREATOR, VIEWER, role_of

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_migrations_create_the_three_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        VIEWER,
        CREATOR,
        ADMINISTRATOR,
    }


def test_viewer_may_only_view():
    viewer = codenames(VIEWER)

    assert {"view_meeting", "view_contact", "view_attendee"} <= viewer
    assert all(codename.startswith("view_") for codename in viewer)


def test_creator_may_create_meetings_but_not_configure():
    creator = codenames(CREATOR)

    assert {"add_meeting", "change_meeting", "add_invitation"} <= creator
    assert "delete_meeting" not in creator
    assert not any(name.endswith("clickmeetingconfig") for name in creator)
    assert "change_user" not in creator


def test_administrator_manages_users_and_everything_in_the_product():
    administrator = codenames(ADMINISTRATOR)

    assert {"change_user", "add_group", "delete_meeting"} <= administrator
    assert codenames(CREATOR) <= administrator


def test_role_of_each_persona(viewer, creator, administrator, no_group_user):
    assert role_of(viewer) == VIEWER
    assert role_of(creator) == CREATOR
    assert role_of(administrator) == ADMINISTRATOR
    assert role_of(no_group_user) is None


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_user_without_role_sees_ask_for_access_page(login, no_group_user):
    client = login(no_group_user)

    for url in (reverse("home"), "/meetings/", "/crm/"):
        response = client.get(url)
        assert response.status_code == 403
        assert b"administrator" in response.content.lower()
        assert "no_access.html" in [t.name for t in response.templates]


def test_user_without_role_may_still_log_out_and_change_password(login, no_group_user):
    client = login(no_group_user)

    assert client.get(reverse("password_change")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


@pytest.mark.parametrize("persona", ["viewer", "creator", "administrator"])
def test_every_role_reaches_home(request, login, persona):
    client = login(request.getfixturevalue(persona))

    response = client.get(reverse("home"))

    assert response.status_code == 200


def test_settings_link_only_for_administrators(login, creator, administrator):
    settings_url = reverse("admin_config:detail")

    creator_page = login(creator).get(reverse("home")).content.decode()
    admin_page = login(administrator).get(reverse("home")).content.decode()

    assert settings_url not in creator_page
    assert settings_url in admin_page


def test_login_page_uses_local_assets(client):
    page = client.get(reverse("login")).content.decode()

    assert "vendor/bootstrap/bootstrap.min.css" in page
    assert "cdn" not in page.lower()
    assert "csrfmiddlewaretoken" in page


def test_language_switch_to_russian(login, viewer):
    client = login(viewer)

    response = client.post(reverse("set_language"), {"language": "ru", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ru"


def test_logout_says_so_on_the_login_page(login, viewer):
    client = login(viewer)

    response = client.post(reverse("logout"), follow=True)

    assert response.request["PATH_INFO"] == reverse("login")
    assert b"You have logged out." in response.content
