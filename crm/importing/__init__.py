"""CSV import of accounts, contacts and leads (command and upload page)."""

from .errors import CsvFileError
from .importers import IMPORTERS
from .report import ImportReport, RowNote
from .service import crm_csv_import

IMPORT_KINDS = tuple(IMPORTERS)

__all__ = [
    "IMPORT_KINDS",
    "CsvFileError",
    "ImportReport",
    "RowNote",
    "crm_csv_import",
]
