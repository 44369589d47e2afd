"""CRM pages: search, pagination, forms, query budgets and escaping."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.models import Account, Contact, Lead

from . import urlconfs
from .factories import AccountFactory, ContactFactory, LeadFactory

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '<script>alert("x")</script>'


def names_on_page(response):
    return [person.last_name for person in response.context["page_obj"]]


class TestSearch:
    def test_contact_search_matches_name_and_email(self, login, viewer):
        ContactFactory(first_name="Marta", last_name="Kowalczyk", email="mk@a.example")
        ContactFactory(first_name="Tom", last_name="Smith", email="tom@b.example")
        ContactFactory(first_name="Ann", last_name="Lee", email="ann@B.example")
        client = login(viewer)

        by_name = client.get(reverse("crm:contact_list"), {"q": "kowal"})
        by_email = client.get(reverse("crm:contact_list"), {"q": "b.EXAMPLE"})
        by_full_name = client.get(reverse("crm:contact_list"), {"q": "tom smith"})

        assert names_on_page(by_name) == ["Kowalczyk"]
        assert names_on_page(by_email) == ["Lee", "Smith"]
        assert names_on_page(by_full_name) == ["Smith"]

    def test_lead_search_matches_email(self, login, viewer):
        LeadFactory(last_name="Raman", email="PRIYA.RAMAN@EXAMPLE.COM")
        LeadFactory(last_name="Wei", email="chen.wei@example.com")

        response = login(viewer).get(reverse("crm:lead_list"), {"q": "priya.raman"})

        assert names_on_page(response) == ["Raman"]

    def test_account_search_matches_name(self, login, viewer):
        AccountFactory(name="Northwind Analytics")
        AccountFactory(name="Zürich Data AG")

        response = login(viewer).get(reverse("crm:account_list"), {"q": "north"})

        assert [a.name for a in response.context["page_obj"]] == ["Northwind Analytics"]

    def test_search_without_match_says_so(self, login, viewer):
        ContactFactory()

        response = login(viewer).get(reverse("crm:contact_list"), {"q": "nobody"})

        assert "No contact matches this search." in response.text


class TestPagination:
    def test_contact_list_pages_keep_the_search(self, login, viewer):
        ContactFactory.create_batch(30, first_name="Anna")
        ContactFactory.create_batch(3, first_name="Other")

        response = login(viewer).get(reverse("crm:contact_list"), {"q": "anna"})

        assert len(response.context["page_obj"]) == 25
        assert response.context["page_obj"].paginator.count == 30
        assert "?q=anna&amp;page=2" in response.text

    def test_invalid_page_number_shows_a_page(self, login, viewer):
        LeadFactory.create_batch(3)

        response = login(viewer).get(reverse("crm:lead_list"), {"page": "x"})

        assert response.status_code == 200
        assert response.context["page_obj"].number == 1

    def test_account_detail_paginates_its_contacts(self, login, viewer):
        account = AccountFactory()
        ContactFactory.create_batch(27, account=account)
        ContactFactory()  # another account's contact

        response = login(viewer).get(
            reverse("crm:account_detail", args=[account.pk]), {"page": 2}
        )

        page = response.context["contacts_page"]
        assert page.paginator.count == 27
        assert len(page) == 2
        assert "27 contacts" in response.text


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


class TestQueryBudget:
    @pytest.mark.parametrize(
        ("url_name", "factory"),
        [
            ("crm:contact_list", ContactFactory),
            ("crm:lead_list", LeadFactory),
            ("crm:account_list", AccountFactory),
        ],
    )
    def test_list_queries_do_not_grow(self, login, viewer, url_name, factory):
        client = login(viewer)
        factory.create_batch(10)
        url = reverse(url_name)
        few = count_queries(client, url)

        factory.create_batch(190)
        many = count_queries(client, url)

        assert many == few
        assert many <= 8

    def test_account_detail_queries_do_not_grow(self, login, viewer):
        client = login(viewer)
        account = AccountFactory()
        ContactFactory.create_batch(10, account=account)
        url = reverse("crm:account_detail", args=[account.pk])
        few = count_queries(client, url)

        ContactFactory.create_batch(190, account=account)
        many = count_queries(client, url)

        assert many == few

    def test_contact_detail_query_budget(
        self, login, creator, django_assert_max_num_queries
    ):
        contact = ContactFactory(owner=creator)
        client = login(creator)

        with django_assert_max_num_queries(10):
            client.get(contact.get_absolute_url())


class TestCreateAndEdit:
    def test_creator_creates_contact_and_owns_it(self, login, creator):
        account = AccountFactory()

        response = login(creator).post(
            reverse("crm:contact_create"),
            {
                "first_name": "Zoë",
                "last_name": "Łukasiewicz-Müller",
                "email": " Zoe.LM@Example.com ",
                "account": account.pk,
            },
        )

        contact = Contact.objects.get()
        assert response.status_code == 302
        assert response.url == contact.get_absolute_url()
        assert contact.owner == creator
        assert contact.email == "Zoe.LM@Example.com"
        assert contact.email_normalized == "zoe.lm@example.com"

    def test_contact_requires_last_name_and_valid_email(self, login, creator):
        response = login(creator).post(
            reverse("crm:contact_create"), {"first_name": "A", "email": "not-email"}
        )

        errors = response.context["form"].errors
        assert response.status_code == 200
        assert "last_name" in errors
        assert "email" in errors
        assert Contact.objects.count() == 0

    def test_contact_email_used_by_another_contact_is_rejected(self, login, creator):
        ContactFactory(first_name="Tom", last_name="O'Neill", email="tom@example.com")

        response = login(creator).post(
            reverse("crm:contact_create"),
            {"last_name": "Other", "email": "TOM@example.com "},
        )

        assert "already uses this email" in str(response.context["form"].errors)
        assert Contact.objects.count() == 1

    def test_contact_keeps_its_own_email_on_edit(self, login, creator):
        contact = ContactFactory(owner=creator, email="me@example.com")

        response = login(creator).post(
            reverse("crm:contact_edit", args=[contact.pk]),
            {"last_name": "Renamed", "email": "ME@example.com"},
        )

        contact.refresh_from_db()
        assert response.status_code == 302
        assert contact.last_name == "Renamed"
        assert contact.email_normalized == "me@example.com"
        assert contact.owner == creator

    def test_lead_requires_company_and_known_status(self, login, creator):
        response = login(creator).post(
            reverse("crm:lead_create"), {"last_name": "Raman", "status": "hot"}
        )

        errors = response.context["form"].errors
        assert "company" in errors
        assert "status" in errors
        assert Lead.objects.count() == 0

    def test_administrator_edits_anothers_lead(self, login, creator, administrator):
        lead = LeadFactory(owner=creator)

        response = login(administrator).post(
            reverse("crm:lead_edit", args=[lead.pk]),
            {"last_name": "Wei", "company": "Wei Trading", "status": "working"},
        )

        lead.refresh_from_db()
        assert response.status_code == 302
        assert lead.status == "working"
        assert lead.owner == creator

    def test_account_name_unique_ignoring_case(self, login, creator):
        AccountFactory(name="Northwind Analytics")

        response = login(creator).post(
            reverse("crm:account_create"), {"name": "northwind analytics"}
        )

        assert "already exists" in str(response.context["form"].errors)
        assert Account.objects.count() == 1

    def test_account_website_without_scheme_gets_https(self, login, creator):
        login(creator).post(
            reverse("crm:account_create"),
            {"name": "Kowalczyk & Partners", "website": "kp.example.com"},
        )

        assert Account.objects.get().website == "https://kp.example.com"

    def test_form_page_has_csrf_token(self, login, creator):
        response = login(creator).get(reverse("crm:lead_create"))

        assert "csrfmiddlewaretoken" in response.text


class TestDetailPages:
    def test_contact_detail_shows_account_and_history_section(self, login, viewer):
        contact = ContactFactory(account=AccountFactory(name="Zürich Data AG"))

        response = login(viewer).get(contact.get_absolute_url())

        assert "Zürich Data AG" in response.text
        assert "ClickMeeting history" in response.text

    @pytest.mark.parametrize(
        ("persona", "shows_button"),
        [("viewer", False), ("creator", True), ("administrator", True)],
    )
    def test_invite_button_for_creators(
        self, request, settings, login, persona, shows_button
    ):
        settings.ROOT_URLCONF = urlconfs.WithInvitePage
        contact = ContactFactory()
        lead = LeadFactory()
        client = login(request.getfixturevalue(persona))

        contact_page = client.get(contact.get_absolute_url())
        lead_page = client.get(lead.get_absolute_url())

        invite_url = reverse("invitations:invite_person")
        assert (f"{invite_url}?contact={contact.pk}" in contact_page.text) is (
            shows_button
        )
        assert (f"{invite_url}?lead={lead.pk}" in lead_page.text) is shows_button

    def test_detail_without_invitation_page_hides_button(
        self, settings, login, creator
    ):
        settings.ROOT_URLCONF = urlconfs.WithoutInvitePage
        lead = LeadFactory()

        response = login(creator).get(lead.get_absolute_url())

        assert response.status_code == 200
        assert "Invite to ClickMeeting" not in response.text


class TestEscaping:
    @pytest.mark.parametrize("url_name", ["crm:contact_list", "crm:contact_detail"])
    def test_contact_name_escaped(self, login, viewer, url_name):
        contact = ContactFactory(
            last_name=HOSTILE_NAME, account=AccountFactory(name=HOSTILE_NAME)
        )
        args = [contact.pk] if url_name.endswith("detail") else []

        response = login(viewer).get(reverse(url_name, args=args))

        assert HOSTILE_NAME not in response.text
        assert "&lt;script&gt;" in response.text

    @pytest.mark.parametrize("url_name", ["crm:lead_list", "crm:lead_detail"])
    def test_lead_company_escaped(self, login, viewer, url_name):
        lead = LeadFactory(company=HOSTILE_NAME, first_name=HOSTILE_NAME)
        args = [lead.pk] if url_name.endswith("detail") else []

        response = login(viewer).get(reverse(url_name, args=args))

        assert HOSTILE_NAME not in response.text

    @pytest.mark.parametrize("url_name", ["crm:account_list", "crm:account_detail"])
    def test_account_name_escaped(self, login, viewer, url_name):
        account = AccountFactory(name=HOSTILE_NAME)
        args = [account.pk] if url_name.endswith("detail") else []

        response = login(viewer).get(reverse(url_name, args=args))

        assert HOSTILE_NAME not in response.text
        assert "&lt;script&gt;" in response.text

    def test_search_query_escaped(self, login, viewer):
        response = login(viewer).get(reverse("crm:contact_list"), {"q": HOSTILE_NAME})

        assert HOSTILE_NAME not in response.text
