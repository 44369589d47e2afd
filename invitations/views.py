"""Invitation pages: invite people to a meeting, and the meeting's invitations."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django_htmx.http import HttpResponseClientRedirect

from cmsync.permissions import (
    CreatorRequiredMixin,
    OwnerOrAdministratorMixin,
    ViewerRequiredMixin,
    can_edit_owned,
    is_administrator,
)
from crm.models import Contact, Lead
from invitations import services
from invitations.attendance import attendance_by_invitation
from invitations.forms import InvitePersonForm
from invitations.models import Invitation
from invitations.people import SearchType
from invitations.selection import (
    ROLES,
    apply_action,
    load_available,
    parse_selection,
    resolve_selection,
)
from meetings.models import Meeting

INVITATIONS_PER_PAGE = 50


class MeetingOwnerMixin(OwnerOrAdministratorMixin):
    """Only the meeting's owner or an administrator passes."""

    def get_object(self):
        if not hasattr(self, "meeting"):
            self.meeting = get_object_or_404(
                Meeting.objects.select_related("owner"), pk=self.kwargs["meeting_pk"]
            )
        return self.meeting


class InviteView(MeetingOwnerMixin, View):
    """The two pickers and "Send invitations".

    Without JavaScript every button posts the whole form and gets the whole
    page back. With htmx a button swaps in the form only, and typing in a
    search box refreshes that picker's Available list only.
    """

    template_name = "invitations/invite.html"

    def get(self, request, meeting_pk):
        meeting = self.get_object()
        if meeting.deleted_at_source is not None:
            return render(
                request,
                self.template_name,
                {"meeting": meeting, "room_deleted": True},
            )
        selection = parse_selection(QueryDict())
        load_available(selection, meeting)
        return self._render(request, meeting, selection)

    def post(self, request, meeting_pk):
        meeting = self.get_object()
        if meeting.deleted_at_source is not None:
            return _refuse_deleted_room(request, meeting)
        action = request.POST.get("action", "")
        selection = parse_selection(request.POST)
        apply_action(selection, action, request.POST)
        resolve_selection(selection, meeting)

        if action == "send":
            response = self._send(request, meeting, selection)
            if response is not None:
                return response

        target_role = self._available_list_target(request)
        if target_role:
            load_available(selection, meeting, roles=[target_role])
            return render(
                request,
                "invitations/includes/available.html",
                {
                    "meeting": meeting,
                    "picker": selection.pickers[target_role],
                },
            )
        load_available(selection, meeting)
        return self._render(request, meeting, selection)

    def _send(self, request, meeting, selection):
        if selection.is_empty:
            selection.notes.append(_("Select at least one person to invite."))
            return None
        try:
            result = services.record_invitations(
                meeting,
                request.user,
                participants=[c.person for c in selection.participants],
                presenters=[c.person for c in selection.presenters],
            )
        except services.InvitationConflictError as exc:
            selection.notes.append(str(exc))
            return None

        _report_recorded(request, meeting, result)
        url = reverse("invitations:meeting_invitations", args=[meeting.pk])
        if request.htmx:
            return HttpResponseClientRedirect(url)
        return redirect(url)

    @staticmethod
    def _available_list_target(request):
        if not request.htmx:
            return None
        for role in ROLES:
            if request.htmx.target == f"{role}-available":
                return role
        return None

    def _render(self, request, meeting, selection):
        template = self.template_name
        if request.htmx and request.htmx.target == "invite-form":
            template = "invitations/includes/invite_form.html"
        context = {
            "meeting": meeting,
            "selection": selection,
            "pickers": [selection.pickers[role] for role in ROLES],
            "search_types": SearchType.CHOICES,
        }
        return render(request, template, context)


def _refuse_deleted_room(request, meeting):
    messages.error(request, services.deleted_room_message())
    url = reverse("invitations:meeting_invitations", args=[meeting.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _report_recorded(request, meeting, result):
    count = len(result.created)
    if count:
        if meeting.clickmeeting_id is None:
            text = ngettext(
                "%(count)d invitation recorded. It is sent once the meeting "
                "exists in ClickMeeting.",
                "%(count)d invitations recorded. They are sent once the meeting "
                "exists in ClickMeeting.",
                count,
            )
        else:
            text = ngettext(
                "%(count)d invitation recorded and being sent.",
                "%(count)d invitations recorded and being sent.",
                count,
            )
        messages.success(request, text % {"count": count})
    for person, reason in result.skipped:
        messages.warning(
            request,
            _("%(person)s was not invited: %(reason)s.")
            % {"person": person, "reason": reason},
        )


class MeetingInvitationsView(ViewerRequiredMixin, View):
    """The Invitations section of a meeting, with attendance once known."""

    def get(self, request, meeting_pk):
        meeting = get_object_or_404(
            Meeting.objects.select_related("owner"), pk=meeting_pk
        )
        invitations = Invitation.objects.filter(meeting=meeting).select_related(
            "contact", "lead", "sent_by"
        )
        page = Paginator(invitations, INVITATIONS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        attendance = attendance_by_invitation(meeting, page.object_list)
        rows = [(i, attendance[i.pk]) for i in page.object_list]
        state_counts = dict(
            Invitation.objects.filter(meeting=meeting)
            .values_list("state")
            .annotate(count=Count("pk"))
            .order_by()
        )
        can_invite = can_edit_owned(request.user, meeting)
        room_deleted = meeting.deleted_at_source is not None
        context = {
            "meeting": meeting,
            "page_obj": page,
            "rows": rows,
            "state_counts": state_counts,
            "failed_count": state_counts.get(Invitation.State.FAILED, 0),
            # Attendance is known once the sync has imported a session.
            "has_attendance": meeting.sessions.exists(),
            "can_invite": can_invite,
            "room_deleted": room_deleted,
            # Sending fails for every invitation once the room is gone.
            "may_send": can_invite and not room_deleted,
            "is_token_room": meeting.access_type == Meeting.AccessType.TOKEN,
        }
        return render(request, "invitations/meeting_invitations.html", context)


class RetryFailedView(MeetingOwnerMixin, View):
    """ "Retry failed": send the meeting's failed invitations again."""

    def post(self, request, meeting_pk):
        meeting = self.get_object()
        try:
            count = services.retry_failed(meeting)
        except services.MeetingDeletedError as exc:
            messages.error(request, str(exc))
            return redirect("invitations:meeting_invitations", meeting.pk)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)d failed invitation is being sent again.",
                    "%(count)d failed invitations are being sent again.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("No failed invitations to send again."))
        return redirect("invitations:meeting_invitations", meeting.pk)


class InvitePersonView(CreatorRequiredMixin, View):
    """ "Invite to ClickMeeting" from a contact or lead page.

    Creators see the meetings they own; administrators see every meeting.
    """

    template_name = "invitations/invite_person.html"

    def get(self, request):
        person = self._person()
        return self._render(request, person, self._form(person))

    def post(self, request):
        person = self._person()
        form = self._form(person, data=request.POST)
        if not person.email or not form.is_valid():
            return self._render(request, person, form)

        meeting = form.cleaned_data["meeting"]
        role = form.cleaned_data["role"]
        people = {role: [person]}
        try:
            result = services.record_invitations(
                meeting,
                request.user,
                participants=people.get(Invitation.Role.PARTICIPANT, []),
                presenters=people.get(Invitation.Role.PRESENTER, []),
            )
        except (
            services.InvitationConflictError,
            services.MeetingDeletedError,
        ) as exc:
            form.add_error(None, str(exc))
            return self._render(request, person, form)
        _report_recorded(request, meeting, result)
        return redirect("invitations:meeting_invitations", meeting.pk)

    def _person(self):
        for key, model in (("contact", Contact), ("lead", Lead)):
            pk = self.request.GET.get(key, "")
            if pk:
                if not pk.isdigit():
                    raise Http404(_("No such person."))
                return get_object_or_404(model, pk=pk)
        raise Http404(_("Choose a contact or a lead to invite."))

    def _form(self, person, data=None):
        user = self.request.user
        scope = {"is_administrator": is_administrator(user)}
        return InvitePersonForm(
            data,
            meetings=services.active_meetings_for(user, person, **scope),
            deleted_meetings=services.deleted_meetings_for(user, person, **scope),
        )

    def _render(self, request, person, form):
        meeting_field = form.fields["meeting"]
        context = {
            "person": person,
            "kind": "contact" if isinstance(person, Contact) else "lead",
            "form": form,
            "has_meetings": meeting_field.queryset.exists(),
            "deleted_meeting_count": meeting_field.deleted_meetings.count(),
        }
        return render(request, self.template_name, context)
