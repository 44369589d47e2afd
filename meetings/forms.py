"""Forms of the meeting pages: plan or edit a meeting, filter the list."""

from datetime import datetime, timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import timezones, validators
from meetings.models import Meeting

WALL_TIME_FORMAT = "%Y-%m-%dT%H:%M"
WALL_TIME_INPUT_FORMATS = [WALL_TIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
# A start a little in the past is still accepted: the form may have been
# open for a while before the user saved it.
START_GRACE = timedelta(minutes=5)


class WallTimeField(forms.DateTimeField):
    """A date and time as typed, without a zone: the form's zone applies.

    Django's DateTimeField would read the value in the active time zone; here
    the zone is another field of the same form.
    """

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format=WALL_TIME_FORMAT
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", WALL_TIME_INPUT_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        text = str(value).strip()
        for input_format in self.input_formats:
            try:
                return datetime.strptime(text, input_format)  # noqa: DTZ007
            except ValueError:
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class MeetingForm(forms.ModelForm):
    """Plans or edits a meeting with the settings ClickMeeting accepts."""

    start = WallTimeField(
        label=_("Start"),
        help_text=_("Date and time in the time zone below."),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"), choices=timezones.TIME_ZONE_CHOICES
    )
    duration_hours = forms.IntegerField(
        label=_("Hours"), min_value=0, max_value=24, initial=1
    )
    duration_minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=0,
        max_value=59,
        initial=0,
        help_text=_("Usually 5 minutes to 3 hours; other values are allowed."),
    )
    # Set by meetings.js while it fills the room URL from the name, so the
    # server may add a suffix to a derived URL that is taken.
    room_url_name_derived = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Meeting
        fields = [
            "name",
            "room_url_name",
            "access_type",
            "password",
            "room_type",
            "lobby_enabled",
            "lobby_description",
            "registration_enabled",
        ]
        widgets = {
            "password": forms.TextInput(attrs={"autocomplete": "off"}),
            "lobby_description": forms.Textarea(attrs={"rows": 3}),
            "room_url_name": forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false"}
            ),
        }
        help_texts = {
            "room_url_name": _(
                "The end of the room address. Leave empty to derive it from the name."
            ),
            "password": _("Sent to invitees in the invitation email."),
            "lobby_description": _("Shown to people in the waiting room."),
        }

    def __init__(self, *args, default_zone_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(validators.validate_room_name)
        self.fields["room_url_name"].required = False
        self.fields["room_url_name"].validators = []
        self.fields["password"].required = False
        self._set_initial_schedule(default_zone_name)
        self.helper = self._build_helper()

    def _set_initial_schedule(self, default_zone_name):
        meeting = self.instance
        if meeting.pk and meeting.starts_at:
            zone_name = meeting.timezone
            self.initial["start"] = timezones.aware_to_wall_time(
                meeting.starts_at, zone_name
            )
        else:
            zone_name = default_zone_name
            self.initial["start"] = timezones.default_start_wall_time(zone_name)
        self.initial["timezone"] = zone_name
        total_minutes = int(meeting.duration.total_seconds() // 60)
        self.initial["duration_hours"] = total_minutes // 60
        self.initial["duration_minutes"] = total_minutes % 60

    def _build_helper(self):
        helper = FormHelper()
        # The template renders the <form> tag and its CSRF token.
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Fieldset(
                _("Room"),
                "name",
                "room_url_name",
                "room_url_name_derived",
                Row(Column("room_type"), Column("access_type")),
                Field("password", wrapper_class="js-password-field"),
            ),
            Fieldset(
                _("Schedule"),
                Row(Column("start"), Column("timezone")),
                Row(
                    Column("duration_hours"),
                    Column("duration_minutes"),
                    css_class="js-duration",
                ),
            ),
            Fieldset(
                _("Attendance"),
                "lobby_enabled",
                Field("lobby_description", wrapper_class="js-lobby-field"),
                "registration_enabled",
            ),
        )
        return helper

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if len(name) > validators.NAME_MAX_LENGTH:
            raise forms.ValidationError(
                _("The room name may have at most %(max)d characters."),
                params={"max": validators.NAME_MAX_LENGTH},
            )
        return name

    def clean_room_url_name(self):
        value = self.cleaned_data.get("room_url_name", "").strip()
        if value:
            validators.validate_room_url_name(value)
        return value

    def clean(self):
        cleaned = super().clean()
        self._clean_access(cleaned)
        self._clean_lobby(cleaned)
        self._clean_schedule(cleaned)
        self._clean_room_url_uniqueness(cleaned)
        return cleaned

    def _clean_access(self, cleaned):
        if cleaned.get("access_type") == Meeting.AccessType.PASSWORD:
            try:
                validators.validate_room_password(cleaned.get("password", ""))
            except forms.ValidationError as error:
                self.add_error("password", error)
        else:
            # Only a password-protected room has a password.
            cleaned["password"] = ""

    def _clean_lobby(self, cleaned):
        if not cleaned.get("lobby_enabled"):
            cleaned["lobby_description"] = ""

    def _clean_schedule(self, cleaned):
        hours = cleaned.get("duration_hours")
        minutes = cleaned.get("duration_minutes")
        if hours is not None and minutes is not None:
            duration = timedelta(hours=hours, minutes=minutes)
            try:
                validators.validate_duration(duration)
                cleaned["duration"] = duration
            except forms.ValidationError as error:
                self.add_error("duration_hours", error)

        wall_time = cleaned.get("start")
        zone_name = cleaned.get("timezone")
        if wall_time is None or not zone_name:
            return
        try:
            starts_at = timezones.wall_time_to_aware(wall_time, zone_name)
        except timezones.NonexistentTimeError:
            self.add_error(
                "start",
                _(
                    "%(time)s does not exist in %(zone)s because the clocks "
                    "move forward then. Pick a time outside that hour."
                )
                % {"time": wall_time.strftime("%Y-%m-%d %H:%M"), "zone": zone_name},
            )
            return
        start_changed = starts_at != self.instance.starts_at
        if start_changed and starts_at < timezone.now() - START_GRACE:
            self.add_error("start", _("The start is in the past. Pick a later time."))
            return
        cleaned["starts_at"] = starts_at

    def _clean_room_url_uniqueness(self, cleaned):
        value = cleaned.get("room_url_name")
        if not value or cleaned.get("room_url_name_derived"):
            return
        taken = (
            Meeting.objects.filter(room_url_name=value)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            self.add_error(
                "room_url_name",
                _("Another meeting already uses the room URL “%(value)s”.")
                % {"value": value},
            )

    def _post_clean(self):
        super()._post_clean()
        # Fields computed in clean() that the ModelForm does not map itself.
        for name in ("starts_at", "duration", "timezone"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])

    @property
    def has_unusual_duration(self):
        duration = self.cleaned_data.get("duration")
        return duration is not None and validators.is_unusual_duration(duration)


class MeetingFilterForm(forms.Form):
    """Filters of the meetings list; every choice is optional."""

    SCOPE_MINE = "mine"
    SCOPE_ALL = "all"
    WHEN_UPCOMING = "upcoming"
    WHEN_PAST = "past"
    WHEN_ANY = "any"

    scope = forms.ChoiceField(
        label=_("Owner"),
        required=False,
        choices=[(SCOPE_MINE, _("My meetings")), (SCOPE_ALL, _("All meetings"))],
    )
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[
            (WHEN_UPCOMING, _("Upcoming")),
            (WHEN_PAST, _("Past")),
            (WHEN_ANY, _("Any time")),
        ],
    )
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("scope", css_class="col-md-3"),
                Column("when", css_class="col-md-3"),
                Column("q", css_class="col-md-4"),
            )
        )
