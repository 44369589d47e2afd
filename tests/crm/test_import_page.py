"""The CSV upload page: report, errors, size limit and CSRF."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from crm.forms import MAX_IMPORT_FILE_SIZE
from crm.models import Account, Contact

pytestmark = pytest.mark.django_db


def upload(client, kind, content, name="people.csv"):
    csv_file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(reverse("crm:import"), {"kind": kind, "file": csv_file})


def test_upload_shows_imported_duplicates_and_rejected(login, administrator):
    client = login(administrator)
    upload(client, "accounts", b"name\nNorthwind\n")
    data = (
        b"first_name,last_name,email,account\n"
        b"Tom,O'Neill,tom@example.com,Northwind\n"
        b"Tom,O'Neill,TOM@example.com,Northwind\n"
        b"No,,x@example.com,Northwind\n"
    )

    response = upload(client, "contacts", data)

    report = response.context["report"]
    assert response.status_code == 200
    assert report.imported == 1
    assert [note.line_number for note in report.duplicates] == [3]
    assert [note.line_number for note in report.rejected] == [4]
    assert "last_name is required" in response.text
    assert Contact.objects.get().owner == administrator


def test_upload_of_unusable_file_shows_form_error(login, administrator):
    response = upload(
        login(administrator), "accounts", "name\nZürich\n".encode("latin-1")
    )

    assert response.status_code == 200
    assert "not valid UTF-8" in str(response.context["form"].errors["file"])
    assert "report" not in response.context
    assert Account.objects.count() == 0


def test_upload_of_empty_file_is_rejected(login, administrator):
    response = upload(login(administrator), "accounts", b"")

    assert response.context["form"].errors["file"]
    assert Account.objects.count() == 0


def test_upload_over_size_limit_rejected(login, administrator):
    content = b"name\n" + b"x" * MAX_IMPORT_FILE_SIZE

    response = upload(login(administrator), "accounts", content)

    assert "more than the limit of 10.0" in str(response.context["form"].errors["file"])
    assert Account.objects.count() == 0


@pytest.mark.parametrize("persona", ["viewer", "creator"])
def test_upload_post_forbidden_below_administrator(request, login, persona):
    response = upload(login(request.getfixturevalue(persona)), "accounts", b"name\nA\n")

    assert response.status_code == 403
    assert Account.objects.count() == 0


def test_upload_requires_csrf_token(administrator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)

    response = upload(client, "accounts", b"name\nA\n")

    assert response.status_code == 403
    assert Account.objects.count() == 0


def test_upload_form_has_csrf_and_multipart(login, administrator):
    response = login(administrator).get(reverse("crm:import"))

    assert "csrfmiddlewaretoken" in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_report_escapes_values_from_the_file(login, administrator):
    data = b"last_name,account\nNowak,<b>x</b>\n"

    response = upload(login(administrator), "contacts", data)

    assert "<b>x</b>" not in response.text
    assert "&lt;b&gt;x&lt;/b&gt;" in response.text


@pytest.mark.parametrize("url_name", ["crm:contact_list", "crm:lead_list"])
@pytest.mark.parametrize(
    ("persona", "shows_link"), [("creator", False), ("administrator", True)]
)
def test_import_link_on_lists_for_administrators(
    request, login, url_name, persona, shows_link
):
    response = login(request.getfixturevalue(persona)).get(reverse(url_name))

    assert (reverse("crm:import") in response.text) is shows_link
