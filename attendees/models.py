"""Session attendance and meeting registrations, as ClickMeeting reports them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Attendee(models.Model):
    """One person in one session."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="attendees"
    )
    session = models.ForeignKey(
        "meetings.Session", on_delete=models.CASCADE, related_name="attendees"
    )
    # ClickMeeting's attendee id ("uid" in the attendees call).
    clickmeeting_id = models.CharField(_("ClickMeeting attendee id"), max_length=64)
    email = models.CharField(_("email"), max_length=254, blank=True)
    email_normalized = models.CharField(max_length=254, blank=True, db_index=True)
    # The display name the person typed when joining; never copied to the person.
    login = models.CharField(_("login"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=True)
    device = models.CharField(_("device"), max_length=100, blank=True)
    # Registration form answers as [{"label": ..., "value": ...}], in form order.
    registration = models.JSONField(_("registration"), default=list, blank=True)
    invitation = models.ForeignKey(
        "invitations.Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendees",
    )
    contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
    )
    lead = models.ForeignKey(
        "crm.Lead",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session_id", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "clickmeeting_id"], name="attendees_once_per_session"
            ),
        ]
        indexes = [
            models.Index(
                fields=["meeting", "email_normalized"], name="attendees_by_email"
            ),
        ]

    def __str__(self):
        return self.login or self.email or self.attendee_number

    def get_absolute_url(self):
        return reverse("attendees:detail", args=[self.pk])

    @property
    def attendee_number(self):
        return f"A-{self.pk:07d}" if self.pk else ""

    @property
    def person(self):
        return self.contact or self.lead


class Registration(models.Model):
    """A registration for a meeting, whether or not the person came."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="registrations"
    )
    session = models.ForeignKey(
        "meetings.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    clickmeeting_id = models.BigIntegerField(_("ClickMeeting registration id"))
    email = models.CharField(_("email"), max_length=254, blank=True)
    email_normalized = models.CharField(max_length=254, blank=True, db_index=True)
    first_name = models.CharField(_("first name"), max_length=255, blank=True)
    last_name = models.CharField(_("last name"), max_length=255, blank=True)
    # Answers as [{"label": ..., "value": ...}], in form order.
    fields = models.JSONField(_("answers"), default=list, blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    lead = models.ForeignKey(
        "crm.Lead",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting_id", "registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "clickmeeting_id"],
                name="attendees_registration_once",
            ),
        ]

    def __str__(self):
        return self.email or f"{self.first_name} {self.last_name}".strip()

    @property
    def person(self):
        return self.contact or self.lead
