"""CRM people as the invitation pages handle them: keyed, loaded and searched.

A person is addressed by a key such as "contact:12" or "lead:7", so one list
can hold contacts and leads and survive a round-trip through a form.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.models import Contact, Lead, normalize_email
from invitations.models import Invitation

PAGE_SIZE = 20
# Words of a search beyond this are ignored: each adds a condition per row.
MAX_SEARCH_WORDS = 4
MAX_SEARCH_LENGTH = 100


class SearchType:
    CONTACT = "contact"
    LEAD = "lead"
    ACCOUNT = "account"
    CHOICES = [
        (CONTACT, _("Contact")),
        (LEAD, _("Lead")),
        (ACCOUNT, _("Account")),
    ]
    VALUES = {CONTACT, LEAD, ACCOUNT}


@dataclass(frozen=True)
class PersonRef:
    """A reference to one contact or lead."""

    kind: str
    pk: int

    @property
    def key(self):
        return f"{self.kind}:{self.pk}"

    @classmethod
    def parse(cls, key):
        """Return the reference a key names, or None for a malformed key."""
        kind, _sep, pk = (key or "").partition(":")
        if kind not in (SearchType.CONTACT, SearchType.LEAD) or not pk.isdigit():
            return None
        return cls(kind, int(pk))

    @classmethod
    def of(cls, person):
        kind = SearchType.CONTACT if isinstance(person, Contact) else SearchType.LEAD
        return cls(kind, person.pk)


@dataclass(frozen=True)
class Candidate:
    """A person as the pickers show them."""

    ref: PersonRef
    person: Contact | Lead

    @property
    def key(self):
        return self.ref.key

    @property
    def kind_label(self):
        return _("Contact") if self.ref.kind == SearchType.CONTACT else _("Lead")

    @property
    def name(self):
        return self.person.full_name or self.person.email

    @property
    def email(self):
        return self.person.email

    @property
    def email_normalized(self):
        return normalize_email(self.person.email)

    @property
    def organisation(self):
        if self.ref.kind == SearchType.CONTACT:
            account = self.person.account
            return account.name if account else ""
        return self.person.company


@dataclass(frozen=True)
class CandidatePage:
    """One page of search results; `has_next` comes from fetching one extra row."""

    candidates: list
    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def next_number(self):
        return self.number + 1

    @property
    def previous_number(self):
        return self.number - 1


CONTACT_FIELDS = ("id", "first_name", "last_name", "email", "account__name")
LEAD_FIELDS = ("id", "first_name", "last_name", "email", "company")


def contacts():
    return Contact.objects.select_related("account").only(*CONTACT_FIELDS)


def leads():
    return Lead.objects.only(*LEAD_FIELDS)


def load_people(refs):
    """Return {key: Candidate} for the references that still exist.

    Costs one query per kind present in `refs`.
    """
    found = {}
    contact_ids = [ref.pk for ref in refs if ref.kind == SearchType.CONTACT]
    lead_ids = [ref.pk for ref in refs if ref.kind == SearchType.LEAD]
    if contact_ids:
        for contact in contacts().filter(pk__in=contact_ids):
            candidate = Candidate(PersonRef.of(contact), contact)
            found[candidate.key] = candidate
    if lead_ids:
        for lead in leads().filter(pk__in=lead_ids):
            candidate = Candidate(PersonRef.of(lead), lead)
            found[candidate.key] = candidate
    return found


def search_words(text):
    words = (text or "")[:MAX_SEARCH_LENGTH].split()
    return words[:MAX_SEARCH_WORDS]


def matching_text(words):
    """Every word must start a first or last name, or occur in the email."""
    condition = Q()
    for word in words:
        condition &= (
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(email_normalized__contains=word.lower())
        )
    return condition


def search_candidates(
    meeting,
    search_type,
    text,
    *,
    page=1,
    excluded=(),
    excluded_emails=(),
):
    """Return one page of people who may still be invited to `meeting`.

    `excluded` holds PersonRefs already selected; `excluded_emails` their
    normalised emails, so nobody is offered twice under another record.
    One query, with no COUNT: the page size plus one row tells whether a
    next page exists.
    """
    words = search_words(text)
    if search_type == SearchType.LEAD:
        kind = SearchType.LEAD
        queryset = leads().filter(matching_text(words))
    else:
        kind = SearchType.CONTACT
        queryset = contacts()
        if search_type == SearchType.ACCOUNT:
            queryset = queryset.filter(account__isnull=False)
            for word in words:
                queryset = queryset.filter(account__name__icontains=word)
        else:
            queryset = queryset.filter(matching_text(words))

    invited = Invitation.objects.filter(meeting=meeting).values("email_normalized")
    queryset = queryset.exclude(email_normalized__in=invited)
    excluded_ids = [ref.pk for ref in excluded if ref.kind == kind]
    if excluded_ids:
        queryset = queryset.exclude(pk__in=excluded_ids)
    emails = [email for email in excluded_emails if email]
    if emails:
        queryset = queryset.exclude(email_normalized__in=emails)

    page = max(page, 1)
    offset = (page - 1) * PAGE_SIZE
    # The order matches the (last_name, first_name) index, so the database
    # can walk the index and stop after the page instead of sorting all rows.
    rows = list(
        queryset.order_by("last_name", "first_name", "id")[
            offset : offset + PAGE_SIZE + 1
        ]
    )
    candidates = [Candidate(PersonRef(kind, row.pk), row) for row in rows]
    return CandidatePage(
        candidates=candidates[:PAGE_SIZE],
        number=page,
        has_next=len(candidates) > PAGE_SIZE,
    )
