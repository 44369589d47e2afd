"""Forms of the CRM pages: create and edit people and accounts, upload a CSV."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from crm.models import Account, Contact, Lead, normalize_email

MAX_IMPORT_FILE_SIZE = 10 * 1024 * 1024


class AccountForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Account
        fields = ["name", "website", "industry", "phone"]

    def clean_name(self):
        # The database constraint compares names exactly; the CSV import
        # treats names that differ only in case as the same account.
        name = self.cleaned_data["name"].strip()
        clashes = Account.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clashes.exists():
            raise forms.ValidationError(
                _("An account named “%(name)s” already exists."),
                code="duplicate",
                params={"name": clashes.first().name},
            )
        return name


class PersonForm(forms.ModelForm):
    """Rejects an email that another record of the same model already uses,
    ignoring case and surrounding spaces, as the CSV import does."""

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        normalized = normalize_email(email)
        if not normalized:
            return email
        model = self._meta.model
        others = model.objects.filter(email_normalized=normalized)
        other = others.exclude(pk=self.instance.pk).first()
        if other is not None:
            raise forms.ValidationError(
                _("%(name)s already uses this email."),
                code="duplicate",
                params={"name": other.full_name},
            )
        return email


class ContactForm(PersonForm):
    # NOTE: the account field renders every account as an option, which
    # suits hundreds of accounts; tens of thousands would need a search widget.

    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "email",
            "account",
            "title",
            "department",
            "phone",
            "mobile_phone",
        ]


class LeadForm(PersonForm):
    class Meta:
        model = Lead
        fields = [
            "first_name",
            "last_name",
            "email",
            "company",
            "title",
            "phone",
            "lead_source",
            "status",
        ]


class CsvImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Records in the file"),
        choices=[
            ("accounts", _("Accounts")),
            ("contacts", _("Contacts")),
            ("leads", _("Leads")),
        ],
    )
    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8, comma-separated, with a header line naming the columns; "
            "at most %(size)s."
        ) % {"size": filesizeformat(MAX_IMPORT_FILE_SIZE)}

    def clean_file(self):
        # NOTE: Django has already stored the whole upload (in a temporary
        # file) when this runs; cap request bodies in the web server too.
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_FILE_SIZE:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s, more than the limit of %(limit)s. "
                    "Split it into smaller files and import them one by one."
                ),
                code="too_large",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(MAX_IMPORT_FILE_SIZE),
                },
            )
        return upload
