"""The import_crm_csv and load_demo_crm management commands."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from crm.models import Account, Contact, Lead

pytestmark = pytest.mark.django_db


def run(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command(*args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_import_command_reports_counts_and_rejected_lines(tmp_path, creator):
    path = tmp_path / "leads.csv"
    path.write_text(
        "last_name,company,email\nRaman,X,priya@example.com\nBad,X,nope\n",
        encoding="utf-8",
    )

    stdout, stderr = run("import_crm_csv", "leads", str(path), "--owner", "creator")

    assert "1 leads imported, 0 skipped as duplicates, 1 rejected" in stdout
    assert f"{path}:3: rejected: email “nope”" in stderr
    assert Lead.objects.get().owner == creator


def test_import_command_lists_duplicates_when_verbose(tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text("name\nNorthwind\n", encoding="utf-8")
    run("import_crm_csv", "accounts", str(path))

    stdout, stderr = run("import_crm_csv", "accounts", str(path), "--verbosity", "2")

    assert "0 accounts imported, 1 skipped as duplicates" in stdout
    assert "accounts.csv:2: skipped: Account “Northwind” already exists" in stderr


def test_import_command_fails_on_unusable_file(tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_bytes("name\nZürich\n".encode("cp1250"))

    with pytest.raises(CommandError, match="not valid UTF-8"):
        run("import_crm_csv", "accounts", str(path))

    assert Account.objects.count() == 0


def test_import_command_unknown_owner(tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text("name\nA\n", encoding="utf-8")

    with pytest.raises(CommandError, match="No user named 'ghost'"):
        run("import_crm_csv", "accounts", str(path), "--owner", "ghost")


def test_import_command_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_crm_csv", "accounts", str(tmp_path / "absent.csv"))


def test_load_demo_crm_is_idempotent():
    first_out, first_err = run("load_demo_crm")
    second_out, _ = run("load_demo_crm")

    assert "accounts.csv: 4 accounts imported" in first_out
    assert "contacts.csv: 7 contacts imported" in first_out
    assert "leads.csv: 4 leads imported, 0 skipped as duplicates, 1 rejected" in (
        first_out
    )
    assert "leads.csv:6: rejected: email “not-an-email”" in first_err
    assert "0 contacts imported, 7 skipped as duplicates" in second_out
    assert (Account.objects.count(), Contact.objects.count()) == (4, 7)
    assert Lead.objects.count() == 4


def test_load_demo_crm_with_owner(administrator):
    run("load_demo_crm", "--owner", "administrator")

    assert set(Contact.objects.values_list("owner", flat=True)) == {administrator.pk}
