"""Attendance of invited people, read from the attendees the sync imported."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q

from attendees.models import Attendee


@dataclass
class Attendance:
    """Attendance of one invited person over all sessions, as ClickMeeting sent it."""

    attendees: list = field(default_factory=list)

    @property
    def attended(self):
        return any(attendee.attended for attendee in self.attendees)

    @property
    def first(self):
        return self.attendees[0] if self.attendees else None

    @property
    def login(self):
        return next((a.login for a in self.attendees if a.login), "")

    @property
    def joined_at(self):
        times = [a.joined_at for a in self.attendees if a.joined_at]
        return min(times) if times else None

    @property
    def left_at(self):
        times = [a.left_at for a in self.attendees if a.left_at]
        return max(times) if times else None

    @property
    def duration(self):
        seconds = [a.duration_seconds for a in self.attendees if a.duration_seconds]
        return timedelta(seconds=sum(seconds)) if seconds else None


def attendance_by_invitation(meeting, invitations):
    """Return {invitation pk: Attendance} for the given invitations, in one query.

    An attendee counts for an invitation when the sync linked it to the
    invitation, or when it joined with the same normalised email.
    """
    by_id = {invitation.pk: invitation for invitation in invitations}
    by_email = {invitation.email_normalized: invitation for invitation in invitations}
    result = {pk: Attendance() for pk in by_id}
    if not by_id:
        return result

    attendees = (
        Attendee.objects.filter(meeting=meeting)
        .filter(Q(invitation_id__in=by_id) | Q(email_normalized__in=by_email))
        .only(
            "id",
            "invitation_id",
            "email_normalized",
            "login",
            "joined_at",
            "left_at",
            "duration_seconds",
            "attended",
        )
        .order_by("joined_at", "id")
    )
    for attendee in attendees:
        invitation = by_id.get(attendee.invitation_id) or by_email.get(
            attendee.email_normalized
        )
        if invitation is not None:
            result[invitation.pk].attendees.append(attendee)
    return result
