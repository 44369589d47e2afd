"""The ClickMeeting configuration: one row for the whole installation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admin_config import encryption
from admin_config.content_owner import validate_content_owner
from admin_config.validators import (
    validate_endpoint_url,
    validate_start_date_not_in_future,
)

DEFAULT_ENDPOINT_URL = "https://api.clickmeeting.com/v1/"
SINGLETON_PK = 1

# ClickMeeting publishes no complete list of invitation e-mail languages:
# en, pl, ru, de and es are confirmed by captured calls, the others are assumed.
INVITATION_LANGUAGES = [
    ("en", _("English")),
    ("pl", _("Polish")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
    ("ru", _("Russian")),
]

MASK = "••••"
# Keys shorter than this are masked whole, because their last four
# characters would give away too much of them.
MIN_LENGTH_TO_SHOW_TAIL = 12


class SyncFrequency(models.IntegerChoices):
    EVERY_15_MINUTES = 15, _("Every 15 minutes")
    EVERY_30_MINUTES = 30, _("Every 30 minutes")
    EVERY_60_MINUTES = 60, _("Every 60 minutes")


class ApiKeyUnreadableError(Exception):
    """The stored API key does not decrypt with FIELD_ENCRYPTION_KEYS."""


def mask_secret(secret: str) -> str:
    """Return a secret with all but its last four characters hidden."""
    if len(secret) < MIN_LENGTH_TO_SHOW_TAIL:
        return MASK
    return MASK + secret[-4:]


class ClickMeetingConfig(models.Model):
    """Connection and synchronization settings for ClickMeeting (a singleton)."""

    endpoint_url = models.URLField(
        _("endpoint URL"),
        max_length=500,
        default=DEFAULT_ENDPOINT_URL,
        validators=[validate_endpoint_url],
        help_text=_(
            "Base URL of the ClickMeeting REST API. Must use https://, "
            "except for a sandbox on localhost."
        ),
    )
    # A Fernet token, never the key itself: read and write it through
    # `api_key` and `set_api_key()`.
    api_key_encrypted = models.TextField(
        _("API key (encrypted)"), blank=True, editable=False
    )
    invitation_language = models.CharField(
        _("invitation language"),
        max_length=2,
        choices=INVITATION_LANGUAGES,
        default="en",
        help_text=_("Language of the invitation e-mails ClickMeeting sends."),
    )
    sync_start_date = models.DateField(
        _("synchronization start date"),
        default=timezone.localdate,
        validators=[validate_start_date_not_in_future],
        help_text=_(
            "Meetings that ended before this date are not imported. Must be "
            "today or earlier. Moving it earlier imports the meetings that "
            "ended in between in the background, and the sync run log shows "
            "that historical import."
        ),
    )
    previous_sync_start_date = models.DateField(
        _("previous synchronization start date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The start date before its last change."),
    )
    sync_start_date_changed_at = models.DateTimeField(
        _("synchronization start date changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the start date last changed."),
    )
    sync_content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("synchronization content owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Owner of meetings that were created in ClickMeeting directly "
            "and arrive by synchronization: an active Creator or "
            "Administrator. Left empty, those meetings have no owner and "
            "only Administrators can edit them."
        ),
    )
    sync_frequency_minutes = models.PositiveSmallIntegerField(
        _("synchronization frequency"),
        choices=SyncFrequency.choices,
        default=SyncFrequency.EVERY_30_MINUTES,
        help_text=_(
            "How often the periodic bulk sync fetches changes from "
            "ClickMeeting. Saving updates the scheduled job."
        ),
    )
    last_success_at = models.DateTimeField(
        _("last successful call"), null=True, blank=True, editable=False
    )
    last_error_message = models.CharField(
        _("last error"), max_length=500, blank=True, editable=False
    )
    last_error_at = models.DateTimeField(
        _("last error time"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("ClickMeeting configuration")
        verbose_name_plural = _("ClickMeeting configuration")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=SINGLETON_PK),
                name="clickmeetingconfig_single_row",
            )
        ]

    def __str__(self):
        return str(_("ClickMeeting configuration"))

    def save(self, *args, **kwargs):
        self.pk = SINGLETON_PK
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.sync_content_owner_id is not None:
            try:
                validate_content_owner(self.sync_content_owner)
            except ValidationError as exc:
                raise ValidationError({"sync_content_owner": exc}) from exc

    @property
    def has_api_key(self) -> bool:
        return bool(self.api_key_encrypted)

    @property
    def api_key(self) -> str:
        """The API key in clear, or "" when none is stored.

        Raises ApiKeyUnreadableError when the stored key does not decrypt,
        which happens after FIELD_ENCRYPTION_KEYS lost the key that made it.
        """
        if not self.api_key_encrypted:
            return ""
        try:
            return encryption.decrypt(self.api_key_encrypted)
        except encryption.InvalidToken as exc:
            raise ApiKeyUnreadableError(
                "The stored ClickMeeting API key cannot be decrypted with "
                "FIELD_ENCRYPTION_KEYS. Enter the API key again."
            ) from exc

    def set_api_key(self, plaintext: str) -> None:
        """Store a new API key encrypted, or remove the key when it is empty."""
        plaintext = plaintext.strip()
        self.api_key_encrypted = encryption.encrypt(plaintext) if plaintext else ""

    def rotate_api_key_encryption(self) -> None:
        """Re-encrypt the stored key with the first FIELD_ENCRYPTION_KEYS key."""
        if self.api_key_encrypted:
            self.api_key_encrypted = encryption.rotate(self.api_key_encrypted)

    @property
    def has_readable_api_key(self) -> bool:
        try:
            return bool(self.api_key)
        except ApiKeyUnreadableError:
            return False

    @property
    def masked_api_key(self) -> str:
        """The API key as it may be shown: empty, masked, or a warning."""
        try:
            plaintext = self.api_key
        except ApiKeyUnreadableError:
            return str(_("(stored key cannot be decrypted; enter it again)"))
        return mask_secret(plaintext) if plaintext else ""

    @property
    def connection_ok(self) -> bool | None:
        """True or False after the latest call, None before any call."""
        if self.last_success_at is None and self.last_error_at is None:
            return None
        if self.last_error_at is None:
            return True
        if self.last_success_at is None:
            return False
        return self.last_success_at > self.last_error_at
