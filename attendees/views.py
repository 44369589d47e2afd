"""Attendee pages: what ClickMeeting reported about one person in a session."""

from django.views.generic import DetailView

from attendees.models import Attendee
from cmsync.permissions import ViewerRequiredMixin


class AttendeeDetailView(ViewerRequiredMixin, DetailView):
    template_name = "attendees/attendee_detail.html"
    context_object_name = "attendee"
    queryset = Attendee.objects.select_related(
        "meeting", "session", "contact", "lead", "invitation__sent_by"
    )
