"""Django admin for the configuration singleton."""

import logging
import re

import pytest
import responses
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from admin_config import services
from admin_config.models import ClickMeetingConfig

from .conftest import API_KEY, ENDPOINT

pytestmark = pytest.mark.django_db

PING_URL = re.compile(re.escape(ENDPOINT) + r"ping(\.json)?$")


def _change_url(config):
    return reverse("admin:admin_config_clickmeetingconfig_change", args=[config.pk])


def _admin_form_data(**changes):
    data = {
        "endpoint_url": ENDPOINT,
        "api_key": "",
        "invitation_language": "en",
        "sync_start_date": "2026-01-15",
        "sync_content_owner": "",
        "sync_frequency_minutes": "30",
        "_save": "Save",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "persona", ["no_group_user", "viewer", "creator", "other_creator"]
)
def test_non_staff_redirected_to_admin_login(request, login, configured, persona):
    client = login(request.getfixturevalue(persona))

    response = client.get(_change_url(configured))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_redirected_to_admin_login(client, configured):
    response = client.get(_change_url(configured))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_without_permission_forbidden(login, no_group_user, configured):
    no_group_user.is_staff = True
    no_group_user.save()

    client = login(no_group_user)

    assert client.get(_change_url(configured)).status_code == 403
    url = reverse("admin:admin_config_clickmeetingconfig_create_jobs", args=[1])
    assert client.post(url).status_code == 403


def test_changelist_redirects_to_singleton(login, administrator):
    response = login(administrator).get(
        reverse("admin:admin_config_clickmeetingconfig_changelist")
    )

    config = ClickMeetingConfig.objects.get()
    assert response.status_code == 302
    assert response.url == _change_url(config)


def test_change_page_never_shows_key(login, administrator, configured):
    response = login(administrator).get(_change_url(configured))

    html = response.content.decode()
    assert response.status_code == 200
    assert API_KEY not in html
    assert API_KEY[:-4] not in html
    assert "••••" + API_KEY[-4:] in html
    assert 'type="password"' in html
    assert "Test connection" in html
    assert "Create jobs" in html


def test_no_add_when_row_exists(login, administrator, configured):
    response = login(administrator).get(
        reverse("admin:admin_config_clickmeetingconfig_add")
    )

    assert response.status_code == 403


def test_add_allowed_before_first_row(login, administrator):
    response = login(administrator).get(
        reverse("admin:admin_config_clickmeetingconfig_add")
    )

    assert response.status_code == 200


def test_delete_forbidden(login, administrator, configured):
    url = reverse("admin:admin_config_clickmeetingconfig_delete", args=[configured.pk])

    response = login(administrator).post(url, {"post": "yes"})

    assert response.status_code == 403
    assert ClickMeetingConfig.objects.exists()


def test_save_with_blank_key_keeps_key(login, administrator, configured):
    response = login(administrator).post(
        _change_url(configured), _admin_form_data(sync_frequency_minutes="60")
    )

    assert response.status_code == 302
    config = services.get_config()
    assert config.api_key == API_KEY
    job = PeriodicTask.objects.get(name="ClickMeeting bulk sync")
    assert job.interval.every == 60


def test_save_new_key_encrypted(login, administrator, configured):
    new_key = "eu0000000000000000000000000000000000cafe"

    login(administrator).post(
        _change_url(configured), _admin_form_data(api_key=new_key)
    )

    config = services.get_config()
    assert config.api_key == new_key
    assert new_key not in config.api_key_encrypted


def test_save_rejects_remote_http(login, administrator, configured):
    response = login(administrator).post(
        _change_url(configured),
        _admin_form_data(endpoint_url="http://api.clickmeeting.com/v1/"),
    )

    assert response.status_code == 200
    assert "must start with https://" in response.content.decode()


def test_save_history_omits_key(login, administrator, configured):
    from django.contrib.admin.models import LogEntry

    login(administrator).post(
        _change_url(configured), _admin_form_data(api_key=API_KEY + "0")
    )

    entry = LogEntry.objects.get()
    assert API_KEY not in entry.change_message
    assert API_KEY not in entry.object_repr


@responses.activate
def test_test_connection_button(login, administrator, configured):
    responses.get(PING_URL, status=401, json={"code": 401, "errors": []})
    url = reverse(
        "admin:admin_config_clickmeetingconfig_test_connection", args=[configured.pk]
    )

    response = login(administrator).post(url, follow=True)

    html = response.content.decode()
    assert "Test connection failed. Bad API key" in html
    assert API_KEY not in html


def test_test_connection_button_rejects_get(login, administrator, configured):
    url = reverse(
        "admin:admin_config_clickmeetingconfig_test_connection", args=[configured.pk]
    )

    assert login(administrator).get(url).status_code == 405


def test_create_jobs_button(login, administrator, configured):
    PeriodicTask.objects.all().delete()
    url = reverse(
        "admin:admin_config_clickmeetingconfig_create_jobs", args=[configured.pk]
    )

    response = login(administrator).post(url)

    assert response.status_code == 302
    assert PeriodicTask.objects.get(name="ClickMeeting bulk sync").enabled is True


@responses.activate
def test_key_never_logged_in_admin(login, administrator, caplog):
    responses.get(PING_URL, json={"ping": "pong"})
    caplog.set_level(logging.DEBUG)
    client = login(administrator)
    config = services.get_config()

    client.post(_change_url(config), _admin_form_data(api_key=API_KEY))
    client.post(
        reverse(
            "admin:admin_config_clickmeetingconfig_test_connection", args=[config.pk]
        )
    )
    client.get(_change_url(config))

    assert services.get_config().api_key == API_KEY
    assert caplog.records
    assert API_KEY not in caplog.text
