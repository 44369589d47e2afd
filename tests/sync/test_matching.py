"""Person matching rules, without ClickMeeting."""

import datetime as dt

import pytest

from cmsync.sync import matching
from cmsync.sync.matching import PersonDirectory
from cmsync.sync.models import SyncCreatedLead
from crm.models import Contact, Lead

pytestmark = pytest.mark.django_db


def contact(email, created_days_ago=0, **extra):
    person = Contact.objects.create(last_name="Contact", email=email, **extra)
    Contact.objects.filter(pk=person.pk).update(
        created_at=person.created_at - dt.timedelta(days=created_days_ago)
    )
    return person


def lead(email, created_days_ago=0):
    person = Lead.objects.create(last_name="Lead", company="Acme", email=email)
    Lead.objects.filter(pk=person.pk).update(
        created_at=person.created_at - dt.timedelta(days=created_days_ago)
    )
    return person


def resolve(*emails, **seen):
    directory = PersonDirectory()
    for email in emails:
        directory.see(email, **seen)
    directory.resolve()
    return directory


def test_variants_of_an_email_match_one_contact():
    ada = contact("ada@example.com")

    directory = resolve(" ADA@example.com ", "Ada@Example.Com", "ada@example.com")

    assert directory.link("  ada@EXAMPLE.com").contact_id == ada.pk
    assert directory.leads_created == 0


def test_contact_wins_over_older_lead():
    lead("sam@example.com", created_days_ago=30)
    sam = contact("sam@example.com")

    link = resolve("sam@example.com").link("sam@example.com")

    assert link == matching.PersonLink(contact_id=sam.pk)


def test_oldest_contact_wins():
    contact("twin@example.com", created_days_ago=1)
    oldest = contact("twin@example.com", created_days_ago=5)
    contact("twin@example.com", created_days_ago=3)

    assert resolve("twin@example.com").link("twin@example.com").contact_id == oldest.pk


def test_same_created_at_falls_back_to_lowest_id():
    first = lead("pair@example.com")
    second = lead("pair@example.com")
    Lead.objects.filter(pk=second.pk).update(
        created_at=Lead.objects.get(pk=first.pk).created_at
    )

    assert resolve("pair@example.com").link("pair@example.com").lead_id == first.pk


def test_unknown_email_creates_one_lead_with_login_name():
    directory = PersonDirectory()
    directory.see(" New.Person@Example.org", login="Newbie")
    directory.see("new.person@example.org", login="Other login")

    directory.resolve()

    created = Lead.objects.get()
    assert directory.link("new.person@example.org").lead_id == created.pk
    assert created.first_name == "Newbie"
    assert created.last_name == "ClickMeeting"
    assert created.company == "ClickMeeting"
    assert created.lead_source == "ClickMeeting"
    assert created.email == "New.Person@Example.org"
    assert created.email_normalized == "new.person@example.org"
    assert directory.leads_created == 1


def test_registration_names_win_over_login():
    directory = PersonDirectory()
    directory.see("reg@example.org", login="rgx")
    directory.see(
        "REG@example.org",
        login="rgx",
        first_name="Rita",
        last_name="Gomez",
        registered=True,
    )

    directory.resolve()

    created = Lead.objects.get()
    assert (created.first_name, created.last_name) == ("Rita", "Gomez")


def test_empty_email_links_nobody():
    directory = resolve("", "   ", login="+48 22 555")

    assert directory.link("") == matching.NO_PERSON
    assert not Lead.objects.exists()


def test_existing_people_are_not_changed():
    ada = contact("ada@example.com", first_name="Ada")
    before = Contact.objects.values().get(pk=ada.pk)

    resolve("ADA@example.com", login="Somebody else")

    assert Contact.objects.values().get(pk=ada.pk) == before


def test_lost_race_keeps_the_winners_lead(monkeypatch):
    winner = lead("race@example.org")
    SyncCreatedLead.objects.create(email_normalized="race@example.org", lead=winner)
    original = matching._oldest_people

    def blind_to_leads(emails):
        # As if the other import's lead was not committed yet when we looked.
        contacts, _ = original(emails)
        return contacts, {}

    monkeypatch.setattr(matching, "_oldest_people", blind_to_leads)

    directory = resolve("race@example.org", login="Racer")

    assert directory.link("race@example.org").lead_id == winner.pk
    assert list(Lead.objects.values_list("pk", flat=True)) == [winner.pk]
    assert directory.leads_created == 0
