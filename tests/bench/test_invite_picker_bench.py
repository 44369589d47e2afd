"""Benchmark: the "Invite people" picker searching 100,000 contacts.

Run with `make bench` (pytest -m bench -s). Prints one table row per search:
the median time of a picker refresh as the browser sends it while typing,
and the number of SQL queries it made. Not a timed test: it never fails on
speed.
"""

# A benchmark's result is the table it prints.
# ruff: noqa: T201

import statistics
import time

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cmsync.permissions import CREATOR
from crm.models import Account, Contact, normalize_email
from meetings.models import Meeting

CONTACTS = 100_000
ACCOUNTS = 1_000
ROUNDS = 15
FIRST_NAMES = ["Anna", "Piotr", "Maria", "Jan", "Olga", "Ivan", "Eva", "Noah"]
LAST_NAMES = ["Nowak", "Kowalski", "Wiśniewski", "Müller", "Smith", "Garcia"]

SEARCHES = [
    ("contact, empty search", {"participant_type": "contact", "participant_q": ""}),
    ("contact, common prefix", {"participant_type": "contact", "participant_q": "now"}),
    (
        "contact, one person",
        {"participant_type": "contact", "participant_q": "person77777"},
    ),
    ("contact, no match", {"participant_type": "contact", "participant_q": "zzzz"}),
    (
        "contact, two words",
        {"participant_type": "contact", "participant_q": "anna smith"},
    ),
    (
        "contact, page 50",
        {
            "participant_type": "contact",
            "participant_q": "",
            "participant_shown_q": "",
            "participant_shown_type": "contact",
            "participant_page": "50",
        },
    ),
    ("account, name part", {"participant_type": "account", "participant_q": "0042"}),
]


def create_contacts():
    accounts = Account.objects.bulk_create(
        Account(name=f"Account {n:04d}") for n in range(ACCOUNTS)
    )
    batch = []
    for n in range(CONTACTS):
        email = f"person{n}@example{n % 97}.com"
        batch.append(
            Contact(
                first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                last_name=f"{LAST_NAMES[n % len(LAST_NAMES)]}{n}",
                email=email,
                # bulk_create skips save(), which fills the matching key.
                email_normalized=normalize_email(email),
                account=accounts[n % ACCOUNTS],
            )
        )
        if len(batch) == 5_000:
            Contact.objects.bulk_create(batch)
            batch = []
    Contact.objects.bulk_create(batch)


@pytest.mark.bench
@pytest.mark.django_db
def test_invite_picker_search_over_100k_contacts(client):
    create_contacts()
    creator = User.objects.create_user("bench-creator", password="x")
    creator.groups.add(Group.objects.get(name=CREATOR))
    meeting = Meeting.objects.create(name="Benchmark webinar", owner=creator)
    client.force_login(creator)
    url = reverse("invitations:invite", args=[meeting.pk])
    headers = {"HX-Request": "true", "HX-Target": "participant-available"}

    print(f"\nInvite picker over {CONTACTS:,} contacts ({connection.vendor})")
    print("| search | median ms | queries |")
    print("| --- | ---: | ---: |")
    for label, data in SEARCHES:
        timings = []
        for _round in range(ROUNDS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.post(url, data, headers=headers)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200
        median_ms = statistics.median(timings) * 1000
        print(f"| {label} | {median_ms:.1f} | {len(queries)} |")
