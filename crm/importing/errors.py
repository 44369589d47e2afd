class CsvFileError(Exception):
    """The file as a whole cannot be imported; nothing from it was saved."""


class RowError(Exception):
    """One row is invalid; the message says which value and why."""
