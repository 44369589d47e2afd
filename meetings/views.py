"""Meeting pages: list, detail, plan and edit, and the actions on a meeting."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import (
    CreateView,
    DetailView,
    ListView,
    TemplateView,
    UpdateView,
    View,
)

from cmsync.permissions import (
    CreatorRequiredMixin,
    OwnerOrAdministratorMixin,
    ViewerRequiredMixin,
    can_edit_owned,
    is_creator,
)
from meetings import queries, services, timezones
from meetings.forms import MeetingFilterForm, MeetingForm
from meetings.models import Meeting
from meetings.pagination import ClampedPaginationMixin

MEETINGS_PER_PAGE = 25
RECENT_SESSIONS_SHOWN = 10


class MeetingListView(ViewerRequiredMixin, ClampedPaginationMixin, ListView):
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = MEETINGS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.filter_form = MeetingFilterForm(request.GET or None)
        self.filters = self._filters()
        return super().get(request, *args, **kwargs)

    def _filters(self):
        default_scope = (
            MeetingFilterForm.SCOPE_MINE
            if is_creator(self.request.user)
            else MeetingFilterForm.SCOPE_ALL
        )
        values = {
            "scope": default_scope,
            "when": MeetingFilterForm.WHEN_UPCOMING,
            "q": "",
        }
        if self.filter_form.is_bound and self.filter_form.is_valid():
            values.update(
                {
                    key: value
                    for key, value in self.filter_form.cleaned_data.items()
                    if value
                }
            )
        return values

    def get_queryset(self):
        meetings = Meeting.objects.select_related("owner")
        if self.filters["scope"] == MeetingFilterForm.SCOPE_MINE:
            meetings = meetings.filter(owner=self.request.user)
        if self.filters["q"]:
            meetings = meetings.filter(name__icontains=self.filters["q"])
        now = timezone.now()
        if self.filters["when"] == MeetingFilterForm.WHEN_UPCOMING:
            return queries.upcoming(meetings, now).order_by("starts_at", "pk")
        if self.filters["when"] == MeetingFilterForm.WHEN_PAST:
            return queries.past(meetings, now).order_by("-starts_at", "-pk")
        return meetings.order_by("starts_at", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.filter_form.is_bound:
            self.filter_form = MeetingFilterForm(initial=self.filters)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            filters=self.filters,
            query_string=query.urlencode(),
            user_zone=timezones.user_zone_name(self.request),
        )
        return context


class MeetingDetailView(ViewerRequiredMixin, DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return queries.with_section_counts(Meeting.objects.select_related("owner"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        user = self.request.user
        may_edit = can_edit_owned(user, meeting)
        room_deleted = meeting.deleted_at_source is not None
        meeting_zone = timezones.valid_zone_name(meeting.timezone)
        context.update(
            meeting_zone=meeting_zone,
            meeting_zone_label=meeting_zone.replace("_", " "),
            may_edit=may_edit,
            room_deleted=room_deleted,
            may_join=may_edit and not room_deleted,
            # Invitations to a room deleted in ClickMeeting would all fail.
            may_invite=may_edit and not room_deleted,
            may_retry_push=may_edit and not room_deleted,
            may_recreate_room=may_edit and room_deleted,
            may_assign=is_creator(user) and meeting.owner_id != user.pk,
            recent_sessions=meeting.sessions.order_by("-started_at", "-pk")[
                :RECENT_SESSIONS_SHOWN
            ],
        )
        return context


class MeetingFormMixin:
    model = Meeting
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["default_zone_name"] = timezones.user_zone_name(self.request)
        return kwargs

    def form_valid(self, form):
        result = services.meeting_save(
            form.save(commit=False),
            user=self.request.user,
            derive_room_url_name=form.cleaned_data.get("room_url_name_derived", False),
        )
        self.object = result.meeting
        self._report(form, result)
        return redirect(result.meeting)

    def _report(self, form, result):
        if result.changed_fields and result.meeting.deleted_at_source:
            messages.warning(
                self.request,
                _(
                    "Changes saved here only: the room was deleted in "
                    "ClickMeeting. Use “Recreate the room in ClickMeeting” on "
                    "the meeting page to create it again with these details."
                ),
            )
            return
        if result.created:
            messages.success(
                self.request,
                _("Meeting saved. It is being created in ClickMeeting."),
            )
        elif result.changed_fields:
            messages.success(
                self.request, _("Changes saved. They are being sent to ClickMeeting.")
            )
        else:
            messages.info(self.request, _("Nothing changed."))
        if result.changed_fields and result.invitations_resend_due:
            messages.info(
                self.request,
                _(
                    "The invitations already sent will be sent again with the new "
                    "details once ClickMeeting has them."
                ),
            )
        if form.has_unusual_duration:
            messages.warning(
                self.request,
                _(
                    "The duration is outside the usual 5 minutes to 3 hours. "
                    "Check that it is what you meant."
                ),
            )


class MeetingCreateView(CreatorRequiredMixin, MeetingFormMixin, CreateView):
    pass


class MeetingUpdateView(OwnerOrAdministratorMixin, MeetingFormMixin, UpdateView):
    pass


class MeetingActionView(View):
    """A POST-only action on one meeting that ends on its detail page."""

    http_method_names = ["post"]

    def get_object(self):
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(Meeting, pk=self.kwargs["pk"])
        return self._meeting


class MeetingJoinView(OwnerOrAdministratorMixin, MeetingActionView):
    def post(self, request, pk):
        meeting = self.get_object()
        try:
            join_url = services.meeting_host_join_url(meeting, user=request.user)
        except services.JoinError as exc:
            messages.error(request, str(exc))
            return redirect(meeting)
        return redirect(join_url)


class MeetingAssignView(CreatorRequiredMixin, TemplateView):
    """Asks for confirmation (GET), then makes the user the owner (POST)."""

    template_name = "meetings/meeting_assign_confirm.html"

    def get_context_data(self, **kwargs):
        meeting = get_object_or_404(
            Meeting.objects.select_related("owner"), pk=self.kwargs["pk"]
        )
        return super().get_context_data(meeting=meeting, **kwargs)

    def post(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        if meeting.owner_id == request.user.pk:
            messages.info(request, _("You already own this meeting."))
            return redirect(meeting)
        previous_owner = services.meeting_assign(meeting, user=request.user)
        if previous_owner is None:
            text = _("You are now the owner of this meeting. It had no owner before.")
        else:
            text = _(
                "You are now the owner of this meeting. The previous owner, "
                "%(owner)s, can no longer edit it."
            ) % {"owner": display_name(previous_owner)}
        messages.success(request, text)
        return redirect(meeting)


def display_name(user):
    return user.get_full_name() or user.get_username()


class MeetingRetryPushView(OwnerOrAdministratorMixin, MeetingActionView):
    def post(self, request, pk):
        meeting = self.get_object()
        if meeting.deleted_at_source:
            messages.info(
                request,
                _(
                    "The room was deleted in ClickMeeting, so a push cannot "
                    "update it. Use “Recreate the room in ClickMeeting” instead."
                ),
            )
            return redirect(meeting)
        if meeting.push_state != Meeting.PushState.FAILED:
            messages.info(request, _("The push has not failed; nothing to retry."))
            return redirect(meeting)
        services.meeting_retry_push(meeting, user=request.user)
        messages.success(request, _("The meeting is being sent to ClickMeeting again."))
        return redirect(meeting)


class MeetingRecreateRoomView(OwnerOrAdministratorMixin, MeetingActionView):
    def post(self, request, pk):
        meeting = self.get_object()
        if not services.meeting_recreate_room(meeting, user=request.user):
            messages.info(
                request,
                _("The room still exists in ClickMeeting; nothing to recreate."),
            )
            return redirect(meeting)
        messages.success(
            request,
            _(
                "A new room is being created in ClickMeeting. The invitations "
                "already sent will be sent again with its address."
            ),
        )
        return redirect(meeting)
