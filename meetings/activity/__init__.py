"""What a meeting produced: sessions, attendance charts, polls, chat, files
and their CSV exports."""
