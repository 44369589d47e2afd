"""The CRM people the integration attaches to: accounts, contacts and leads."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def normalize_email(email):
    """The form every email comparison uses: trimmed and lower-cased."""
    return (email or "").strip().lower()


class TimestampedOwnedModel(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class Account(TimestampedOwnedModel):
    name = models.CharField(_("name"), max_length=255)
    website = models.URLField(_("website"), blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="crm_account_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("crm:account_detail", args=[self.pk])


class Person(TimestampedOwnedModel):
    """Fields shared by contacts and leads, including the matching key."""

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    # Trimmed, lower-cased copy of `email`, indexed: every lookup by email
    # (sync matching, duplicate checks, invitation pickers) goes through it.
    email_normalized = models.CharField(
        max_length=254, blank=True, editable=False, db_index=True
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip()
        self.email_normalized = normalize_email(self.email)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "email" in update_fields:
            kwargs["update_fields"] = {*update_fields, "email_normalized"}
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class Contact(Person):
    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    department = models.CharField(_("department"), max_length=100, blank=True)
    mobile_phone = models.CharField(_("mobile phone"), max_length=50, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="crm_contact_name"),
        ]

    def get_absolute_url(self):
        return reverse("crm:contact_detail", args=[self.pk])


class Lead(Person):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WORKING = "working", _("Working")
        QUALIFIED = "qualified", _("Qualified")
        UNQUALIFIED = "unqualified", _("Unqualified")
        CONVERTED = "converted", _("Converted")

    company = models.CharField(_("company"), max_length=255)
    lead_source = models.CharField(_("lead source"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="crm_lead_name"),
        ]

    def get_absolute_url(self):
        return reverse("crm:lead_detail", args=[self.pk])
