"""Pages and CSV exports of a meeting's sessions, attendance charts, polls,
chat and files."""
