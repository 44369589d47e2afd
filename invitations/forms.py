"""Forms of the invitation pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from invitations.models import Invitation


class MeetingChoiceField(forms.ModelChoiceField):
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
            "and that do not invite this person yet."
        ),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create invitation")))
