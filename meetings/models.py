"""Meetings mirror ClickMeeting conference rooms; the rest is what a room produced."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MANUAL_IMPORT_INTERVAL = timedelta(hours=12)


class Meeting(models.Model):
    class AccessType(models.IntegerChoices):
        # The values are ClickMeeting's own access_type codes.
        OPEN = 1, _("Open")
        PASSWORD = 2, _("Password-protected")
        TOKEN = 3, _("Token-protected")

    class RoomType(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        WEBINAR = "webinar", _("Webinar")

    class PushState(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    name = models.CharField(_("room name"), max_length=255)
    room_url_name = models.SlugField(_("room URL"), max_length=100, blank=True)
    access_type = models.PositiveSmallIntegerField(
        _("access type"), choices=AccessType.choices, default=AccessType.OPEN
    )
    password = models.CharField(_("password"), max_length=64, blank=True)
    starts_at = models.DateTimeField(_("start"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    duration = models.DurationField(_("duration"), default=timedelta(hours=1))
    room_type = models.CharField(
        _("room type"), max_length=10, choices=RoomType.choices, default="meeting"
    )
    permanent_room = models.BooleanField(_("permanent room"), default=False)
    lobby_enabled = models.BooleanField(_("waiting room enabled"), default=False)
    lobby_description = models.TextField(_("waiting room agenda"), blank=True)
    registration_enabled = models.BooleanField(_("registration enabled"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )

    # What ClickMeeting knows about the room.
    clickmeeting_id = models.BigIntegerField(
        _("ClickMeeting id"), null=True, blank=True, unique=True
    )
    room_url = models.URLField(_("room address"), max_length=500, blank=True)
    room_pin = models.BigIntegerField(_("room PIN"), null=True, blank=True)
    source_status = models.CharField(
        _("status in ClickMeeting"), max_length=20, blank=True
    )
    source_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_at_source = models.DateTimeField(
        _("deleted in ClickMeeting"), null=True, blank=True
    )

    # Push of local changes to ClickMeeting, done in the background.
    push_state = models.CharField(
        _("push state"), max_length=10, choices=PushState.choices, default="pending"
    )
    push_error = models.TextField(_("push error"), blank=True)
    push_attempts = models.PositiveIntegerField(default=0, editable=False)
    pushed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Bumped on every local change; the push records the version it sent, so
    # a retried push of an already-sent version does nothing twice.
    local_version = models.PositiveIntegerField(default=1, editable=False)
    pushed_version = models.PositiveIntegerField(default=0, editable=False)
    # A claim taken with a conditional update, so two pushes of one meeting
    # never call ClickMeeting at the same time (and never create two rooms).
    push_lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by an edit of the start, name or access settings; the push sends
    # the invitations again once ClickMeeting has the new details.
    invitations_resend_due = models.BooleanField(default=False, editable=False)

    # Import of what the room produced.
    last_bulk_import_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_manual_import_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set once every session has ended and late data (recordings) is in, so
    # the bulk sync stops fetching a finished meeting again.
    import_complete = models.BooleanField(default=False, editable=False)
    # A lease so a bulk run and a manual import never write the same meeting
    # at the same time; taken with a conditional update.
    import_lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    import_lease_holder = models.CharField(max_length=64, blank=True, editable=False)

    total_visitors = models.PositiveIntegerField(_("total visitors"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["starts_at"], name="meetings_starts_at"),
            models.Index(fields=["owner", "starts_at"], name="meetings_owner_start"),
        ]
        permissions = [
            ("assign_meeting", "Can assign a meeting to oneself"),
            ("import_meeting", "Can import a meeting's data now"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def ends_at(self):
        if self.starts_at is None:
            return None
        return self.starts_at + self.duration

    @property
    def next_manual_import_at(self):
        """When "Import data now" may run again; None when it may run now."""
        if self.last_manual_import_at is None:
            return None
        next_at = self.last_manual_import_at + MANUAL_IMPORT_INTERVAL
        return next_at if next_at > timezone.now() else None


class Session(models.Model):
    """One occurrence of a room: from the first person in to the last out."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="sessions"
    )
    clickmeeting_id = models.BigIntegerField(_("ClickMeeting id"), unique=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    total_visitors = models.PositiveIntegerField(_("total visitors"), default=0)
    peak_visitors = models.PositiveIntegerField(_("peak visitors"), default=0)
    # Set when attendees, registrations, chat and polls of an ended session
    # have been imported; a complete session is not fetched again.
    import_complete = models.BooleanField(default=False, editable=False)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return (
            f"{self.meeting} · {self.started_at:%Y-%m-%d %H:%M}"
            if self.started_at
            else str(self.meeting)
        )

    @property
    def duration(self):
        if self.started_at and self.ended_at:
            return self.ended_at - self.started_at
        return None


class PollAnswer(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="poll_answers"
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="poll_answers"
    )
    attendee = models.ForeignKey(
        "attendees.Attendee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="poll_answers",
    )
    contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="poll_answers",
    )
    lead = models.ForeignKey(
        "crm.Lead",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="poll_answers",
    )
    poll_id = models.CharField(max_length=64, blank=True)
    poll_title = models.CharField(_("poll"), max_length=500, blank=True)
    question_id = models.CharField(max_length=64, blank=True)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    respondent_email = models.CharField(_("email"), max_length=254, blank=True)
    respondent_name = models.CharField(_("respondent"), max_length=255, blank=True)
    # Stable hash of the ClickMeeting identity of this answer; makes the
    # import an upsert instead of an append.
    source_key = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["session_id", "poll_title", "question", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "source_key"], name="meetings_poll_answer_unique"
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.answer}"


class ChatMessage(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="chat_messages"
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="chat_messages"
    )
    sent_at = models.DateTimeField(_("time"), null=True, blank=True)
    author_name = models.CharField(_("author"), max_length=255, blank=True)
    author_email = models.CharField(_("email"), max_length=254, blank=True)
    contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chat_messages",
    )
    lead = models.ForeignKey(
        "crm.Lead",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chat_messages",
    )
    # Untrusted text from ClickMeeting: always rendered escaped.
    text = models.TextField(_("message"))
    position = models.PositiveIntegerField(default=0)
    source_key = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["session_id", "sent_at", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "source_key"], name="meetings_chat_message_unique"
            ),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.text[:50]}"


class File(models.Model):
    class Kind(models.TextChoices):
        RECORDING = "recording", _("Recording")
        DOCUMENT = "document", _("Document")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    clickmeeting_id = models.BigIntegerField(_("ClickMeeting id"))
    name = models.CharField(_("name"), max_length=500)
    file_type = models.CharField(_("type"), max_length=100, blank=True)
    size_bytes = models.BigIntegerField(_("size"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration"), null=True, blank=True)
    created_at_source = models.DateTimeField(_("created"), null=True, blank=True)
    # Download URLs are signed and expire, so none is stored: the download
    # view asks ClickMeeting for a fresh one at click time.

    class Meta:
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "clickmeeting_id"],
                name="meetings_file_unique",
            ),
        ]

    def __str__(self):
        return self.name


class CalendarFeed(models.Model):
    """A user's secret iCalendar feed address; deleting the row revokes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self):
        return f"{self.user} calendar feed"

    def get_absolute_url(self):
        return reverse("meetings:calendar_feed", args=[self.token])
