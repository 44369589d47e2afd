"""The run log as an administrator reads it: filters, errors, progress, times."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from cmsync.middleware import BROWSER_ZONE_COOKIE
from cmsync.sync.models import SyncRun
from meetings.models import Meeting

pytestmark = pytest.mark.django_db

LIST_URL = reverse("sync:run_list")


def detail_url(run):
    return reverse("sync:run_detail", args=[run.pk])


def listed_pks(response):
    return {run.pk for run in response.context["runs"]}


@pytest.fixture
def admin_client(login, administrator):
    return login(administrator)


@pytest.fixture
def runs():
    """One run of each kind and a mix of states."""
    return {
        "bulk_ok": SyncRun.objects.create(
            kind=SyncRun.Kind.BULK, state=SyncRun.State.SUCCEEDED
        ),
        "bulk_failed": SyncRun.objects.create(
            kind=SyncRun.Kind.BULK, state=SyncRun.State.FAILED
        ),
        "manual_partial": SyncRun.objects.create(
            kind=SyncRun.Kind.MANUAL, state=SyncRun.State.PARTIAL
        ),
        "history_running": SyncRun.objects.create(
            kind=SyncRun.Kind.HISTORY, state=SyncRun.State.RUNNING
        ),
    }


# --- Roles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("no_group_user", 403),
        ("viewer", 403),
        ("creator", 403),
        ("other_creator", 403),
        ("administrator", 200),
    ],
)
def test_filtered_pages_role_matrix(request, login, runs, persona, status):
    client = login(request.getfixturevalue(persona))
    urls = [
        f"{LIST_URL}?kind=bulk&state=failed",
        f"{detail_url(runs['bulk_failed'])}?page=2",
    ]

    for url in urls:
        assert client.get(url).status_code == status, url


def test_filtered_pages_anonymous_redirect(client, runs):
    response = client.get(f"{LIST_URL}?kind=bulk")

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- Filters and pagination ---------------------------------------------------


def test_list_filters_by_kind(admin_client, runs):
    response = admin_client.get(LIST_URL, {"kind": "bulk"})

    assert listed_pks(response) == {runs["bulk_ok"].pk, runs["bulk_failed"].pk}


def test_list_filters_by_state(admin_client, runs):
    response = admin_client.get(LIST_URL, {"state": "running"})

    assert listed_pks(response) == {runs["history_running"].pk}


def test_list_filters_by_kind_and_state(admin_client, runs):
    response = admin_client.get(LIST_URL, {"kind": "bulk", "state": "failed"})

    assert listed_pks(response) == {runs["bulk_failed"].pk}
    assert "Show all runs" in response.content.decode()


def test_list_without_filters_shows_all(admin_client, runs):
    response = admin_client.get(LIST_URL)

    assert listed_pks(response) == {run.pk for run in runs.values()}
    assert "Show all runs" not in response.content.decode()


def test_list_ignores_unknown_kind(admin_client, runs):
    response = admin_client.get(LIST_URL, {"kind": "nonsense"})

    assert response.status_code == 200
    assert listed_pks(response) == {run.pk for run in runs.values()}
    assert response.context["filter_form"].errors["kind"]


def test_list_empty_filter_result_says_so(admin_client, runs):
    response = admin_client.get(LIST_URL, {"kind": "manual", "state": "queued"})

    assert "No sync run matches these filters." in response.content.decode()


def test_pagination_keeps_filters(admin_client):
    for _ in range(30):
        SyncRun.objects.create(kind=SyncRun.Kind.BULK)
    for _ in range(5):
        SyncRun.objects.create(kind=SyncRun.Kind.MANUAL)

    first = admin_client.get(LIST_URL, {"kind": "bulk"})
    second = admin_client.get(LIST_URL, {"kind": "bulk", "page": 2})

    assert first.context["page_obj"].paginator.count == 30
    assert "?kind=bulk&amp;page=2" in first.content.decode()
    assert len(second.context["runs"]) == 5
    assert {run.kind for run in second.context["runs"]} == {"bulk"}


def test_filtered_list_query_count_is_constant(
    admin_client, creator, django_assert_max_num_queries
):
    meeting = Meeting.objects.create(name="Weekly", owner=creator)
    for _ in range(30):
        SyncRun.objects.create(
            kind=SyncRun.Kind.MANUAL,
            state=SyncRun.State.RUNNING,
            meeting=meeting,
            requested_by=creator,
            progress_total=1,
        )

    with django_assert_max_num_queries(10):
        response = admin_client.get(LIST_URL, {"kind": "manual", "state": "running"})

    assert len(response.context["runs"]) == 25


# --- What the list shows -------------------------------------------------------


def test_list_shows_state_words_and_progress(admin_client, runs):
    SyncRun.objects.filter(pk=runs["history_running"].pk).update(
        progress_done=3, progress_total=12
    )

    text = admin_client.get(LIST_URL).content.decode()

    assert "Finished with errors" in text
    assert "Succeeded" in text
    assert "Failed" in text
    assert 'role="progressbar"' in text
    assert "3 of 12 meetings" in text
    assert text.count('role="progressbar"') == 1


def test_list_shows_duration_and_short_times(admin_client, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 4, 22, 0, tzinfo=dt.UTC), tick=False)
    SyncRun.objects.create(
        kind=SyncRun.Kind.BULK,
        state=SyncRun.State.SUCCEEDED,
        started_at=timezone.now(),
        finished_at=timezone.now() + dt.timedelta(minutes=3, seconds=5.4),
    )
    admin_client.cookies[BROWSER_ZONE_COOKIE] = "Europe/Warsaw"

    text = admin_client.get(LIST_URL).content.decode()

    assert "2025-03-04 23:00" in text
    assert "3 min 05 s" in text
    assert "p.m." not in text


def test_list_links_error_count_to_errors(admin_client):
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.BULK,
        state=SyncRun.State.PARTIAL,
        errors=[{"error": "timed out"}, {"error": "timed out again"}],
    )

    text = admin_client.get(LIST_URL).content.decode()

    assert f'href="{detail_url(run)}#errors">2</a>' in text


# --- Run detail ---------------------------------------------------------------


def test_detail_links_existing_meetings_only(admin_client, creator):
    kept = Meeting.objects.create(name="Kept meeting", owner=creator)
    gone = Meeting.objects.create(name="Gone meeting", owner=creator)
    gone_pk = gone.pk
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.BULK,
        state=SyncRun.State.PARTIAL,
        errors=[
            {
                "meeting_id": kept.pk,
                "meeting": kept.name,
                "clickmeeting_id": 111,
                "error": "attendees request timed out",
            },
            {
                "meeting_id": gone_pk,
                "meeting": gone.name,
                "clickmeeting_id": 222,
                "error": "room not found",
            },
            {"error": "ClickMeeting is not configured"},
        ],
    )
    gone.delete()

    text = admin_client.get(detail_url(run)).content.decode()

    assert f'<a href="{kept.get_absolute_url()}">Kept meeting</a>' in text
    assert "Gone meeting" in text
    assert reverse("meetings:detail", args=[gone_pk]) not in text
    assert "deleted since" in text
    assert "111" in text
    assert "222" in text
    assert "attendees request timed out" in text
    assert "room not found" in text
    assert "ClickMeeting is not configured" in text


def test_detail_paginates_errors(admin_client):
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.BULK,
        state=SyncRun.State.PARTIAL,
        errors=[{"error": f"error number {n}"} for n in range(120)],
    )

    first = admin_client.get(detail_url(run))
    last = admin_client.get(detail_url(run), {"page": 3})

    assert len(first.context["page_obj"].object_list) == 50
    assert "error number 49<" in first.content.decode()
    assert "error number 50<" not in first.content.decode()
    assert len(last.context["page_obj"].object_list) == 20
    assert "error number 119<" in last.content.decode()


def test_detail_query_count_is_constant(
    admin_client, creator, django_assert_max_num_queries
):
    meetings = [
        Meeting.objects.create(name=f"Meeting {n}", owner=creator) for n in range(20)
    ]
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.BULK,
        state=SyncRun.State.PARTIAL,
        errors=[
            {"meeting_id": m.pk, "meeting": m.name, "error": "failed"} for m in meetings
        ],
    )

    with django_assert_max_num_queries(8):
        response = admin_client.get(detail_url(run))

    assert response.status_code == 200


def test_detail_shows_readable_duration(admin_client, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 4, 1, 0, tzinfo=dt.UTC), tick=False)
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.MANUAL,
        state=SyncRun.State.SUCCEEDED,
        started_at=timezone.now(),
        finished_at=timezone.now() + dt.timedelta(seconds=27.184483),
    )

    text = admin_client.get(detail_url(run)).content.decode()

    assert "27 s" in text
    assert "0:00:27" not in text
    assert "2025-03-04 01:00" in text


def test_detail_of_running_run_shows_progress(admin_client):
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.HISTORY,
        state=SyncRun.State.RUNNING,
        progress_done=4,
        progress_total=10,
        history_from=dt.date(2025, 1, 1),
        history_until=dt.date(2025, 2, 1),
    )

    response = admin_client.get(f"{detail_url(run)}?page=1", HTTP_HX_REQUEST="true")

    text = response.content.decode()
    assert "width: 40%" in text
    assert "4 of 10 meetings" in text
    assert f'hx-get="{detail_url(run)}?page=1"' in text
    assert "1 Jan 2025 – 1 Feb 2025" in text


# --- Duration filter ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (dt.timedelta(0), "0 s"),
        (dt.timedelta(seconds=27.184483), "27 s"),
        (dt.timedelta(seconds=59.9), "59 s"),
        (dt.timedelta(minutes=3, seconds=5), "3 min 05 s"),
        (dt.timedelta(minutes=10), "10 min 00 s"),
        (dt.timedelta(hours=1, minutes=2, seconds=40), "1 h 02 min"),
        (dt.timedelta(hours=26), "26 h 00 min"),
        (dt.timedelta(seconds=-3), "0 s"),
    ],
)
def test_run_duration_filter(value, expected):
    template = Template("{% load sync_tags %}{{ value|run_duration }}")

    assert template.render(Context({"value": value})) == expected


def test_list_shows_queue_time_of_unstarted_run(admin_client, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 4, 22, 0, tzinfo=dt.UTC), tick=False)
    SyncRun.objects.create(kind=SyncRun.Kind.MANUAL, state=SyncRun.State.QUEUED)

    text = admin_client.get(LIST_URL).content.decode()

    assert "queued 2025-03-04 22:00" in text


# --- Manual runs --------------------------------------------------------------


def test_manual_run_reads_as_noun(admin_client, runs):
    manual = runs["manual_partial"]

    listing = admin_client.get(LIST_URL).content.decode()
    detail = admin_client.get(detail_url(manual)).content.decode()

    assert f"Manual import #{manual.pk}</a>" in listing
    assert f"<title>Manual import #{manual.pk}" in detail
    assert "Import data now" not in listing
    assert "Import data now" not in detail


def test_detail_says_returned_allowance_not_counted(admin_client, runs):
    counted = runs["manual_partial"]
    returned = SyncRun.objects.create(
        kind=SyncRun.Kind.MANUAL,
        state=SyncRun.State.FAILED,
        allowance_returned=True,
    )

    counted_html = admin_client.get(detail_url(counted)).content.decode()
    returned_html = admin_client.get(detail_url(returned)).content.decode()

    assert "Not counted, because the run imported nothing." not in counted_html
    assert "Not counted, because the run imported nothing." in returned_html
