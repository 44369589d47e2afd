"""The CSV import service: validation, line numbers, duplicates, encodings."""

from pathlib import Path

import pytest

from crm.importing import CsvFileError, crm_csv_import
from crm.importing.importers import AccountImporter
from crm.models import Account, Contact, Lead

from .factories import AccountFactory, ContactFactory, LeadFactory

pytestmark = pytest.mark.django_db

DEMO_DATA = Path(__file__).resolve().parents[2] / "crm" / "demo_data"


def csv_bytes(text, encoding="utf-8"):
    return text.encode(encoding)


def rejected_lines(report):
    return {note.line_number: note.message for note in report.rejected}


def load_demo(kind):
    return crm_csv_import(kind, (DEMO_DATA / f"{kind}.csv").read_bytes())


class TestGoodFiles:
    def test_accounts_imported_with_owner(self, creator):
        data = csv_bytes(
            "name,website,industry,phone\n"
            "Northwind,https://northwind.example.com,Software,+48 1\n"
            "Okafor,okafor.example.org,Logistics,\n"
        )

        report = crm_csv_import("accounts", data, owner=creator)

        assert report.imported == 2
        assert report.rejected == []
        okafor = Account.objects.get(name="Okafor")
        assert okafor.website == "https://okafor.example.org"
        assert okafor.owner == creator

    def test_contacts_link_accounts_by_name_ignoring_case(self):
        account = AccountFactory(name="Northwind Analytics")
        data = csv_bytes(
            "first_name,last_name,email,account\n"
            "Tom,O'Neill,tom@example.com,northwind analytics\n"
            "Jan,Solo,,\n"
        )

        report = crm_csv_import("contacts", data)

        assert report.imported == 2
        assert Contact.objects.get(last_name="O'Neill").account == account
        assert Contact.objects.get(last_name="Solo").account is None

    def test_extra_columns_ignored_and_header_spelling_normalized(self):
        data = csv_bytes(
            "First Name,Last Name,E-mail,Company,Favourite colour\n"
            "Chen,Wei,chen@example.com,Wei Trading,green\n"
        )

        report = crm_csv_import("leads", data)

        lead = Lead.objects.get()
        assert report.imported == 1
        assert (lead.first_name, lead.email) == ("Chen", "chen@example.com")

    def test_lead_status_matched_ignoring_case(self):
        data = csv_bytes(
            "last_name,company,status\nA,X,Open\nB,X,WORKING\nC,X,qualified\nD,X,\n"
        )

        crm_csv_import("leads", data)

        statuses = dict(Lead.objects.values_list("last_name", "status"))
        assert statuses == {
            "A": "open",
            "B": "working",
            "C": "qualified",
            "D": "open",
        }

    def test_emails_trimmed_and_normalized(self):
        data = csv_bytes("last_name,email\nOkafor, Daniel.Okafor@Example.org \n")

        crm_csv_import("contacts", data)

        contact = Contact.objects.get()
        assert contact.email == "Daniel.Okafor@Example.org"
        assert contact.email_normalized == "daniel.okafor@example.org"

    def test_quoted_comma_and_newline_inside_field(self):
        data = csv_bytes(
            'name,industry\n"Okafor Logistics, Ltd.","Freight\nand storage"\n'
            "Bad row without name,\n"
            ",Software\n"
        )

        report = crm_csv_import("accounts", data)

        account = Account.objects.get(name="Okafor Logistics, Ltd.")
        assert account.industry == "Freight\nand storage"
        # The quoted value spans lines 2 and 3, so the nameless row is line 5.
        assert rejected_lines(report) == {5: "name is required"}

    def test_bom_is_not_part_of_the_first_column(self):
        data = b"\xef\xbb\xbf" + csv_bytes("name,industry\nZürich Data AG,Finance\n")

        report = crm_csv_import("accounts", data)

        assert report.imported == 1
        assert Account.objects.get().name == "Zürich Data AG"

    def test_windows_line_endings_and_blank_lines(self):
        data = csv_bytes("last_name,company\r\n\r\nRaman,X\r\n\r\n,Y\r\n")

        report = crm_csv_import("leads", data)

        assert report.imported == 1
        assert rejected_lines(report) == {5: "last_name is required"}

    def test_header_only_imports_nothing(self):
        report = crm_csv_import("accounts", csv_bytes("name,website\n"))

        assert report.rows_read == 0
        assert Account.objects.count() == 0

    def test_large_file_uses_batches(self, django_assert_max_num_queries):
        rows = "".join(f"P{n},Co,p{n}@example.com\n" for n in range(1200))
        data = csv_bytes("last_name,company,email\n" + rows)

        # Far fewer queries than rows: SQLite's bound-parameter limit caps one
        # INSERT at about 70 lead rows, and PostgreSQL takes batches of 500.
        with django_assert_max_num_queries(30):
            report = crm_csv_import("leads", data)

        assert report.imported == 1200
        assert Lead.objects.filter(email_normalized="p1199@example.com").exists()


class TestRejectedRows:
    def test_each_rejected_row_has_line_and_reason(self):
        data = csv_bytes(
            "first_name,last_name,email,company,status\n"
            "Ok,Good,good@example.com,Co,Open\n"
            "No surname,,,Co,Open\n"
            "No,Company,nc@example.com,,Open\n"
            "Bad,Email,not-an-email,Co,Open\n"
            "Bad,Status,bs@example.com,Co,Hot\n"
            f"Long,{'x' * 101},,Co,Open\n"
        )

        report = crm_csv_import("leads", data)

        reasons = rejected_lines(report)
        assert report.imported == 1
        assert sorted(reasons) == [3, 4, 5, 6, 7]
        assert reasons[3] == "last_name is required"
        assert reasons[4] == "company is required"
        assert reasons[5].startswith("email “not-an-email”")
        assert "status “Hot” is not one of: open, working" in reasons[6]
        assert reasons[7].startswith("last_name")
        assert "at most 100 characters" in reasons[7]

    def test_contact_with_unknown_account_rejected(self):
        data = csv_bytes("last_name,account\nNowak,Nowhere Inc\n")

        report = crm_csv_import("contacts", data)

        assert rejected_lines(report) == {
            2: "account “Nowhere Inc” not found; import the account first"
        }
        assert Contact.objects.count() == 0

    def test_row_with_more_values_than_columns_rejected(self):
        data = csv_bytes("name,industry\nOkafor Logistics, Ltd.,Logistics\n")

        report = crm_csv_import("accounts", data)

        assert "3 values but the header has 2 columns" in rejected_lines(report)[2]
        assert Account.objects.count() == 0

    def test_short_row_counts_missing_values_as_empty(self):
        report = crm_csv_import("accounts", csv_bytes("name,industry,phone\nSolo\n"))

        assert report.imported == 1


class TestDuplicates:
    def test_same_file_twice_imports_nothing_new(self):
        data = csv_bytes(
            "first_name,last_name,email\n"
            "Marta,Kowalczyk,Marta.Kowalczyk@Example.com\n"
            "Jan,Bez-Maila,\n"
        )
        crm_csv_import("contacts", data)

        again = crm_csv_import("contacts", data)

        assert again.imported == 0
        assert [note.line_number for note in again.duplicates] == [2, 3]
        assert Contact.objects.count() == 2

    def test_existing_email_matches_ignoring_case(self):
        LeadFactory(email="priya.raman@example.com")

        report = crm_csv_import(
            "leads",
            csv_bytes("last_name,company,email\nRaman,X, PRIYA.RAMAN@EXAMPLE.COM\n"),
        )

        assert report.imported == 0
        assert "already exists" in report.duplicates[0].message

    def test_duplicate_within_file_names_first_line(self):
        data = csv_bytes("name\nNorthwind\nOther\nNORTHWIND\n")

        report = crm_csv_import("accounts", data)

        assert report.imported == 2
        assert report.duplicates[0].line_number == 4
        assert "already appears on line 2" in report.duplicates[0].message

    def test_same_name_different_email_is_not_a_duplicate(self):
        ContactFactory(first_name="Anna", last_name="Nowak", email="anna@example.com")

        report = crm_csv_import(
            "contacts",
            csv_bytes("first_name,last_name,email\nAnna,Nowak,a2@example.com\n"),
        )

        assert report.imported == 1

    def test_contact_without_email_matches_name_within_account(self):
        northwind = AccountFactory(name="Northwind")
        AccountFactory(name="Okafor")
        ContactFactory(first_name="Jan", last_name="Kos", email="", account=northwind)
        data = csv_bytes(
            "first_name,last_name,account\nJAN,kos,Northwind\nJan,Kos,Okafor\n"
        )

        report = crm_csv_import("contacts", data)

        assert [note.line_number for note in report.duplicates] == [2]
        assert report.imported == 1

    def test_lead_without_email_matches_by_name(self):
        LeadFactory(first_name="Chen", last_name="Wei", email="")

        report = crm_csv_import(
            "leads", csv_bytes("first_name,last_name,company\nChen,Wei,Other Co\n")
        )

        assert report.imported == 0
        assert len(report.duplicates) == 1


class TestUnusableFiles:
    @pytest.mark.parametrize("encoding", ["cp1250", "latin-1"])
    def test_legacy_encoding_rejected_without_import(self, encoding):
        text = "name,industry\nPlain Ltd,Software\nZürich Data AG,Finance\n"

        with pytest.raises(CsvFileError) as error:
            crm_csv_import("accounts", text.encode(encoding))

        assert "not valid UTF-8" in str(error.value)
        assert "line 3" in str(error.value)
        assert Account.objects.count() == 0

    def test_utf16_rejected(self):
        data = "name\nZürich\n".encode("utf-16")

        with pytest.raises(CsvFileError, match="UTF-16"):
            crm_csv_import("accounts", data)

    @pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
    def test_empty_file_rejected(self, data):
        with pytest.raises(CsvFileError, match="The file is empty"):
            crm_csv_import("accounts", data)

    def test_missing_required_column_names_it(self):
        data = csv_bytes("first_name,last_name,email\nChen,Wei,c@example.com\n")

        with pytest.raises(CsvFileError) as error:
            crm_csv_import("leads", data)

        assert "required column(s) company" in str(error.value)
        assert "It has: first_name, last_name, email" in str(error.value)
        assert Lead.objects.count() == 0

    def test_semicolon_file_gets_a_hint(self):
        with pytest.raises(CsvFileError, match="semicolons"):
            crm_csv_import("accounts", csv_bytes("name;industry\nA;B\n"))

    def test_unterminated_quote_aborts_the_whole_file(self):
        data = csv_bytes('name,industry\nGood,X\n"Broken,Y\n')

        with pytest.raises(CsvFileError):
            crm_csv_import("accounts", data)

        assert Account.objects.count() == 0

    def test_repeated_column_rejected(self):
        with pytest.raises(CsvFileError, match="more than once: name"):
            crm_csv_import("accounts", csv_bytes("name,Name\nA,B\n"))


class TestDemoFiles:
    def test_demo_files_import_with_the_invalid_lead_rejected(self):
        accounts = load_demo("accounts")
        contacts = load_demo("contacts")
        leads = load_demo("leads")

        assert accounts.imported == 4
        assert contacts.imported == 7
        assert contacts.rejected == []
        assert leads.imported == 4
        assert list(rejected_lines(leads)) == [6]
        assert "not-an-email" in leads.rejected[0].message

    def test_demo_values_survive_intact(self):
        for kind in ("accounts", "contacts", "leads"):
            load_demo(kind)

        marta = Contact.objects.get(last_name="Kowalczyk")
        daniel = Contact.objects.select_related("account").get(last_name="Okafor")
        assert marta.email == "Marta.Kowalczyk@Example.com"
        assert marta.email_normalized == "marta.kowalczyk@example.com"
        assert daniel.email_normalized == "daniel.okafor@example.org"
        assert daniel.account.name == "Okafor Logistics, Ltd."
        assert Contact.objects.filter(first_name="Zoë").get().account.name == (
            "Zürich Data AG"
        )
        assert Contact.objects.filter(first_name="Anna", last_name="Nowak").count() == 2
        assert Lead.objects.get(last_name="Raman").email_normalized == (
            "priya.raman@example.com"
        )
        assert Lead.objects.get(last_name="Fernández").status == "working"

    def test_demo_files_loaded_twice_import_nothing(self):
        for kind in ("accounts", "contacts", "leads"):
            load_demo(kind)

        second = [load_demo(kind) for kind in ("accounts", "contacts", "leads")]

        assert [report.imported for report in second] == [0, 0, 0]
        assert [len(report.duplicates) for report in second] == [4, 7, 4]
        assert (Account.objects.count(), Contact.objects.count()) == (4, 7)
        assert Lead.objects.count() == 4


def test_concurrent_insert_rolls_back_whole_import(monkeypatch):
    # Simulates another import creating "Northwind" after the duplicate check.
    monkeypatch.setattr(AccountImporter, "find_existing_keys", lambda self, c: set())
    AccountFactory(name="Northwind")

    with pytest.raises(CsvFileError, match="Import the file again"):
        crm_csv_import("accounts", csv_bytes("name\nFresh\nNorthwind\n"))

    assert not Account.objects.filter(name="Fresh").exists()
