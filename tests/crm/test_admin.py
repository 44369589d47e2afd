"""The CRM models in Django admin: lists, search and filters."""

import pytest
from django.urls import reverse

from .factories import AccountFactory, ContactFactory, LeadFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model_name", "params"),
    [
        ("account", {"q": "north"}),
        ("contact", {"q": "marta"}),
        ("lead", {"q": "priya", "status__exact": "open"}),
    ],
)
def test_admin_changelist_search_and_filter(admin_client, model_name, params):
    ContactFactory(first_name="Marta", account=AccountFactory(name="Northwind"))
    LeadFactory(first_name="Priya", email="PRIYA@EXAMPLE.COM")
    url = reverse(f"admin:crm_{model_name}_changelist")

    response = admin_client.get(url, params)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_admin_contact_form_shows_normalized_email_read_only(admin_client):
    contact = ContactFactory(email="Marta.K@Example.com")

    response = admin_client.get(reverse("admin:crm_contact_change", args=[contact.pk]))

    assert response.status_code == 200
    assert "marta.k@example.com" in response.text
