"""Decoding and parsing of uploaded CSV files, with the line number of each row."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import CsvFileError

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Header spellings that spreadsheets produce for our column names.
HEADER_ALIASES = {
    "e_mail": "email",
    "email_address": "email",
    "account_name": "account",
    "mobile": "mobile_phone",
}


@dataclass(frozen=True)
class CsvRow:
    """One data record: the physical line it starts on and its values by column."""

    line_number: int
    values: dict[str, str]
    # Set when the record's shape is wrong, before any value is validated.
    error: str = ""


@dataclass(frozen=True)
class CsvTable:
    columns: list[str]
    rows: Iterator[CsvRow]


def decode_csv(data: bytes) -> str:
    """Decode UTF-8 with or without a BOM; raise CsvFileError for anything else.

    Guessing another encoding would import wrong letters without a warning,
    so a file that is not valid UTF-8 is rejected as a whole.
    """
    if data.startswith(UTF16_BOMS):
        raise CsvFileError(
            _(
                "The file is encoded as UTF-16. Save it as “CSV UTF-8 "
                "(comma delimited)” and upload it again."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_number = data.count(b"\n", 0, error.start) + 1
        raise CsvFileError(
            _(
                "The file is not valid UTF-8 (invalid byte 0x%(byte)02X on line "
                "%(line)d). It was probably saved in a legacy encoding such as "
                "Windows-1250 or Latin-1. Save it as “CSV UTF-8 (comma "
                "delimited)” and upload it again. Nothing was imported."
            )
            % {"byte": data[error.start], "line": line_number}
        ) from error
    if not text.strip():
        raise CsvFileError(_("The file is empty. Nothing was imported."))
    return text


def normalize_column(name: str) -> str:
    """Map a header cell such as " First Name" to the column name first_name."""
    column = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return HEADER_ALIASES.get(column, column)


def read_csv(text: str) -> CsvTable:
    """Parse comma-separated text whose first record is the header.

    Line numbers count the header as line 1 and are physical lines, so a
    quoted value that spans lines moves the following rows down accordingly.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = _read_header(reader)
    return CsvTable(columns=header, rows=_read_rows(reader, header))


def _read_header(reader) -> list[str]:
    try:
        cells = next(reader)
    except csv.Error as error:
        raise CsvFileError(_("The header line is not valid CSV: %s") % error) from None
    columns = [normalize_column(cell) for cell in cells]
    duplicates = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicates:
        raise CsvFileError(
            _("The header names these columns more than once: %s.")
            % ", ".join(duplicates)
        )
    return columns


def _read_rows(reader, columns: list[str]) -> Iterator[CsvRow]:
    last_line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise CsvFileError(
                _("Line %(line)d is not valid CSV: %(error)s. Nothing was imported.")
                % {"line": last_line + 1, "error": error}
            ) from None
        line_number, last_line = last_line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, including a trailing one, carry no record
        yield _make_row(columns, cells, line_number)


def _make_row(columns, cells, line_number) -> CsvRow:
    # Missing trailing values count as empty, as spreadsheets often drop them.
    values = {
        column: cell.strip() for column, cell in zip(columns, cells, strict=False)
    }
    error = ""
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        # A value without a column is usually a stray comma or a broken quote,
        # so the row's other values cannot be trusted to be in place either.
        error = _(
            "the row has %(cells)d values but the header has %(columns)d columns"
        ) % {"cells": len(cells), "columns": len(columns)}
    return CsvRow(line_number, values, error)
