"""One malformed item in a list response is skipped and reported, not fatal."""

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from responses import matchers

from cmsync.clickmeeting import errors, types
from cmsync.clickmeeting.types import SkippedItem

from .conftest import API_KEY, fixture_json, url

ROOM = 9120451
SESSION = 48211907
SKIPS_LOGGER = "cmsync.clickmeeting.skips"


@dataclass
class Case:
    """A list call whose fixture gets one item corrupted by `corrupt`."""

    method: str
    path: str
    fixture: str
    corrupt: Callable[[Any], Any]  # changes the payload, returns the bad item
    call: Callable[[Any], types.ItemList]
    key: Callable[[Any], Any]  # what identifies a parsed item in the check
    kept: list
    index: int
    item_id: int | None
    reason: str
    skipped_path: str = ""


def set_field(locate, field, value):
    def corrupt(payload):
        item = locate(payload)
        item[field] = value
        return item

    return corrupt


def drop_field(locate, field):
    def corrupt(payload):
        item = locate(payload)
        del item[field]
        return item

    return corrupt


def replace_item(locate_list, index, value):
    def corrupt(payload):
        locate_list(payload)[index] = value
        return value

    return corrupt


CASES = {
    "conferences active": Case(
        method="GET",
        path="conferences/active",
        fixture="GET_conferences_active.json",
        corrupt=set_field(lambda p: p[1], "id", "Zoë Łukasiewicz-Müller"),
        call=lambda c: c.list_conferences("active"),
        key=lambda room: room.id,
        kept=[9120451, 9120460],
        index=1,
        item_id=None,
        reason="field 'id' is not an integer (got str)",
        skipped_path="conferences/active?page=1",
    ),
    "conferences unfiltered": Case(
        method="GET",
        path="conferences",
        fixture="GET_conferences.json",
        corrupt=set_field(
            lambda p: p["inactive_conferences"][0], "starts_at", "when Zoë is back"
        ),
        call=lambda c: c.list_conferences(None),
        key=lambda room: room.id,
        kept=[9120451, 9120452, 9120460],
        # The index counts the active rooms first.
        index=3,
        item_id=9087733,
        reason="field 'starts_at' is not a date (got str)",
    ),
    "tokens": Case(
        method="GET",
        path=f"conferences/{ROOM}/tokens",
        fixture="GET_conferences_ROOM_tokens.json",
        corrupt=set_field(
            lambda p: p["access_tokens"][0], "first_use_date", "the 12th, 10 am"
        ),
        call=lambda c: c.list_tokens(ROOM),
        key=lambda token: token.token,
        kept=["Y474R7", "DREW9W", "EKRPHW", "W7D8E9", "HGG8CD", "HHWQDG", "84C68G"],
        index=0,
        item_id=None,
        reason="field 'first_use_date' is not a date (got str)",
    ),
    "generated tokens": Case(
        method="POST",
        path=f"conferences/{ROOM}/tokens",
        fixture="POST_conferences_ROOM_tokens.json",
        corrupt=drop_field(lambda p: p["access_tokens"][1], "token"),
        call=lambda c: c.generate_tokens(ROOM, 3),
        key=lambda token: token.token,
        kept=["YFRQQQ", "QGXDG4"],
        index=1,
        item_id=None,
        reason="missing field 'token'",
    ),
    "sessions": Case(
        method="GET",
        path=f"conferences/{ROOM}/sessions",
        fixture="GET_conferences_ROOM_sessions.json",
        corrupt=set_field(lambda p: p[2], "end_date", "31/02/2024"),
        call=lambda c: c.list_sessions(ROOM),
        key=lambda session: session.id,
        kept=[48211907, 48377120],
        index=2,
        item_id=48533402,
        reason="field 'end_date' is not a date (got str)",
    ),
    "session attendees": Case(
        method="GET",
        path=f"conferences/{ROOM}/sessions/{SESSION}/attendees",
        fixture="GET_conferences_ROOM_sessions_SESSION_attendees.json",
        corrupt=set_field(lambda p: p[1], "uid", "guest-zoe.lm@example.com"),
        call=lambda c: c.list_session_attendees(ROOM, SESSION),
        key=lambda attendee: attendee.uid,
        kept=[60119832, 60121450, 60121988, 60122301],
        index=1,
        item_id=None,
        reason="field 'uid' is not an integer (got str)",
    ),
    "registrations": Case(
        method="GET",
        path=f"conferences/{ROOM}/registrations/all",
        fixture="GET_conferences_ROOM_registrations_all.json",
        corrupt=set_field(lambda p: p[0], "registration_date", "Zoë's 5 March"),
        call=lambda c: c.list_registrations(ROOM),
        key=lambda registration: registration.id,
        kept=[31840391, 31841007, 31842566],
        index=0,
        item_id=31840225,
        reason="field 'registration_date' is not a date (got str)",
    ),
    "session registrations": Case(
        method="GET",
        path=f"conferences/{ROOM}/sessions/{SESSION}/registrations/all",
        fixture="GET_conferences_ROOM_sessions_SESSION_registrations_all.json",
        corrupt=drop_field(lambda p: p[1], "id"),
        call=lambda c: c.list_session_registrations(ROOM, SESSION),
        key=lambda registration: registration.id,
        kept=[31840391],
        index=1,
        item_id=None,
        reason="missing field 'id'",
    ),
    "chats": Case(
        method="GET",
        path="chats",
        fixture="GET_chats.json",
        corrupt=set_field(lambda p: p[1], "date", "2024-13-45"),
        call=lambda c: c.list_chats(),
        key=lambda summary: summary.session_id,
        kept=[48211907],
        index=1,
        item_id=48377120,
        reason="field 'date' is not a date (got str)",
    ),
    "recordings": Case(
        method="GET",
        path=f"conferences/{ROOM}/recordings",
        fixture="GET_conferences_ROOM_recordings.json",
        corrupt=set_field(lambda p: p[0], "recording_duration", "1h 30m"),
        call=lambda c: c.list_recordings(ROOM),
        key=lambda recording: recording.id,
        kept=[7740218],
        index=0,
        item_id=7712093,
        reason="field 'duration' is not an integer (got str)",
    ),
    "account files": Case(
        method="GET",
        path="file-library",
        fixture="GET_file-library.json",
        corrupt=replace_item(lambda p: p, 1, "Agenda – Zoë's notes.pdf"),
        call=lambda c: c.list_files(),
        key=lambda file: file.id,
        kept=[2250931, 2251340],
        index=1,
        item_id=None,
        reason="expected a file object",
    ),
    "conference files": Case(
        method="GET",
        path=f"file-library/conferences/{ROOM}",
        fixture="GET_file-library_conferences_ROOM.json",
        corrupt=set_field(lambda p: p[0], "upload_date", "yesterday"),
        call=lambda c: c.list_conference_files(ROOM),
        key=lambda file: file.id,
        kept=[2250988],
        index=0,
        item_id=2250931,
        reason="field 'upload_date' is not a date (got str)",
    ),
    "skins": Case(
        method="GET",
        path="conferences/skins",
        fixture="GET_conferences_skins.json",
        corrupt=set_field(lambda p: p[0], "id", "five"),
        call=lambda c: c.list_skins(),
        key=lambda skin: skin.id,
        kept=[6, 7, 8, 10, 4],
        index=0,
        item_id=None,
        reason="field 'id' is not an integer (got str)",
    ),
    "phone gateways": Case(
        method="GET",
        path="phone_gateways",
        fixture="GET_phone_gateways.json",
        corrupt=set_field(lambda p: p[1], "value", {"number": "+1 555 0100"}),
        call=lambda c: c.list_phone_gateways(),
        key=lambda gateway: gateway.code,
        kept=["PL"],
        index=1,
        item_id=None,
        reason="field 'value' is not text (got dict)",
    ),
    "time zones": Case(
        method="GET",
        path="time_zone_list",
        fixture="GET_time_zone_list.json",
        corrupt=replace_item(lambda p: p, 10, ["UTC"]),
        call=lambda c: c.list_time_zones(),
        key=lambda name: name,
        kept=[
            "Africa/Abidjan",
            "America/New_York",
            "America/Sao_Paulo",
            "Asia/Kolkata",
            "Asia/Tokyo",
            "Australia/Sydney",
            "Europe/Berlin",
            "Europe/London",
            "Europe/Warsaw",
            "Pacific/Auckland",
        ],
        index=10,
        item_id=None,
        reason="field 'time zone' is not text (got list)",
    ),
}


def text_values(value) -> list[str]:
    """Every string inside a JSON value, keys excluded."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in text_values(item)]
    if isinstance(value, list):
        return [text for item in value for text in text_values(item)]
    return []


def assert_log_has_no_item_content(bad_item, caplog, path):
    """Check that no text of the skipped item, beyond ids, reached the log."""
    log_text = "\n".join(record.getMessage() for record in caplog.records)
    for text in text_values(bad_item):
        if text.isdigit() or len(text) < 4 or text in path:
            continue
        assert text not in log_text, f"item content {text!r} was logged"
    assert API_KEY not in log_text


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_one_bad_item_is_skipped(case, client, mocked, caplog):
    payload = fixture_json(case.fixture)
    bad_item = case.corrupt(payload)
    mocked.add(case.method, url(case.path), json=payload)
    caplog.set_level(logging.WARNING)

    items = case.call(client)

    skipped_path = case.skipped_path or case.path
    assert isinstance(items, types.ItemList)
    assert [case.key(item) for item in items] == case.kept
    assert items.skipped == [
        SkippedItem(
            path=skipped_path,
            index=case.index,
            item_id=case.item_id,
            reason=case.reason,
        )
    ]
    assert client.skipped_items == 1
    warnings = [r for r in caplog.records if r.name == SKIPS_LOGGER]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    line = warnings[0].getMessage()
    assert f"{case.method} {skipped_path}:" in line
    assert f"index={case.index} id={case.item_id}" in line
    assert case.reason in line
    assert_log_has_no_item_content(bad_item, caplog, skipped_path)


def test_attendee_with_malformed_polls_is_skipped(client, mocked, caplog):
    payload = fixture_json("GET_conferences_ROOM_sessions_SESSION_attendees.json")
    payload[2]["polls"] = [{"name": "Fit", "questions": "Zoë answered Pro"}]
    path = f"conferences/{ROOM}/sessions/{SESSION}/attendees"
    mocked.get(url(path), json=payload)

    attendees = client.list_session_attendees(ROOM, SESSION)

    assert [attendee.uid for attendee in attendees] == [
        60119832,
        60120077,
        60121988,
        60122301,
    ]
    (skipped,) = attendees.skipped
    assert skipped.item_id == 60121450
    assert skipped.reason == "field 'polls.questions' is not a list (got str)"
    assert "Zoë" not in caplog.text


def test_every_item_bad_returns_empty_list(client, mocked, caplog):
    payload = [{"id": room_id, "total_visitors": "many"} for room_id in range(1, 13)]
    mocked.get(url(f"conferences/{ROOM}/sessions"), json=payload)
    caplog.set_level(logging.WARNING)

    sessions = client.list_sessions(ROOM)

    assert sessions == []
    assert [item.item_id for item in sessions.skipped] == list(range(1, 13))
    assert client.skipped_items == 12
    # Ten lines name one item each, and one more line counts the rest.
    lines = [r.getMessage() for r in caplog.records if r.name == SKIPS_LOGGER]
    assert len(lines) == 11
    assert lines[-1] == (
        f"Skipped 2 more malformed items of ClickMeeting GET "
        f"conferences/{ROOM}/sessions (0 kept)"
    )


def test_skipped_items_add_up_across_calls(client, mocked):
    sessions = fixture_json("GET_conferences_ROOM_sessions.json")
    sessions[0]["id"] = "first"
    recordings = fixture_json("GET_conferences_ROOM_recordings.json")
    del recordings[0]["recording_url"]
    del recordings[1]["recording_url"]
    mocked.get(url(f"conferences/{ROOM}/sessions"), json=sessions)
    mocked.get(url(f"conferences/{ROOM}/recordings"), json=recordings)
    assert client.skipped_items == 0

    client.list_sessions(ROOM)
    client.list_recordings(ROOM)

    assert client.skipped_items == 3


@pytest.mark.parametrize(
    ("path", "call", "body"),
    [
        (f"conferences/{ROOM}/sessions", lambda c: c.list_sessions(ROOM), {"a": 1}),
        (
            f"conferences/{ROOM}/registrations/all",
            lambda c: c.list_registrations(ROOM),
            "registrations",
        ),
        (f"conferences/{ROOM}/tokens", lambda c: c.list_tokens(ROOM), {"x": []}),
        ("conferences", lambda c: c.list_conferences(None), {"rooms": []}),
        ("chats", lambda c: c.list_chats(), 42),
    ],
    ids=["sessions", "registrations", "tokens", "conferences", "chats"],
)
def test_wrong_list_shape_still_raises(client, mocked, path, call, body):
    mocked.get(url(path), json=body)

    with pytest.raises(errors.MalformedResponseError) as caught:
        call(client)

    assert caught.value.path == path
    assert client.skipped_items == 0


def test_bad_room_does_not_end_paging(client, mocked):
    template = fixture_json("GET_conferences_active.json")[0]
    client.page_size = 2
    pages = {
        1: [dict(template, id=1), dict(template, id=2, starts_at="soon")],
        2: [dict(template, id=3)],
    }
    for number, rooms in pages.items():
        mocked.get(
            url("conferences/active"),
            json=rooms,
            match=[matchers.query_param_matcher({"page": str(number)})],
        )

    rooms = client.list_conferences("active")

    assert [room.id for room in rooms] == [1, 3]
    assert [(item.path, item.index, item.item_id) for item in rooms.skipped] == [
        ("conferences/active?page=1", 1, 2)
    ]


def test_repeated_page_skips_counted_once(client, mocked):
    template = fixture_json("GET_conferences_active.json")[0]
    client.page_size = 2
    # A server that ignores `page` sends this page for page 1 and page 2.
    mocked.get(
        url("conferences/active"),
        json=[dict(template, id=1), dict(template, id="two")],
    )

    rooms = client.list_conferences("active")

    assert [room.id for room in rooms] == [1]
    assert len(rooms.skipped) == 1
    assert client.skipped_items == 1
    assert client.call_count == 2


def test_item_list_acts_as_list():
    skipped = SkippedItem(path="chats", index=1, item_id=None, reason="missing")
    items = types.ItemList(["a", "b"], [skipped])

    assert items == ["a", "b"]
    assert len(items) == 2
    assert list(items) == ["a", "b"]
    # deepcopy goes through the same reduce protocol as pickle.
    duplicate = copy.deepcopy(items)
    assert duplicate == ["a", "b"]
    assert duplicate.skipped == [skipped]
    assert types.ItemList().skipped == []
