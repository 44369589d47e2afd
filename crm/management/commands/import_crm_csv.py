from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from crm.importing import IMPORT_KINDS, CsvFileError, crm_csv_import
from crm.management.report_output import write_report


class Command(BaseCommand):
    help = (
        "Import accounts, contacts or leads from a UTF-8 CSV file whose first "
        "line names the columns. Rows already present are skipped, invalid "
        "rows are listed with their line numbers."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=IMPORT_KINDS)
        parser.add_argument("file", type=Path, help="Path of the CSV file.")
        parser.add_argument(
            "--owner",
            metavar="USERNAME",
            help="User who owns the imported records (default: no owner, so "
            "only administrators may edit them).",
        )

    def handle(self, *args, kind, file, owner, **options):
        owner_user = find_owner(owner)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            report = crm_csv_import(kind, data, owner=owner_user)
        except CsvFileError as error:
            raise CommandError(f"{file}: {error}") from error
        write_report(self, report, source=str(file), verbosity=options["verbosity"])


def find_owner(username):
    if not username:
        return None
    user_model = get_user_model()
    try:
        return user_model.objects.get(**{user_model.USERNAME_FIELD: username})
    except user_model.DoesNotExist:
        raise CommandError(f"No user named {username!r}.") from None
