"""Logging filters of the project."""

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """Filter that drops the traceback from 4xx responses' log records.

    Django logs a 403 from PermissionDenied with the whole traceback. For an
    expected rejection, the line with the path is enough.
    """

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
