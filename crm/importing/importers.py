"""Per-kind rules of the CSV import: columns, validation, references, duplicates."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.models import Account, Contact, Lead, normalize_email

from .errors import RowError
from .lookups import filter_iexact_in, values_in


@dataclass
class Candidate:
    """A valid row waiting for the duplicate check: its line and model values."""

    line_number: int
    fields: dict
    key: tuple = ()


def quoted(value):
    return f"“{Truncator(value).chars(60)}”"


class RecordImporter:
    """Validation and duplicate detection shared by the three kinds."""

    model = None
    label = ""
    # Columns stored on the model; other columns in the file are ignored.
    model_columns: tuple[str, ...] = ()
    # Columns resolved to related rows (the contact's account, by name).
    reference_columns: tuple[str, ...] = ()
    required_columns: tuple[str, ...] = ()

    @property
    def known_columns(self):
        return self.model_columns + self.reference_columns

    def clean(self, values: dict) -> dict:
        """Return the model values of one row, or raise RowError."""
        cleaned = {}
        for column in self.known_columns:
            raw = values.get(column, "")
            if column in self.required_columns and not raw:
                raise RowError(_("%(column)s is required") % {"column": column})
            if column in self.model_columns:
                cleaned[column] = self.clean_value(column, raw)
            else:
                cleaned[column] = raw
        return cleaned

    def clean_value(self, column, raw):
        # The model field's own validators (length, email syntax, choices)
        # keep imported rows as valid as those saved through the forms.
        field = self.model._meta.get_field(column)
        try:
            return field.clean(raw, None)
        except ValidationError as error:
            raise RowError(
                f"{column} {quoted(raw)}: {' '.join(error.messages)}"
            ) from None

    def resolve_references(self, candidates, report):
        """Return the candidates whose references exist; reject the others."""
        return candidates

    def build(self, fields: dict, owner):
        return self.model(owner=owner, **fields)


class AccountImporter(RecordImporter):
    """Accounts are duplicates when their names match, ignoring case."""

    model = Account
    label = gettext_lazy("accounts")
    model_columns = ("name", "website", "industry", "phone")
    required_columns = ("name",)

    def clean_value(self, column, raw):
        if column == "website" and raw and "://" not in raw:
            raw = "https://" + raw
        return super().clean_value(column, raw)

    def duplicate_key(self, fields):
        return (fields["name"].lower(),)

    def describe(self, fields):
        return _("Account %s") % quoted(fields["name"])

    def find_existing_keys(self, candidates):
        names = [candidate.fields["name"] for candidate in candidates]
        matches = filter_iexact_in(Account.objects.only("name"), "name", names)
        return {(account.name.lower(),) for account in matches}


class PersonImporter(RecordImporter):
    """Contacts and leads: duplicates share the normalized email, or, for a
    row without an email, the first and last name (any existing record of
    that name counts, with or without an email)."""

    def duplicate_key(self, fields):
        email = normalize_email(fields["email"])
        if email:
            return ("email", email)
        return ("name", *self.name_key(fields))

    def name_key(self, fields):
        return (fields["first_name"].lower(), fields["last_name"].lower())

    def describe(self, fields):
        name = " ".join(p for p in (fields["first_name"], fields["last_name"]) if p)
        if fields["email"]:
            return f"{name} <{fields['email']}>"
        return name

    def find_existing_keys(self, candidates):
        keys = {candidate.key for candidate in candidates}
        emails = [key[1] for key in keys if key[0] == "email"]
        found = {
            ("email", email)
            for email in values_in(self.model.objects, "email_normalized", emails)
        }
        last_names = [c.fields["last_name"] for c in candidates if c.key[0] == "name"]
        records = filter_iexact_in(self.model.objects.all(), "last_name", last_names)
        found.update(("name", *self.name_key(vars(record))) for record in records)
        return found

    def build(self, fields, owner):
        # bulk_create skips save(), which normally fills the matching key.
        person = super().build(fields, owner)
        person.email_normalized = normalize_email(person.email)
        return person


class ContactImporter(PersonImporter):
    """Contacts name their account in the `account` column, by account name.

    Without an email, a contact is a duplicate only within the same account.
    """

    model = Contact
    label = gettext_lazy("contacts")
    model_columns = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "mobile_phone",
        "title",
        "department",
    )
    reference_columns = ("account",)
    required_columns = ("last_name",)

    def name_key(self, fields):
        return (*super().name_key(fields), fields.get("account_id"))

    def resolve_references(self, candidates, report):
        names = [c.fields["account"] for c in candidates if c.fields["account"]]
        accounts = list(filter_iexact_in(Account.objects.only("name"), "name", names))
        exact = {account.name: account for account in accounts}
        by_lower = {account.name.lower(): account for account in accounts}

        resolved = []
        for candidate in candidates:
            name = candidate.fields.pop("account")
            account = exact.get(name) or by_lower.get(name.lower())
            if name and account is None:
                report.reject(
                    candidate.line_number,
                    _("account %s not found; import the account first") % quoted(name),
                )
                continue
            candidate.fields["account_id"] = account.pk if account else None
            resolved.append(candidate)
        return resolved


class LeadImporter(PersonImporter):
    model = Lead
    label = gettext_lazy("leads")
    model_columns = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "title",
        "company",
        "lead_source",
        "status",
    )
    required_columns = ("last_name", "company")

    def clean_value(self, column, raw):
        if column == "status":
            raw = self.match_status(raw)
        return super().clean_value(column, raw)

    @staticmethod
    def match_status(raw):
        """Map a status such as "Open" to its stored value; empty means open."""
        if not raw:
            return Lead.Status.OPEN
        status_text = raw.casefold()
        for value, label in Lead.Status.choices:
            if status_text in (value.casefold(), str(label).casefold()):
                return value
        raise RowError(
            _("status %(value)s is not one of: %(choices)s")
            % {"value": quoted(raw), "choices": ", ".join(Lead.Status.values)}
        )


IMPORTERS = {
    "accounts": AccountImporter(),
    "contacts": ContactImporter(),
    "leads": LeadImporter(),
}
