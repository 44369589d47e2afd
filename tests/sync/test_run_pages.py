"""The run log pages: administrators only, a constant number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cmsync.sync.models import SyncRun
from meetings.models import Meeting

pytestmark = pytest.mark.django_db

PERSONA_STATUS = [
    ("no_group_user", 403),
    ("viewer", 403),
    ("creator", 403),
    ("other_creator", 403),
    ("administrator", 200),
]


@pytest.fixture
def finished_run(creator):
    meeting = Meeting.objects.create(name="Board <b>call</b>", owner=creator)
    return SyncRun.objects.create(
        kind=SyncRun.Kind.MANUAL,
        state=SyncRun.State.PARTIAL,
        meeting=meeting,
        requested_by=creator,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        meetings_seen=1,
        rows_created=12,
        api_calls=7,
        errors=[
            {
                "meeting_id": meeting.pk,
                "clickmeeting_id": 555,
                "meeting": meeting.name,
                "error": "<script>alert(1)</script> failed",
            }
        ],
    )


def page_urls(run):
    return [reverse("sync:run_list"), reverse("sync:run_detail", args=[run.pk])]


@pytest.mark.parametrize(("persona", "status"), PERSONA_STATUS)
def test_run_pages_role_matrix(request, login, finished_run, persona, status):
    client = login(request.getfixturevalue(persona))

    for url in page_urls(finished_run):
        assert client.get(url).status_code == status, url


def test_run_pages_anonymous_redirect(client, finished_run):
    for url in page_urls(finished_run):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_run_detail_shows_counts_and_escaped_errors(login, administrator, finished_run):
    response = login(administrator).get(
        reverse("sync:run_detail", args=[finished_run.pk])
    )

    text = response.content.decode()
    assert "Finished with errors" in text
    assert "555" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; failed" in text
    assert "<script>alert(1)" not in text
    assert "Board &lt;b&gt;call&lt;/b&gt;" in text


def test_running_run_polls_progress(login, administrator):
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.BULK,
        state=SyncRun.State.RUNNING,
        progress_done=3,
        progress_total=12,
    )

    response = login(administrator).get(
        reverse("sync:run_detail", args=[run.pk]), HTTP_HX_REQUEST="true"
    )

    text = response.content.decode()
    assert "<html" not in text
    assert 'hx-trigger="every 2s"' in text
    assert "width: 25%" in text


def test_run_list_query_count_is_constant(
    login, administrator, creator, django_assert_max_num_queries
):
    meeting = Meeting.objects.create(name="Weekly", owner=creator)
    for _ in range(30):
        SyncRun.objects.create(
            kind=SyncRun.Kind.MANUAL, meeting=meeting, requested_by=creator
        )
    client = login(administrator)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("sync:run_list"))

    assert response.status_code == 200
    assert len(response.context["runs"]) == 25
    assert response.context["page_obj"].paginator.num_pages == 2
