class CsvFileError(Exception):
    """The file as a whole cannot be imported; nothing from it was saved."""


class RowError(Exception):
    """One row is invalid. The message names the column, the value and the reason."""
