"""Refused requests log one line; server errors keep their traceback."""

import logging
import sys

import pytest

from cmsync.log_filters import ClientErrorWithoutTraceback


def record_with_traceback(status_code):
    try:
        raise PermissionError("refused")
    except PermissionError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Forbidden", (), exc_info
    )
    record.status_code = status_code
    return record


@pytest.mark.parametrize("status_code", [403, 404])
def test_client_errors_lose_the_traceback(status_code):
    record = record_with_traceback(status_code)

    assert ClientErrorWithoutTraceback().filter(record) is True
    assert record.exc_info is None


def test_server_errors_keep_the_traceback():
    record = record_with_traceback(500)

    ClientErrorWithoutTraceback().filter(record)

    assert record.exc_info is not None
