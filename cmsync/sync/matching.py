"""Person matching: link the people ClickMeeting reports to CRM contacts and leads.

Every attendee, registrant, chat author and poll respondent of an import is
matched by email, with these rules:

- The key is the email trimmed and lower-cased (`crm.models.normalize_email`),
  compared with the indexed `Person.email_normalized`.
- A Contact with that email wins over any Lead.
- When several contacts share the email (or, with no contact, several
  leads), the oldest wins: lowest `created_at`, then lowest id. The same
  data therefore always links to the same person.
- An email no contact or lead has gets exactly one new Lead, with company
  and lead source "ClickMeeting". When the person filled in a registration
  form, its first and last name are used. Otherwise the last name is
  "ClickMeeting" and the first name is the login the person used in the
  room. A missing registration first or last name falls back to the same
  values. The new lead's owner is the synchronization content owner.
- An empty email (phone dial-in, anonymous guest) links to nobody and
  creates no lead.
- Existing contacts and leads are only read: the sync never changes them.

An import collects every email it met before matching (`PersonDirectory.see`)
and resolves them in one go, so a person who appears in the chat, the polls,
a registration and two sessions still gets one lead. The links of committed
imports are reused by the next meetings of the same run, which then query
only for emails they are the first to meet. NOTE: a contact created while a
run is going therefore wins only from the next run on, for emails the run
had already linked to a lead. `SyncCreatedLead` has a
unique email, so two imports that meet the same new person at the same time
also end with one lead.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import IntegerField, Value

from cmsync.sync.models import SyncCreatedLead
from crm.models import Contact, Lead, normalize_email

logger = logging.getLogger(__name__)

LEAD_COMPANY = "ClickMeeting"
LEAD_SOURCE = "ClickMeeting"
LEAD_DEFAULT_LAST_NAME = "ClickMeeting"
QUERY_CHUNK = 500
# Index of each table's result in `_oldest_people`.
CONTACT, LEAD = 0, 1


@dataclass(frozen=True)
class PersonLink:
    contact_id: int | None = None
    lead_id: int | None = None


NO_PERSON = PersonLink()


@dataclass
class _Sighting:
    email: str
    login: str = ""
    first_name: str = ""
    last_name: str = ""
    registered: bool = False


class PersonDirectory:
    """Emails met during one import, resolved to people all at once."""

    def __init__(
        self,
        lead_owner_id: int | None = None,
        known: dict[str, PersonLink] | None = None,
    ):
        """`known` maps emails to the links found by earlier imports of the run."""
        self.lead_owner_id = lead_owner_id
        self.leads_created = 0
        self._sightings: dict[str, _Sighting] = {}
        self._links: dict[str, PersonLink] = {}
        self._known = known or {}

    def see(self, email, *, login="", first_name="", last_name="", registered=False):
        """Record one appearance of a person.

        The first login seen is kept, and registration names replace any
        login-based name, so callers feed registrations first and the rest
        in a stable order.
        """
        key = normalize_email(email)
        if not key:
            return
        sighting = self._sightings.setdefault(key, _Sighting(email=email.strip()))
        if login and not sighting.login:
            sighting.login = login.strip()
        if registered and not sighting.registered:
            sighting.registered = True
            sighting.first_name = (first_name or "").strip()
            sighting.last_name = (last_name or "").strip()

    def resolve(self) -> None:
        """Link every email seen to a contact or lead, creating missing leads."""
        pending = set(self._sightings) - set(self._links)
        for email in pending & self._known.keys():
            self._links[email] = self._known[email]
        pending -= set(self._links)
        if not pending:
            return
        contacts, leads = _oldest_people(pending)
        for email in pending:
            if email in contacts:
                self._links[email] = PersonLink(contact_id=contacts[email])
            elif email in leads:
                self._links[email] = PersonLink(lead_id=leads[email])
        pending -= set(self._links)
        if pending:
            created = self._create_leads(sorted(pending))
            for email, lead_id in created.items():
                self._links[email] = PersonLink(lead_id=lead_id)

    def links(self) -> dict[str, PersonLink]:
        """Return every link resolved so far, by normalized email."""
        return dict(self._links)

    def link(self, email) -> PersonLink:
        """Return the person an email resolved to, or NO_PERSON for an empty email."""
        return self._links.get(normalize_email(email), NO_PERSON)

    def _create_leads(self, emails: list[str]) -> dict[str, int]:
        drafts = [self._lead_for(email) for email in emails]
        with transaction.atomic():
            Lead.objects.bulk_create(drafts)
            SyncCreatedLead.objects.bulk_create(
                [
                    SyncCreatedLead(email_normalized=lead.email_normalized, lead=lead)
                    for lead in drafts
                ],
                ignore_conflicts=True,
            )
            winners = dict(
                SyncCreatedLead.objects.filter(email_normalized__in=emails).values_list(
                    "email_normalized", "lead_id"
                )
            )
            ours = {lead.email_normalized: lead.pk for lead in drafts}
            losers = [pk for email, pk in ours.items() if winners.get(email) != pk]
            if losers:
                # Another import created a lead for these emails first.
                Lead.objects.filter(pk__in=losers).delete()
                logger.info("dropped %d duplicate new leads after a race", len(losers))
        self.leads_created += len(ours) - len(losers)
        return {email: winners[email] for email in emails if email in winners}

    def _lead_for(self, email: str) -> Lead:
        sighting = self._sightings[email]
        first_name = sighting.login
        last_name = LEAD_DEFAULT_LAST_NAME
        if sighting.registered:
            first_name = sighting.first_name or sighting.login
            last_name = sighting.last_name or LEAD_DEFAULT_LAST_NAME
        return Lead(
            first_name=first_name[:100],
            last_name=last_name[:100],
            email=sighting.email[:254],
            email_normalized=email,
            company=LEAD_COMPANY,
            lead_source=LEAD_SOURCE,
            owner_id=self.lead_owner_id,
        )


def _oldest_people(emails) -> tuple[dict[str, int], dict[str, int]]:
    """Return the oldest contact and the oldest lead of each email, by id.

    Both tables are read with one UNION ALL query per chunk of emails.
    """
    oldest: tuple[dict[str, int], dict[str, int]] = ({}, {})
    emails = sorted(emails)
    for start in range(0, len(emails), QUERY_CHUNK):
        chunk = emails[start : start + QUERY_CHUNK]
        found = _people_query(Contact, CONTACT, chunk).union(
            _people_query(Lead, LEAD, chunk), all=True
        )
        for kind, email, _, pk in sorted(found, key=lambda row: row[1:]):
            oldest[kind].setdefault(email, pk)
    return oldest


def _people_query(model, kind: int, emails):
    # A query of a UNION may have no ORDER BY, so the model ordering is cleared.
    return (
        model.objects.filter(email_normalized__in=emails)
        .order_by()
        .values_list(
            Value(kind, output_field=IntegerField()),
            "email_normalized",
            "created_at",
            "id",
        )
    )
