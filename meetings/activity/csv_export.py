"""Streamed CSV responses that are safe to open in a spreadsheet."""

import csv
from datetime import datetime

from django.http import StreamingHttpResponse
from django.utils import timezone

# A spreadsheet treats a cell that starts with one of these as a formula, so
# text from ClickMeeting (chat, names, answers) could run one on opening.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Lets Excel detect UTF-8, so names in Cyrillic or with accents open intact.
UTF8_BOM = "\ufeff"


def csv_cell(value):
    """Convert a value to a CSV cell, quoting text that could start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _LineBuffer:
    """A file-like object whose write() returns the text, for csv.writer."""

    def write(self, text):
        return text


def csv_lines(header, rows):
    """Yield the CSV text of a header and rows, one line at a time."""
    writer = csv.writer(_LineBuffer())
    yield UTF8_BOM + writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([csv_cell(cell) for cell in row])


def csv_response(filename, header, rows) -> StreamingHttpResponse:
    """Stream rows as a CSV attachment; `rows` is consumed lazily."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
