"""The synchronization content owner must be an active Creator or Administrator."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from admin_config import services
from admin_config.content_owner import content_owner_candidates
from admin_config.forms import ClickMeetingConfigForm
from admin_config.models import ClickMeetingConfig
from tests.conftest import make_user

from .conftest import ENDPOINT

pytestmark = pytest.mark.django_db


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


def test_candidates_are_creators_and_administrators(
    viewer, creator, administrator, no_group_user
):
    superuser = make_user("root", is_superuser=True)
    inactive = make_user("former", "Creator", is_active=False)

    candidates = list(content_owner_candidates())

    assert candidates == [administrator, creator, superuser]
    assert viewer not in candidates
    assert no_group_user not in candidates
    assert inactive not in candidates


def test_candidates_listed_once_with_two_roles(creator):
    from django.contrib.auth.models import Group

    creator.groups.add(Group.objects.get(name="Administrator"))

    assert list(content_owner_candidates()) == [creator]


def test_form_offers_only_candidates(viewer, creator, administrator):
    form = ClickMeetingConfigForm(instance=services.get_config())

    choices = list(form.fields["sync_content_owner"].queryset)

    assert choices == [administrator, creator]


def test_form_rejects_viewer(viewer, creator):
    form = ClickMeetingConfigForm(
        _form_data(sync_content_owner=str(viewer.pk)), instance=services.get_config()
    )

    assert not form.is_valid()
    message = " ".join(form.errors["sync_content_owner"])
    assert "Creator or Administrator" in message


def test_model_clean_rejects_viewer(viewer):
    config = services.get_config()
    config.sync_content_owner = viewer

    with pytest.raises(ValidationError) as excinfo:
        config.full_clean()

    messages = excinfo.value.message_dict["sync_content_owner"]
    assert "viewer cannot own synchronized meetings" in messages[0]


def test_model_clean_rejects_inactive_creator(creator):
    creator.is_active = False
    creator.save()
    config = services.get_config()
    config.sync_content_owner = creator

    with pytest.raises(ValidationError, match="creator cannot own"):
        config.full_clean()


def test_model_clean_accepts_creator(creator):
    config = services.get_config()
    config.sync_content_owner = creator

    config.full_clean()


def test_stored_owner_without_role_reported_on_save(login, administrator, viewer):
    ClickMeetingConfig.objects.filter(pk=services.get_config().pk).update(
        sync_content_owner=viewer
    )

    response = login(administrator).post(
        reverse("admin_config:edit"), _form_data(sync_content_owner=str(viewer.pk))
    )

    assert response.status_code == 200
    assert "viewer cannot own synchronized meetings" in response.content.decode()


def test_page_rejects_viewer_owner(login, administrator, viewer):
    response = login(administrator).post(
        reverse("admin_config:edit"), _form_data(sync_content_owner=str(viewer.pk))
    )

    assert response.status_code == 200
    assert "Creator or Administrator role" in response.content.decode()
    assert services.get_config().sync_content_owner is None


def test_detail_warns_about_owner_without_role(login, administrator, viewer):
    ClickMeetingConfig.objects.filter(pk=services.get_config().pk).update(
        sync_content_owner=viewer
    )

    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert "no longer an active Creator or Administrator" in html


def test_admin_offers_only_candidates(login, administrator, viewer, creator):
    config = services.get_config()
    url = reverse("admin:admin_config_clickmeetingconfig_change", args=[config.pk])

    html = login(administrator).get(url).content.decode()

    assert f'<option value="{creator.pk}">creator</option>' in html
    assert f'<option value="{viewer.pk}">' not in html


def test_admin_rejects_viewer(login, administrator, viewer):
    config = services.get_config()
    url = reverse("admin:admin_config_clickmeetingconfig_change", args=[config.pk])
    data = _form_data(sync_content_owner=str(viewer.pk), _save="Save")

    response = login(administrator).post(url, data)

    assert response.status_code == 200
    assert "Creator or Administrator role" in response.content.decode()
    assert services.get_config().sync_content_owner is None
