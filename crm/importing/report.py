"""The outcome of one CSV import, shown on the upload page and by the command."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowNote:
    """A row that was not imported: its line number and the reason."""

    line_number: int
    message: str


@dataclass
class ImportReport:
    """Counts and per-row reasons of one import."""

    kind: str
    imported: int = 0
    duplicates: list[RowNote] = field(default_factory=list)
    rejected: list[RowNote] = field(default_factory=list)

    @property
    def rows_read(self):
        return self.imported + len(self.duplicates) + len(self.rejected)

    def reject(self, line_number, message):
        self.rejected.append(RowNote(line_number, message))

    def skip_duplicate(self, line_number, message):
        self.duplicates.append(RowNote(line_number, message))
