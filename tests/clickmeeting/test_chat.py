"""Chat list and chat export (zip of CSV), including hostile archives."""

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest

from cmsync.clickmeeting import chat, errors
from cmsync.clickmeeting.fields import PayloadError
from cmsync.clickmeeting.types import SkippedItem

from .conftest import fixture_bytes, fixture_json, url

SESSION = 48211907
WARSAW = ZoneInfo("Europe/Warsaw")
ZIP_HEADERS = {
    "Content-Disposition": (
        "attachment; filename=chat_history_48211907_20240312_085200.zip"
    )
}


def make_zip(entries: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def mock_chat(mocked, body: bytes):
    mocked.get(
        url(f"chats/{SESSION}"),
        body=body,
        content_type="application/zip",
        headers=ZIP_HEADERS,
    )


def test_list_chats(client, mocked):
    mocked.get(url("chats"), json=fixture_json("GET_chats.json"))

    chats = client.list_chats()

    assert [item.session_id for item in chats] == [48211907, 48377120]
    assert chats[0].timezone == "Europe/Warsaw"
    assert chats[0].started_at == dt.datetime(2024, 3, 12, 9, 52, tzinfo=WARSAW)
    assert chats[0].download_url == "https://api.clickmeeting.com/v1/chats/48211907"


def test_list_chats_accepts_time_zone_key(client, mocked):
    payload = fixture_json("GET_chats.json")
    payload[0]["time_zone"] = payload[0].pop("timezone")
    mocked.get(url("chats"), json=payload)

    chats = client.list_chats()

    assert chats[0].timezone == "Europe/Warsaw"


def test_get_chat_fixture_messages(client, mocked):
    mock_chat(mocked, fixture_bytes("GET_chats_SESSION.zip"))

    messages = client.get_chat(SESSION, timezone="Europe/Warsaw")

    assert [message.position for message in messages] == list(range(6))
    first = messages[0]
    assert first.sent_at == dt.datetime(2024, 3, 12, 9, 58, 41, tzinfo=WARSAW)
    assert first.email == "marta.kowalczyk@example.com"
    assert first.nickname == "Marta Kowalczyk"
    assert first.message == "Welcome everyone, we start in two minutes"
    assert client.call_count == 1


def test_get_chat_hard_cases(client, mocked):
    mock_chat(mocked, fixture_bytes("GET_chats_SESSION.zip"))

    messages = client.get_chat(SESSION, timezone="Europe/Warsaw")

    cyrillic = messages[2]
    assert cyrillic.email is None
    assert cyrillic.nickname == "Ярослава"
    assert cyrillic.message == "Привет"
    assert messages[3].message == (
        'Q: does the "pro" plan include exports?\nAnd is there an API for it?'
    )
    assert messages[5].message == "path is C:\\exports\\q1, right?"
    assert messages[5].sent_at == dt.datetime(2024, 3, 12, 12, 0, 3, tzinfo=WARSAW)
    assert messages[4].sent_at == dt.datetime(2024, 3, 12, 11, 0, 0, tzinfo=WARSAW)


def test_zip_fixture_matches_csv_fixture():
    extracted = chat.extract_chat_csv(fixture_bytes("GET_chats_SESSION.zip"))

    assert extracted == fixture_bytes("GET_chats_SESSION.chat.csv")


def test_get_chat_zone_from_chat_list(client, mocked):
    payload = fixture_json("GET_chats.json")
    payload[0]["timezone"] = "America/New_York"
    mocked.get(url("chats"), json=payload)
    mock_chat(mocked, fixture_bytes("GET_chats_SESSION.zip"))

    messages = client.get_chat(SESSION)

    assert messages[0].sent_at.tzinfo == ZoneInfo("America/New_York")
    assert messages[0].sent_at.utcoffset() == dt.timedelta(hours=-4)
    assert client.call_count == 2


def test_csv_midnight_and_noon():
    text = (
        '"January 1, 2025 12:00:00 AM",a@example.com,A,midnight\n'
        '"January 1, 2025 12:30:00 PM",,B,"noon, later"\n'
    )

    midnight, noon = chat.parse_chat_csv(text, dt.UTC)

    assert midnight.sent_at == dt.datetime(2025, 1, 1, 0, 0, tzinfo=dt.UTC)
    assert noon.sent_at == dt.datetime(2025, 1, 1, 12, 30, tzinfo=dt.UTC)
    assert noon.email is None
    assert noon.message == "noon, later"


def test_csv_bom_and_crlf_are_accepted(client, mocked):
    csv_bytes = '\ufeff"March 12, 2024 09:58:41 AM",a@example.com,A,"two\r\nlines"\r\n'
    mock_chat(mocked, make_zip({"chat.csv": csv_bytes.encode("utf-8")}))

    (message,) = client.get_chat(SESSION, timezone="UTC")

    assert message.message == "two\r\nlines"
    assert message.sent_at == dt.datetime(2024, 3, 12, 9, 58, 41, tzinfo=dt.UTC)


def test_csv_short_record_is_skipped(client, mocked, caplog):
    csv_bytes = fixture_bytes("GET_chats_SESSION.chat.csv").replace(
        b'"Marta Kowalczyk","Welcome everyone, we start in two minutes"',
        b'"Marta Kowalczyk"',
    )
    mock_chat(mocked, make_zip({"chat.csv": csv_bytes}))

    messages = client.get_chat(SESSION, timezone="UTC")

    assert [message.position for message in messages] == [1, 2, 3, 4, 5]
    assert messages[0].nickname == "Zoë Łukasiewicz-Müller"
    assert messages.skipped == [
        SkippedItem(
            path=f"chats/{SESSION}",
            index=0,
            item_id=None,
            reason="chat.csv line 1 has 3 columns, expected 4",
        )
    ]
    assert client.skipped_items == 1
    assert "marta.kowalczyk@example.com" not in caplog.text
    assert "Marta Kowalczyk" not in caplog.text


def test_csv_bad_date_is_skipped(client, mocked, caplog):
    csv_bytes = fixture_bytes("GET_chats_SESSION.chat.csv").replace(
        b"March 12, 2024 10:31:59 AM", b"Smarch 40, 2024 13:00:00 PM"
    )
    mock_chat(mocked, make_zip({"chat.csv": csv_bytes}))

    messages = client.get_chat(SESSION, timezone="UTC")

    # The bad record is the fourth, and its message spans two lines.
    assert [message.position for message in messages] == [0, 1, 2, 4, 5]
    (skipped,) = messages.skipped
    assert skipped.index == 3
    assert skipped.reason == "field 'chat.csv line 5 date' is not a date (got str)"
    log = caplog.text
    assert "Skipped a malformed item of ClickMeeting GET chats/48211907" in log
    assert "index=3 id=None" in log
    for personal in ("daniel.okafor@example.org", "Daniel Okafor", "Smarch"):
        assert personal not in log
    assert "Smarch" not in skipped.reason


def test_csv_syntax_error_is_malformed(client, mocked):
    csv_bytes = b'"March 12, 2024 09:58:41 AM",a@example.com,A,"hi"there\n'
    mock_chat(mocked, make_zip({"chat.csv": csv_bytes}))

    with pytest.raises(errors.MalformedResponseError, match="line 1") as caught:
        client.get_chat(SESSION, timezone="UTC")

    assert caught.value.path == f"chats/{SESSION}"
    assert client.skipped_items == 0


def test_csv_not_utf8_is_malformed(client, mocked):
    mock_chat(mocked, make_zip({"chat.csv": "Zoë".encode("latin-1")}))

    with pytest.raises(errors.MalformedResponseError, match="UTF-8"):
        client.get_chat(SESSION, timezone="UTC")


def test_empty_chat_has_no_messages(client, mocked):
    mock_chat(mocked, make_zip({"chat.csv": b""}))

    assert client.get_chat(SESSION, timezone="UTC") == []


def test_not_a_zip_is_malformed(client, mocked):
    mock_chat(mocked, fixture_bytes("GET_chats_SESSION.chat.csv"))

    with pytest.raises(errors.MalformedResponseError, match="zip"):
        client.get_chat(SESSION, timezone="UTC")


def test_zip_without_chat_csv_is_malformed(client, mocked):
    mock_chat(mocked, make_zip({"a.txt": b"x", "b.txt": b"y"}))

    with pytest.raises(errors.MalformedResponseError, match="chat.csv"):
        client.get_chat(SESSION, timezone="UTC")


def test_zip_bomb_declared_size_rejected(client, mocked):
    # 40 MiB of zeros deflate to about 40 KiB: small on the wire, huge inside.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("chat.csv", "w") as entry:
            zeros = bytes(1024 * 1024)
            for _ in range(40):
                entry.write(zeros)
    archive_bytes = buffer.getvalue()
    assert len(archive_bytes) < 200 * 1024
    mock_chat(mocked, archive_bytes)

    with pytest.raises(errors.MalformedResponseError, match="expands to"):
        client.get_chat(SESSION, timezone="UTC")


def test_zip_compression_ratio_rejected():
    archive = make_zip({"chat.csv": bytes(2 * 1024 * 1024)})

    with pytest.raises(PayloadError, match="compression ratio"):
        chat.extract_chat_csv(archive)


def test_zip_too_many_entries_rejected():
    archive = make_zip({f"chat{number}.csv": b"x" for number in range(100)})

    with pytest.raises(PayloadError, match="100 entries"):
        chat.extract_chat_csv(archive)


def test_zip_lying_declared_size_rejected():
    real = b"x" * 5000
    archive = bytearray(make_zip({"chat.csv": real}, method=zipfile.ZIP_STORED))
    declared = (5000).to_bytes(4, "little")
    smaller = (100).to_bytes(4, "little")
    # Rewrite the uncompressed size in the local header and the central
    # directory so the archive declares 100 bytes but contains 5000.
    assert archive.count(declared) >= 2
    patched = bytes(archive).replace(declared + b"\x08\x00", smaller + b"\x08\x00")
    info = zipfile.ZipFile(io.BytesIO(patched)).infolist()[0]
    assert info.file_size == 100

    with pytest.raises(PayloadError):
        chat.extract_chat_csv(patched)


def test_zip_custom_size_cap_applies():
    archive = make_zip({"chat.csv": b"a,b,c,d\n" * 1000})

    with pytest.raises(PayloadError, match="expands to"):
        chat.extract_chat_csv(archive, max_uncompressed_bytes=1000)
