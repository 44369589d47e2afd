"""Every CRM page against every role: who may read, create and edit."""

import pytest
from django.urls import reverse

from .factories import AccountFactory, ContactFactory, LeadFactory

FACTORIES = {"account": AccountFactory, "contact": ContactFactory, "lead": LeadFactory}
READ_PAGES = [
    ("crm:account_list", None),
    ("crm:contact_list", None),
    ("crm:lead_list", None),
    ("crm:account_detail", "account"),
    ("crm:contact_detail", "contact"),
    ("crm:lead_detail", "lead"),
]
CREATE_PAGES = ["crm:account_create", "crm:contact_create", "crm:lead_create"]
EDIT_PAGES = [
    ("crm:account_edit", "account"),
    ("crm:contact_edit", "contact"),
    ("crm:lead_edit", "lead"),
]
PERSONAS = ["viewer", "creator", "other_creator", "administrator"]


@pytest.fixture
def owned_records(creator):
    """One record of each model, owned by the `creator` persona."""
    return {name: factory(owner=creator) for name, factory in FACTORIES.items()}


def page_url(name, record_kind, records):
    if record_kind is None:
        return reverse(name)
    return reverse(name, args=[records[record_kind].pk])


def all_pages():
    pages = [(name, kind) for name, kind in READ_PAGES]
    pages += [(name, None) for name in CREATE_PAGES]
    pages += EDIT_PAGES + [("crm:import", None)]
    return pages


@pytest.mark.parametrize(("name", "kind"), all_pages())
def test_anonymous_redirected_to_login(client, owned_records, name, kind):
    url = page_url(name, kind, owned_records)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kind"), all_pages())
def test_user_without_role_sees_no_access(
    login, no_group_user, owned_records, name, kind
):
    response = login(no_group_user).get(page_url(name, kind, owned_records))

    assert response.status_code == 403
    assert "no_access.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kind"), READ_PAGES)
def test_every_role_reads(request, login, owned_records, persona, name, kind):
    user = request.getfixturevalue(persona)

    response = login(user).get(page_url(name, kind, owned_records))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("viewer", 403), ("creator", 200), ("other_creator", 200), ("administrator", 200)],
)
@pytest.mark.parametrize("name", CREATE_PAGES)
def test_create_needs_creator(request, login, persona, expected, name):
    user = request.getfixturevalue(persona)

    response = login(user).get(reverse(name))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("viewer", 403), ("creator", 200), ("other_creator", 403), ("administrator", 200)],
)
@pytest.mark.parametrize(("name", "kind"), EDIT_PAGES)
def test_edit_needs_owner_or_administrator(
    request, login, owned_records, persona, expected, name, kind
):
    user = request.getfixturevalue(persona)

    response = login(user).get(page_url(name, kind, owned_records))

    assert response.status_code == expected


@pytest.mark.parametrize("persona", ["viewer", "other_creator"])
def test_forbidden_edit_post_changes_nothing(request, login, owned_records, persona):
    contact = owned_records["contact"]
    url = reverse("crm:contact_edit", args=[contact.pk])

    response = login(request.getfixturevalue(persona)).post(
        url, {"last_name": "Changed", "email": ""}
    )

    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.last_name != "Changed"


def test_unowned_record_editable_only_by_administrator(login, creator, administrator):
    lead = LeadFactory(owner=None)
    url = reverse("crm:lead_edit", args=[lead.pk])

    assert login(creator).get(url).status_code == 403
    assert login(administrator).get(url).status_code == 200


def test_crm_index_redirects_to_contacts(login, viewer):
    response = login(viewer).get(reverse("crm:index"))

    assert response.status_code == 302
    assert response.url == reverse("crm:contact_list")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("viewer", 403), ("creator", 403), ("administrator", 200)],
)
def test_import_page_for_administrators_only(request, login, persona, expected):
    response = login(request.getfixturevalue(persona)).get(reverse("crm:import"))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "shows_edit"),
    [
        ("viewer", False),
        ("creator", True),
        ("other_creator", False),
        ("administrator", True),
    ],
)
def test_edit_button_follows_permission(
    request, login, owned_records, persona, shows_edit
):
    contact = owned_records["contact"]
    edit_url = reverse("crm:contact_edit", args=[contact.pk])

    response = login(request.getfixturevalue(persona)).get(contact.get_absolute_url())

    assert (edit_url in response.text) is shows_edit
