"""The CSV import of accounts, contacts and leads, used by the command and the page."""

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import CsvFileError, RowError
from .importers import IMPORTERS, Candidate
from .lookups import chunked
from .reader import decode_csv, read_csv
from .report import ImportReport

logger = logging.getLogger(__name__)

BULK_CREATE_BATCH_SIZE = 500


def crm_csv_import(kind: str, data: bytes, owner=None) -> ImportReport:
    """Import the rows of a CSV file of `kind` (accounts, contacts or leads).

    The report lists invalid rows, and rows already present in the database
    or earlier in the file, with their line numbers. The other rows are
    created in one transaction, owned by `owner`. Raises CsvFileError, with
    nothing saved, when the file as a whole is unusable.
    """
    importer = IMPORTERS[kind]
    owner_id = getattr(owner, "pk", None)
    logger.info("CSV import of %s started, owner %s", kind, owner_id)

    table = read_csv(decode_csv(data))
    check_columns(importer, table.columns)
    # Reading every row first means a broken line aborts the whole import.
    rows = list(table.rows)

    report = ImportReport(kind=kind)
    candidates = clean_rows(importer, rows, report)
    candidates = importer.resolve_references(candidates, report)
    new_candidates = drop_duplicates(importer, candidates, report)
    save_records(importer, new_candidates, owner)
    report.imported = len(new_candidates)
    report.rejected.sort(key=lambda note: note.line_number)

    logger.info(
        "CSV import of %s finished, owner %s: %d imported, %d duplicates, %d rejected",
        kind,
        owner_id,
        report.imported,
        len(report.duplicates),
        len(report.rejected),
    )
    return report


def check_columns(importer, columns):
    missing = [c for c in importer.required_columns if c not in columns]
    if not missing:
        return
    message = _(
        "The header lacks the required column(s) %(missing)s. It has: "
        "%(found)s. Expected columns: %(known)s."
    ) % {
        "missing": ", ".join(missing),
        "found": ", ".join(c for c in columns if c) or _("nothing"),
        "known": ", ".join(importer.known_columns),
    }
    if len(columns) == 1 and ";" in columns[0]:
        message += " " + _("The file seems to use semicolons; use commas instead.")
    raise CsvFileError(message)


def clean_rows(importer, rows, report) -> list[Candidate]:
    candidates = []
    for row in rows:
        try:
            if row.error:
                raise RowError(row.error)
            fields = importer.clean(row.values)
        except RowError as error:
            report.reject(row.line_number, str(error))
            continue
        candidates.append(Candidate(row.line_number, fields))
    return candidates


def drop_duplicates(importer, candidates, report) -> list[Candidate]:
    """Return the candidates that exist neither in the database nor earlier
    in the file; report the others as duplicates."""
    for candidate in candidates:
        candidate.key = importer.duplicate_key(candidate.fields)
    existing = importer.find_existing_keys(candidates)

    first_line_of_key = {}
    new_candidates = []
    for candidate in candidates:
        record = importer.describe(candidate.fields)
        if candidate.key in existing:
            message = _("%s already exists") % record
        elif candidate.key in first_line_of_key:
            message = _("%(record)s already appears on line %(line)d") % {
                "record": record,
                "line": first_line_of_key[candidate.key],
            }
        else:
            first_line_of_key[candidate.key] = candidate.line_number
            new_candidates.append(candidate)
            continue
        report.skip_duplicate(candidate.line_number, message)
    return new_candidates


def save_records(importer, candidates, owner):
    records = [importer.build(candidate.fields, owner) for candidate in candidates]
    try:
        with transaction.atomic():
            for batch in chunked(records, BULK_CREATE_BATCH_SIZE):
                importer.model.objects.bulk_create(batch)
    except IntegrityError as error:
        # Only a concurrent import of the same accounts can get here, after
        # the duplicate check and before this insert.
        logger.warning("CSV import of %s rolled back: %s", importer.model, error)
        raise CsvFileError(
            _(
                "Another import created some of these records at the same time, "
                "so nothing was imported. Import the file again: the records "
                "that now exist will be skipped."
            )
        ) from error
