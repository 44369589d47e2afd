"""Forms of the invitation pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from invitations.models import Invitation
from invitations.services import deleted_room_message


class MeetingChoiceField(forms.ModelChoiceField):
    # Meetings that are not offered because their room was deleted in
    # ClickMeeting; choosing one gets an error that says so.
    deleted_meetings = None

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if self._is_deleted_meeting(value):
                raise forms.ValidationError(
                    deleted_room_message(), code="deleted_at_source"
                ) from None
            raise

    def _is_deleted_meeting(self, value):
        if self.deleted_meetings is None or not str(value).isdigit():
            return False
        return self.deleted_meetings.filter(pk=int(value)).exists()

    def label_from_instance(self, meeting):
        if meeting.permanent_room or meeting.starts_at is None:
            when = _("permanent room")
        else:
            local_start = timezone.localtime(meeting.starts_at)
            when = formats.date_format(local_start, "DATETIME_FORMAT")
        return f"{meeting.name} ({when})"


class InvitePersonForm(forms.Form):
    """Role and meeting for inviting one contact or lead."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=Invitation.Role.choices,
        initial=Invitation.Role.PARTICIPANT,
        widget=forms.RadioSelect,
    )
    meeting = MeetingChoiceField(
        label=_("Meeting"),
        queryset=None,
        help_text=_(
            "Meetings running now or starting later that you may invite to "
            "and that do not invite this person yet. Meetings deleted in "
            "ClickMeeting are left out."
        ),
    )

    def __init__(self, *args, meetings, deleted_meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].deleted_meetings = deleted_meetings
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create invitation")))
