from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crm.importing import CsvFileError, crm_csv_import
from crm.management.commands.import_crm_csv import find_owner
from crm.management.report_output import write_report

DEMO_DATA_DIR = Path(__file__).resolve().parents[2] / "demo_data"
# Accounts first: contacts refer to them by name.
DEMO_FILES = (
    ("accounts", "accounts.csv"),
    ("contacts", "contacts.csv"),
    ("leads", "leads.csv"),
)


class Command(BaseCommand):
    help = (
        "Import the invented demo accounts, contacts and leads shipped in "
        "crm/demo_data. Running it again imports nothing new. One lead row "
        "has an invalid email on purpose and is reported as rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--owner",
            metavar="USERNAME",
            help="User who owns the demo records (default: no owner).",
        )

    def handle(self, *args, owner, **options):
        owner_user = find_owner(owner)
        for kind, filename in DEMO_FILES:
            path = DEMO_DATA_DIR / filename
            try:
                report = crm_csv_import(kind, path.read_bytes(), owner=owner_user)
            except CsvFileError as error:
                raise CommandError(f"{path}: {error}") from error
            write_report(self, report, source=filename, verbosity=options["verbosity"])
