"""Console output of a CSV import report, shared by the management commands."""


def write_report(command, report, source, verbosity=1):
    """Write the counts to stdout and each rejected row to stderr; rows
    skipped as duplicates too at verbosity 2 or more."""
    command.stdout.write(
        f"{source}: {report.imported} {report.kind} imported, "
        f"{len(report.duplicates)} skipped as duplicates, "
        f"{len(report.rejected)} rejected."
    )
    if verbosity >= 2:
        for note in report.duplicates:
            message = f"{source}:{note.line_number}: skipped: {note.message}"
            command.stderr.write(message)
    for note in report.rejected:
        command.stderr.write(f"{source}:{note.line_number}: rejected: {note.message}")
