"""The ClickMeeting settings pages: access by role, editing, actions."""

import logging
import re
from datetime import UTC, datetime

import pytest
import responses
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from admin_config import services
from admin_config.forms import ClickMeetingConfigForm

from .conftest import API_KEY, ENDPOINT

pytestmark = pytest.mark.django_db

PING_URL = re.compile(re.escape(ENDPOINT) + r"ping(\.json)?$")

PAGES = [
    ("get", "admin_config:detail"),
    ("get", "admin_config:edit"),
    ("post", "admin_config:test_connection"),
    ("post", "admin_config:create_jobs"),
]
FORBIDDEN_PERSONAS = ["no_group_user", "viewer", "creator", "other_creator"]


@pytest.mark.parametrize(("method", "url_name"), PAGES)
def test_anonymous_redirected_to_login(client, method, url_name):
    url = reverse(url_name)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", FORBIDDEN_PERSONAS)
@pytest.mark.parametrize(("method", "url_name"), PAGES)
def test_non_administrators_forbidden(request, login, persona, method, url_name):
    user = request.getfixturevalue(persona)
    client = login(user)

    response = getattr(client, method)(reverse(url_name))

    assert response.status_code == 403
    assert not PeriodicTask.objects.exists()


@pytest.mark.parametrize(("method", "url_name"), PAGES)
@responses.activate
def test_administrator_allowed(login, administrator, configured, method, url_name):
    responses.get(PING_URL, json={"ping": "pong"})
    client = login(administrator)

    response = getattr(client, method)(reverse(url_name))

    expected = 200 if method == "get" else 302
    assert response.status_code == expected


def test_action_pages_reject_get(login, administrator):
    client = login(administrator)

    for url_name in ("admin_config:test_connection", "admin_config:create_jobs"):
        assert client.get(reverse(url_name)).status_code == 405


def test_detail_shows_masked_key_never_full_key(login, administrator, configured):
    response = login(administrator).get(reverse("admin_config:detail"))

    html = response.content.decode()
    assert "••••" + API_KEY[-4:] in html
    assert API_KEY not in html
    assert API_KEY[:-4] not in html
    assert ENDPOINT in html


def test_detail_shows_job_and_status(login, administrator, configured):
    services.record_failure("Bad API key: ClickMeeting rejected it (HTTP 401).")

    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert "every 30 minutes" in html
    assert "Enabled" in html
    assert "Failing" in html
    assert "Bad API key: ClickMeeting rejected it (HTTP 401)." in html


def test_detail_without_key_says_not_configured(login, administrator):
    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert "Not configured" in html
    assert "does not exist yet" in html


def test_detail_escapes_error_message(login, administrator, configured):
    services.record_failure("<script>alert(1)</script>")

    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_detail_query_budget(
    login, administrator, configured, django_assert_max_num_queries
):
    client = login(administrator)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("admin_config:detail"))

    assert response.status_code == 200


def test_edit_form_never_renders_key(login, administrator, configured):
    html = login(administrator).get(reverse("admin_config:edit")).content.decode()

    assert 'type="password"' in html
    assert API_KEY not in html
    assert "••••" + API_KEY[-4:] in html


def _form_data(**changes):
    data = {
        "endpoint_url": ENDPOINT,
        "api_key": "",
        "invitation_language": "en",
        "sync_start_date": "2026-01-15",
        "sync_content_owner": "",
        "sync_frequency_minutes": "30",
    }
    data.update(changes)
    return data


def test_edit_blank_key_keeps_stored_key(login, administrator, configured):
    client = login(administrator)

    response = client.post(
        reverse("admin_config:edit"), _form_data(invitation_language="pl")
    )

    assert response.status_code == 302
    assert response.url == reverse("admin_config:detail")
    config = services.get_config()
    assert config.api_key == API_KEY
    assert config.invitation_language == "pl"


def test_edit_new_key_replaces_and_updates_job(login, administrator, configured):
    new_key = "eu0000000000000000000000000000000000beef"

    login(administrator).post(
        reverse("admin_config:edit"),
        _form_data(api_key=new_key, sync_frequency_minutes="60"),
    )

    config = services.get_config()
    assert config.api_key == new_key
    job = PeriodicTask.objects.get(name="ClickMeeting bulk sync")
    assert job.interval.every == 60


def test_edit_remove_key_disables_job(login, administrator, configured):
    login(administrator).post(
        reverse("admin_config:edit"), _form_data(remove_api_key="on")
    )

    assert services.get_config().has_api_key is False
    assert PeriodicTask.objects.get(name="ClickMeeting bulk sync").enabled is False


def test_edit_rejects_key_and_removal_together(login, administrator, configured):
    response = login(administrator).post(
        reverse("admin_config:edit"),
        _form_data(api_key="eu1111111111111111111111", remove_api_key="on"),
    )

    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert services.get_config().api_key == API_KEY


def test_edit_rejects_remote_http_endpoint(login, administrator, configured):
    response = login(administrator).post(
        reverse("admin_config:edit"),
        _form_data(endpoint_url="http://api.clickmeeting.com/v1/"),
    )

    assert response.status_code == 200
    assert "must start with https://" in response.content.decode()
    assert services.get_config().endpoint_url == ENDPOINT


def test_edit_rejected_key_not_echoed(login, administrator, configured):
    bad_key = "has spaces inside the key"

    response = login(administrator).post(
        reverse("admin_config:edit"), _form_data(api_key=bad_key)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "must not contain spaces" in html
    assert bad_key not in html


def test_edit_sets_content_owner(login, administrator, creator, configured):
    login(administrator).post(
        reverse("admin_config:edit"), _form_data(sync_content_owner=str(creator.pk))
    )

    assert services.get_config().sync_content_owner == creator


@responses.activate
def test_test_connection_success_message(login, administrator, configured):
    responses.get(PING_URL, json={"ping": "pong"})
    client = login(administrator)

    response = client.post(reverse("admin_config:test_connection"), follow=True)

    html = response.content.decode()
    assert "Connected to ClickMeeting" in html
    assert API_KEY not in html
    assert responses.calls[0].request.headers["X-Api-Key"] == API_KEY


@responses.activate
def test_test_connection_bad_key_message(login, administrator, configured):
    responses.get(
        PING_URL,
        status=401,
        json={"code": 401, "name": "Unauthorized", "errors": [{"message": "no"}]},
    )
    client = login(administrator)

    response = client.post(reverse("admin_config:test_connection"), follow=True)

    html = response.content.decode()
    assert "Test connection failed. Bad API key" in html
    assert API_KEY not in html


def test_test_connection_without_key_message(login, administrator):
    response = login(administrator).post(
        reverse("admin_config:test_connection"), follow=True
    )

    assert "No ClickMeeting API key is configured" in response.content.decode()


def test_create_jobs_creates_job(login, administrator, configured):
    PeriodicTask.objects.all().delete()

    response = login(administrator).post(
        reverse("admin_config:create_jobs"), follow=True
    )

    job = PeriodicTask.objects.get(name="ClickMeeting bulk sync")
    assert job.enabled is True
    assert "runs every 30 minutes" in response.content.decode()


def test_create_jobs_without_key_says_disabled(login, administrator):
    response = login(administrator).post(
        reverse("admin_config:create_jobs"), follow=True
    )

    assert PeriodicTask.objects.get(name="ClickMeeting bulk sync").enabled is False
    assert "disabled" in response.content.decode()


@responses.activate
def test_key_never_logged_on_pages(login, administrator, caplog):
    responses.get(PING_URL, status=401, json={"code": 401, "errors": []})
    caplog.set_level(logging.DEBUG)
    client = login(administrator)

    client.post(reverse("admin_config:edit"), _form_data(api_key=API_KEY))
    client.post(reverse("admin_config:test_connection"))
    client.get(reverse("admin_config:detail"))

    assert services.get_config().api_key == API_KEY
    assert caplog.records
    assert API_KEY not in caplog.text
    for record in caplog.records:
        assert API_KEY not in record.getMessage()


def test_every_form_field_has_help_text(db):
    form = ClickMeetingConfigForm(instance=services.get_config())

    for name, field in form.fields.items():
        assert field.help_text, name


def test_detail_links_run_log_and_users(login, administrator, configured):
    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert reverse("sync:run_list") in html
    assert reverse("admin:auth_user_changelist") in html
    assert "Creates or updates the periodic bulk sync job in the scheduler" in html
    assert "Saving the settings does this too." in html


def test_detail_hides_admin_link_from_non_staff(login, administrator, configured):
    administrator.is_staff = False
    administrator.save()

    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert reverse("admin:auth_user_changelist") not in html


def test_edit_page_links_user_management(login, administrator, configured):
    html = login(administrator).get(reverse("admin_config:edit")).content.decode()

    assert reverse("admin:auth_user_changelist") in html
    assert "only Administrators can edit" in html


def test_status_line_names_times(login, administrator, configured):
    services.record_success(at=datetime(2026, 3, 5, 9, 30, tzinfo=UTC))

    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert "Working" in html
    assert "The last call to ClickMeeting succeeded at 2026-03-05 09:30." in html


def test_status_line_failure_with_earlier_success(login, administrator, configured):
    services.record_success(at=datetime(2026, 3, 5, 9, 30, tzinfo=UTC))
    services.record_failure("Timeout", at=datetime(2026, 3, 6, 10, 0, tzinfo=UTC))

    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert "The last call to ClickMeeting failed at 2026-03-06 10:00:" in html
    assert "Last successful call: 2026-03-05 09:30." in html


def test_status_line_before_any_call(login, administrator, configured):
    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert "No call to ClickMeeting has been made yet." in html


def test_unreadable_key_explained(login, administrator, configured, settings):
    from cryptography.fernet import Fernet

    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    client = login(administrator)

    detail = client.get(reverse("admin_config:detail")).content.decode()
    edit = client.get(reverse("admin_config:edit")).content.decode()

    assert "cannot be decrypted" in detail
    assert "cannot be decrypted" in edit


def test_key_tail_escaped_in_help_text(login, administrator, configured):
    config = services.get_config()
    config.set_api_key("eu00000000000000<b>x")
    services.save_config(config)

    html = login(administrator).get(reverse("admin_config:edit")).content.decode()

    assert "<b>x" not in html
    assert "&lt;b&gt;x" in html
