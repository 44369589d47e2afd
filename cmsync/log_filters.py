"""Logging filters of the project."""

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """Keep one line, without a traceback, for 4xx answers.

    Django logs a refused request (403 from PermissionDenied) with the whole
    traceback; for an expected refusal the line with the path is enough.
    """

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
