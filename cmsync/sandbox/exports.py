"""Binary bodies: the chat export (a zip holding chat.csv) and the session PDF."""

import io
import zipfile

from .state import ChatMessage, Session
from .timefmt import chat_local

# Characters that make PHP's fputcsv quote a field.
CSV_QUOTE_TRIGGERS = (",", '"', "\\", "\n", "\r", "\t", " ")


def php_csv_field(value: str) -> str:
    if any(trigger in value for trigger in CSV_QUOTE_TRIGGERS):
        return '"' + value.replace('"', '""') + '"'
    return value


def chat_csv(messages: list[ChatMessage], zone_name: str) -> bytes:
    """Write chat.csv: no header; date, email, nickname, message; LF line ends."""
    lines = []
    for message in messages:
        fields = (
            chat_local(message.sent_at, zone_name),
            message.email,
            message.nickname,
            message.message,
        )
        lines.append(",".join(php_csv_field(value) for value in fields) + "\n")
    return "".join(lines).encode("utf-8")


def chat_zip(session: Session, messages: list[ChatMessage], zone_name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo("chat.csv", date_time=session.start.timetuple()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(entry, chat_csv(messages, zone_name))
    return buffer.getvalue()


def chat_zip_filename(session: Session) -> str:
    return f"chat_history_{session.id}_{session.start:%Y%m%d_%H%M%S}.zip"


def session_pdf(title: str, lines: list[str]) -> bytes:
    """Write a one-page PDF with a title and a few lines of ASCII text."""
    text_lines = [title, "", *lines]
    commands = ["BT", "/F1 12 Tf", "50 780 Td", "16 TL"]
    for line in text_lines:
        safe = line.encode("ascii", "replace").decode("ascii")
        safe = safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        commands.append(f"({safe}) Tj T*")
    commands.append("ET")
    stream = "\n".join(commands).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref_at = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref_at)
    )
    return output.getvalue()
