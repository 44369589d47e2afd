"""The "Data import" card on the meeting page: wording, visibility, refresh."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from cmsync.middleware import BROWSER_ZONE_COOKIE
from cmsync.sync import services
from cmsync.sync.models import SyncRun
from cmsync.sync.runlog import RunRecorder
from meetings.models import Meeting

pytestmark = pytest.mark.django_db

PANEL_ID = "meeting-import-panel-{pk}"


@pytest.fixture
def meeting(creator):
    return Meeting.objects.create(
        name="Pricing webinar",
        owner=creator,
        clickmeeting_id=4242,
        push_state=Meeting.PushState.DONE,
        starts_at=timezone.now() - dt.timedelta(hours=3),
    )


def render_panel(meeting, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load sync_tags %}{% meeting_import_panel meeting user %}")
    return template.render(
        Context({"meeting": meeting, "user": user, "request": request})
    )


def finished_run(meeting, user, **counts):
    return SyncRun.objects.create(
        kind=SyncRun.Kind.MANUAL,
        state=SyncRun.State.SUCCEEDED,
        meeting=meeting,
        requested_by=user,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        **counts,
    )


# --- Plural forms -------------------------------------------------------------


def test_panel_counts_use_english_plurals(meeting, creator):
    finished_run(meeting, creator, rows_created=17, rows_updated=0, leads_created=1)

    html = render_panel(meeting, creator)

    assert "17 records created" in html
    assert "0 records updated" in html
    assert "1 new lead" in html
    assert "1 new leads" not in html


def test_panel_counts_use_english_singular(meeting, creator):
    finished_run(meeting, creator, rows_created=1, rows_updated=1, leads_created=2)

    html = render_panel(meeting, creator)

    assert "1 record created" in html
    assert "1 record updated" in html
    assert "2 new leads" in html


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 новый лид"),
        (3, "3 новых лида"),
        (5, "5 новых лидов"),
        (21, "21 новый лид"),
        (12, "12 новых лидов"),
    ],
)
def test_panel_counts_use_russian_plurals(meeting, creator, count, expected):
    finished_run(meeting, creator, rows_created=count, leads_created=count)

    with translation.override("ru"):
        html = render_panel(meeting, creator)

    assert expected in html
    assert "Импорт данных" in html


def test_russian_record_forms(meeting, creator):
    finished_run(meeting, creator, rows_created=2, rows_updated=5)

    with translation.override("ru"):
        html = render_panel(meeting, creator)

    assert "2 записи созданы" in html
    assert "5 записей обновлено" in html


# --- Who sees the card --------------------------------------------------------


def test_viewer_sees_no_card_without_imports(meeting, viewer, other_creator):
    assert render_panel(meeting, viewer).strip() == ""
    assert render_panel(meeting, other_creator).strip() == ""


def test_viewer_sees_last_import_without_button(meeting, viewer):
    Meeting.objects.filter(pk=meeting.pk).update(
        last_bulk_import_at=timezone.now() - dt.timedelta(hours=1)
    )
    meeting.refresh_from_db()

    html = render_panel(meeting, viewer)

    assert "Data import" in html
    assert "Last imported at" in html
    assert "Import data now" not in html
    assert "<form" not in html
    assert "<button" not in html


def test_viewer_sees_latest_run_state(meeting, viewer, creator):
    finished_run(meeting, creator, rows_created=4)

    html = render_panel(meeting, viewer)

    assert "Data import" in html
    assert "Succeeded" in html
    assert "4 records created" in html
    assert "Import data now" not in html


def test_owner_sees_heading_and_button(meeting, creator, administrator):
    for user in (creator, administrator):
        html = render_panel(meeting, user)

        assert "Data import" in html
        assert "Import data now</button>" in html
        assert "<form" in html
        assert "Not imported yet." in html


def test_run_details_link_for_administrators_only(meeting, creator, administrator):
    run = finished_run(meeting, creator)
    detail_url = reverse("sync:run_detail", args=[run.pk])

    assert detail_url in render_panel(meeting, administrator)
    assert detail_url not in render_panel(meeting, creator)


def test_limited_owner_sees_next_time_and_state(meeting, creator, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 4, 15, 30, tzinfo=dt.UTC), tick=False)
    services.request_manual_import(meeting, creator)
    meeting.refresh_from_db()

    html = render_panel(meeting, creator)

    assert "Next available at 2025-03-05 03:30" in html
    assert "Queued" in html
    assert "disabled>Import data now</button>" in html
    assert "<form" not in html


# --- Times --------------------------------------------------------------------


def test_panel_times_follow_browser_zone(login, meeting, creator, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 4, 15, 30, tzinfo=dt.UTC), tick=False)
    finished_run(meeting, creator)
    Meeting.objects.filter(pk=meeting.pk).update(last_bulk_import_at=timezone.now())
    client = login(creator)
    client.cookies[BROWSER_ZONE_COOKIE] = "Asia/Tokyo"

    html = client.get(reverse("sync:import_panel", args=[meeting.pk])).content.decode()

    assert "Last imported at 2025-03-05 00:30." in html
    assert "p.m." not in html
    assert "a.m." not in html


# --- Refresh after the import -------------------------------------------------


def poll(client, meeting, run):
    url = reverse("sync:import_panel", args=[meeting.pk])
    return client.get(f"{url}?run={run.pk}", HTTP_HX_REQUEST="true")


def test_running_import_keeps_polling(login, meeting, creator):
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.MANUAL, state=SyncRun.State.RUNNING, meeting=meeting
    )

    response = poll(login(creator), meeting, run)

    assert "HX-Refresh" not in response.headers
    text = response.content.decode()
    assert PANEL_ID.format(pk=meeting.pk) in text
    assert f'?run={run.pk}" hx-trigger="every 2s"' in text


def test_finished_import_refreshes_page_once(login, meeting, creator):
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.MANUAL, state=SyncRun.State.RUNNING, meeting=meeting
    )
    client = login(creator)
    assert "HX-Refresh" not in poll(client, meeting, run).headers
    SyncRun.objects.filter(pk=run.pk).update(
        state=SyncRun.State.SUCCEEDED, finished_at=timezone.now()
    )

    response = poll(client, meeting, run)
    page = client.get(meeting.get_absolute_url()).content.decode()

    assert response.headers["HX-Refresh"] == "true"
    assert "hx-trigger" not in page.split(PANEL_ID.format(pk=meeting.pk))[1][:300]


def test_failed_import_refreshes_viewer_page(login, meeting, viewer):
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.MANUAL, state=SyncRun.State.FAILED, meeting=meeting
    )

    response = poll(login(viewer), meeting, run)

    assert response.headers["HX-Refresh"] == "true"


def test_panel_without_watched_run_does_not_refresh(login, meeting, creator):
    finished_run(meeting, creator)
    url = reverse("sync:import_panel", args=[meeting.pk])

    response = login(creator).get(url, HTTP_HX_REQUEST="true")

    assert "HX-Refresh" not in response.headers
    assert PANEL_ID.format(pk=meeting.pk) in response.content.decode()


@pytest.fixture
def eager_import(monkeypatch):
    """Finish the import inside the request, as an eager Celery task would."""

    def run_now(run_id):
        recorder = RunRecorder(SyncRun.objects.get(pk=run_id))
        recorder.start()
        recorder.run.rows_created = 3
        recorder.finish()

    monkeypatch.setattr(services, "_enqueue_manual_import", run_now)


@pytest.mark.django_db(transaction=True)
def test_eager_import_refreshes_htmx_page(login, meeting, creator, eager_import):
    client = login(creator)

    response = client.post(
        reverse("sync:import_now", args=[meeting.pk]), HTTP_HX_REQUEST="true"
    )
    page = client.get(meeting.get_absolute_url()).content.decode()

    assert response.status_code == 200
    assert response.headers["HX-Refresh"] == "true"
    assert "The import has finished." in page
    assert "3 records created" in page


@pytest.mark.django_db(transaction=True)
def test_eager_import_redirects_to_meeting(login, meeting, creator, eager_import):
    response = login(creator).post(
        reverse("sync:import_now", args=[meeting.pk]), follow=True
    )

    assert response.redirect_chain == [(meeting.get_absolute_url(), 302)]
    text = response.content.decode()
    assert "The import has finished." in text
    assert "The import has started." not in text
