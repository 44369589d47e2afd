"""Read-only pages of what a meeting produced, for every role."""

from django.contrib import messages
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import ListView, View

from attendees.models import Attendee, Registration
from cmsync.permissions import ViewerRequiredMixin
from meetings.activity import downloads
from meetings.activity.attendance import Stay, visitors_per_minute
from meetings.activity.charts import visitor_chart
from meetings.activity.csv_export import csv_response
from meetings.activity.exports import CHAT_ORDER, EXPORTS, POLL_ORDER
from meetings.activity.polls import question_totals
from meetings.models import ChatMessage, File, Meeting, PollAnswer, Session
from meetings.pagination import ClampedPaginationMixin

SESSION_ORDER = (F("started_at").desc(nulls_last=True), "-id")


class MeetingActivityMixin(ViewerRequiredMixin):
    """Provides the meeting named by the URL's `pk` as `self.meeting`."""

    @cached_property
    def meeting(self):
        return get_object_or_404(Meeting, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)


class SessionListView(MeetingActivityMixin, ClampedPaginationMixin, ListView):
    template_name = "meetings/activity/session_list.html"
    context_object_name = "sessions"
    paginate_by = 20

    def get_queryset(self):
        return self.meeting.sessions.annotate(
            attendee_count=_count_by_session(Attendee.objects.all()),
            attended_count=_count_by_session(Attendee.objects.filter(attended=True)),
            registration_count=_count_by_session(Registration.objects.all()),
        ).order_by(*SESSION_ORDER)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = context["sessions"]
        stays = _stays_by_session([session.pk for session in sessions])
        for session in sessions:
            series = visitors_per_minute(
                stays.get(session.pk, []), session.started_at, session.ended_at
            )
            session.visitor_chart = visitor_chart(series, height=40, max_points=120)
        context["totals"] = _meeting_totals(self.meeting)
        return context


class SessionDetailView(MeetingActivityMixin, ClampedPaginationMixin, ListView):
    template_name = "meetings/activity/session_detail.html"
    context_object_name = "attendees"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.session = get_object_or_404(
            Session, pk=kwargs["session_pk"], meeting=self.meeting
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.session.attendees.select_related("contact", "lead").order_by(
            F("joined_at").asc(nulls_last=True), "id"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session
        stays = _stays_by_session([session.pk]).get(session.pk, [])
        series = visitors_per_minute(stays, session.started_at, session.ended_at)
        totals = _session_totals(session)
        totals["minutes"] = round(sum(stay.seconds or 0 for stay in stays) / 60)
        context.update(
            session=session, visitor_chart=visitor_chart(series), totals=totals
        )
        return context


class PollListView(MeetingActivityMixin, ClampedPaginationMixin, ListView):
    template_name = "meetings/activity/poll_list.html"
    context_object_name = "answers"
    paginate_by = 50

    def get_queryset(self):
        return (
            PollAnswer.objects.filter(meeting=self.meeting)
            .select_related("session", "attendee", "contact", "lead")
            .order_by(*POLL_ORDER)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            question_totals=question_totals(self.meeting), **kwargs
        )


class ChatListView(MeetingActivityMixin, ClampedPaginationMixin, ListView):
    template_name = "meetings/activity/chat_list.html"
    context_object_name = "chat_messages"
    paginate_by = 100

    def get_queryset(self):
        return (
            ChatMessage.objects.filter(meeting=self.meeting)
            .select_related("session", "contact", "lead")
            .order_by(*CHAT_ORDER)
        )


class FileListView(MeetingActivityMixin, ClampedPaginationMixin, ListView):
    template_name = "meetings/activity/file_list.html"
    context_object_name = "files"
    paginate_by = 50

    def get_queryset(self):
        return self.meeting.files.order_by("kind", "name", "id")


class FileDownloadView(MeetingActivityMixin, View):
    """Redirects to a download URL that ClickMeeting signs at click time."""

    def get(self, request, pk, file_pk):
        file = get_object_or_404(
            File.objects.select_related("meeting"), pk=file_pk, meeting=self.meeting
        )
        try:
            url = downloads.fresh_download_url(file)
        except downloads.DownloadUnavailableError as exc:
            messages.error(request, exc.message)
            return redirect("meetings:files", pk=self.meeting.pk)
        return HttpResponseRedirect(url)


class ExportView(MeetingActivityMixin, View):
    def get(self, request, pk, kind):
        build_export = EXPORTS.get(kind)
        if build_export is None:
            raise Http404(f"Unknown export {kind!r}.")
        export = build_export(self.meeting)
        return csv_response(
            f"meeting-{self.meeting.pk}-{kind}.csv", export.header, export.rows
        )


def _count_by_session(queryset):
    counts = (
        queryset.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(count=Count("id"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _stays_by_session(session_ids) -> dict[int, list[Stay]]:
    rows = Attendee.objects.filter(session_id__in=session_ids).values_list(
        "session_id", "joined_at", "left_at", "duration_seconds"
    )
    stays: dict[int, list[Stay]] = {}
    for session_id, joined_at, left_at, duration_seconds in rows:
        stays.setdefault(session_id, []).append(
            Stay(joined_at, left_at, duration_seconds)
        )
    return stays


def _meeting_totals(meeting) -> dict:
    totals = meeting.sessions.aggregate(
        sessions=Count("id"),
        visitors=Coalesce(Sum("total_visitors"), 0),
        peak=Coalesce(Max("peak_visitors"), 0),
    )
    totals.update(_attendee_totals(Attendee.objects.filter(meeting=meeting)))
    return totals


def _session_totals(session) -> dict:
    totals = _attendee_totals(session.attendees.all())
    totals["registrations"] = session.registrations.count()
    return totals


def _attendee_totals(attendees) -> dict:
    return attendees.aggregate(
        attendees=Count("id"),
        attended=Count("id", filter=Q(attended=True)),
        people=Count("email_normalized", distinct=True, filter=~Q(email_normalized="")),
    )
