"""The run log: every sync run is a row an administrator can read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncRun(models.Model):
    class Kind(models.TextChoices):
        BULK = "bulk", _("Bulk sync")
        MANUAL = "manual", _("Manual import")
        HISTORY = "history", _("Historical import")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        PARTIAL = "partial", _("Finished with errors")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sync_runs",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Bounds of a historical import: meetings that ended in [from, until).
    history_from = models.DateField(null=True, blank=True)
    history_until = models.DateField(null=True, blank=True)

    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)

    meetings_seen = models.PositiveIntegerField(_("meetings seen"), default=0)
    meetings_imported = models.PositiveIntegerField(_("meetings imported"), default=0)
    rows_created = models.PositiveIntegerField(_("rows created"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    leads_created = models.PositiveIntegerField(_("leads created"), default=0)
    api_calls = models.PositiveIntegerField(_("API calls"), default=0)
    # [{"meeting_id": ..., "clickmeeting_id": ..., "error": ...}], short texts.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # Stamped while the run makes progress. A running run whose heartbeat is
    # old belongs to a worker that died, so the next run marks it failed.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Ids of the meetings a historical import still has to import, in order;
    # each background batch takes from the front.
    pending_meeting_ids = models.JSONField(default=list, blank=True, editable=False)
    # A manual run's claim on the meeting's 12-hour allowance: the time it
    # wrote to Meeting.last_manual_import_at, and the value it replaced. A
    # manual run that fails without importing restores the replaced value.
    allowance_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    allowance_previous_at = models.DateTimeField(null=True, blank=True, editable=False)
    allowance_returned = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "state"], name="sync_run_kind_state"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_active(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def progress_percent(self):
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class SyncCreatedLead(models.Model):
    """The lead the sync created for an email that no contact or lead had.

    The unique email makes a second lead for the same email impossible, even
    when two imports meet the same new person at the same moment: the loser
    of the race deletes its own lead and uses the winner's.
    """

    email_normalized = models.CharField(max_length=254, unique=True)
    lead = models.OneToOneField(
        "crm.Lead", on_delete=models.CASCADE, related_name="sync_origin"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.email_normalized
