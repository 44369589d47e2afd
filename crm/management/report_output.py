"""Console output of a CSV import report, shared by the management commands."""


def write_report(command, report, source, verbosity=1):
    """Write the counts to stdout and each rejected row to stderr; rows
    skipped as duplicates too at verbosity 2 or more."""
    command.stdout.write(
        f"{source}: {report.imported} {report.kind} imported, "
        f"{len(report.duplicates)} skipped as duplicates, "
        f"{len(report.rejected)} rejected."
    )
    for note in report.duplicates if verbosity >= 2 else ():
        command.stderr.write(f"{source}:{note.line_number}: skipped: {note.message}")
    for note in report.rejected:
        command.stderr.write(f"{source}:{note.line_number}: rejected: {note.message}")
