"""Invitations: one CRM person asked to one meeting, with the role they get."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.models import normalize_email


class Invitation(models.Model):
    """One CRM contact or lead invited to one meeting, and how sending went."""

    class Role(models.TextChoices):
        # ClickMeeting calls a participant a "listener".
        PARTICIPANT = "participant", _("Participant")
        PRESENTER = "presenter", _("Presenter")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        # Claimed by a worker that is calling ClickMeeting right now.
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="invitations"
    )
    contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    lead = models.ForeignKey(
        "crm.Lead",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    email = models.EmailField(_("email"))
    email_normalized = models.CharField(max_length=254, editable=False)
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    token = models.CharField(_("access token"), max_length=32, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    send_count = models.PositiveIntegerField(_("times sent"), default=0)
    # The claim of a send: a worker moves rows from pending to sending with
    # one conditional UPDATE that stamps its own batch id, then sends exactly
    # the rows carrying that id, so two workers never e-mail a person twice.
    send_batch = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "email_normalized"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(contact__isnull=False, lead__isnull=True)
                    | Q(contact__isnull=True, lead__isnull=False)
                ),
                name="invitations_one_person",
            ),
            models.UniqueConstraint(
                fields=["meeting", "email_normalized"],
                name="invitations_once_per_meeting",
            ),
        ]
        indexes = [
            # Serves the claim of a meeting's pending invitations.
            models.Index(fields=["meeting", "state"], name="invitations_meeting_state"),
            models.Index(fields=["send_batch"], name="invitations_send_batch"),
        ]

    def __str__(self):
        return f"{self.email} → {self.meeting}"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip()
        self.email_normalized = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def person(self):
        return self.contact or self.lead

    @property
    def clickmeeting_role(self):
        """The role name ClickMeeting's invitation call expects."""
        return CLICKMEETING_ROLES[self.role]


CLICKMEETING_ROLES = {
    Invitation.Role.PARTICIPANT: "listener",
    Invitation.Role.PRESENTER: "presenter",
}
