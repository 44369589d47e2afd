"""Room calls of the ClickMeeting client, checked against the fixture payloads."""

import datetime as dt
import json
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
from responses import matchers

from cmsync.clickmeeting import errors, types
from cmsync.clickmeeting.forms import format_duration

from .conftest import API_KEY, fixture_bytes, fixture_json, url

WARSAW = ZoneInfo("Europe/Warsaw")


def form_of(call) -> dict[str, list[str]]:
    return parse_qs(call.request.body, keep_blank_values=True)


def test_list_active_reads_compact_php_json(client, mocked):
    mocked.get(
        url("conferences/active"),
        body=fixture_bytes("GET_conferences_active.json"),
        content_type="application/json",
    )

    rooms = client.list_conferences("active")

    assert [room.id for room in rooms] == [9120451, 9120452, 9120460]
    scheduled = rooms[1]
    assert scheduled.name == "Zespół Łódź – sprint review"
    assert scheduled.starts_at == dt.datetime(2024, 4, 3, 12, 0, tzinfo=dt.UTC)
    assert scheduled.starts_at.utcoffset() == dt.timedelta(hours=2)
    assert scheduled.ends_at == dt.datetime(2024, 4, 3, 13, 30, tzinfo=dt.UTC)
    assert scheduled.permanent_room is False
    assert scheduled.access_type == types.ACCESS_PASSWORD
    assert scheduled.registration_enabled is False
    assert scheduled.lobby_enabled is False
    assert mocked.calls[0].request.headers["X-Api-Key"] == API_KEY
    assert mocked.calls[0].request.params == {"page": "1"}


def test_list_active_permanent_room_fields(client, mocked):
    mocked.get(
        url("conferences/active"),
        body=fixture_bytes("GET_conferences_active.json"),
    )

    room = client.list_conferences("active")[0]

    assert room.permanent_room is True
    assert room.starts_at is None
    assert room.ends_at is None
    assert room.registration_enabled is True
    assert room.lobby_enabled is True
    assert room.room_pin == 472915306
    assert room.room_url == "https://example.clickmeeting.com/weekly-product-demo"
    assert room.timezone == "Europe/Warsaw"
    assert room.created_at == dt.datetime(2024, 2, 20, 13, 3, 11, tzinfo=dt.UTC)
    assert room.raw["widgets_hash"] == "ugfLV8"


def test_list_null_lobby_description_becomes_empty(client, mocked):
    mocked.get(
        url("conferences/active"), body=fixture_bytes("GET_conferences_active.json")
    )

    room = client.list_conferences("active")[2]

    assert room.lobby_description == ""
    assert room.description == ""


def test_list_inactive_decodes_html_entities(client, mocked):
    mocked.get(
        url("conferences/inactive"),
        body=fixture_bytes("GET_conferences_inactive.json"),
    )

    (room,) = client.list_conferences("inactive")

    assert room.name == '"Onboarding" webinar & Q&A'
    assert room.raw["name"] == "&quot;Onboarding&quot; webinar &amp; Q&amp;A"
    assert room.status == "inactive"


def test_list_doc_style_reads_string_boolean(client, mocked):
    mocked.get(
        url("conferences/active"),
        json=fixture_json("GET_conferences_active_variant-doc-style.json"),
    )

    (room,) = client.list_conferences("active")

    assert room.lobby_enabled is True
    assert room.lobby_description == "Back in 5"


def test_list_unfiltered_reads_status_object(client, mocked):
    mocked.get(url("conferences"), json=fixture_json("GET_conferences.json"))

    rooms = client.list_conferences(None)

    assert [room.id for room in rooms] == [9120451, 9120452, 9120460, 9087733]
    assert rooms[-1].status == "inactive"


def test_list_status_accepts_object_variant(client, mocked):
    mocked.get(url("conferences/inactive"), json=fixture_json("GET_conferences.json"))

    rooms = client.list_conferences("inactive")

    assert [room.id for room in rooms] == [9087733]


def test_list_unknown_status_rejected(client):
    with pytest.raises(ValueError, match="status"):
        client.list_conferences("deleted")


def test_list_fetches_every_page(client, mocked):
    template = fixture_json("GET_conferences_active.json")[0]
    client.page_size = 2

    def page(ids):
        return [dict(template, id=room_id) for room_id in ids]

    for number, ids in ((1, [1, 2]), (2, [3, 4]), (3, [5])):
        mocked.get(
            url("conferences/active"),
            json=page(ids),
            match=[matchers.query_param_matcher({"page": str(number)})],
        )

    rooms = client.list_conferences("active")

    assert [room.id for room in rooms] == [1, 2, 3, 4, 5]
    assert client.call_count == 3


def test_list_stops_at_empty_page(client, mocked):
    template = fixture_json("GET_conferences_active.json")[0]
    client.page_size = 2
    mocked.get(
        url("conferences/active"),
        json=[dict(template, id=1), dict(template, id=2)],
        match=[matchers.query_param_matcher({"page": "1"})],
    )
    mocked.get(
        url("conferences/active"),
        json=[],
        match=[matchers.query_param_matcher({"page": "2"})],
    )

    rooms = client.list_conferences("active")

    assert [room.id for room in rooms] == [1, 2]


def test_list_stops_when_page_ignored(client, mocked):
    template = fixture_json("GET_conferences_active.json")[0]
    client.page_size = 2
    mocked.get(
        url("conferences/active"),
        json=[dict(template, id=1), dict(template, id=2)],
    )

    rooms = client.list_conferences("active")

    assert [room.id for room in rooms] == [1, 2]
    assert client.call_count == 2


def test_get_conference_unwraps_conference(client, mocked):
    mocked.get(
        url("conferences/9120451"), json=fixture_json("GET_conferences_ROOM.json")
    )

    room = client.get_conference(9120451)

    assert room.id == 9120451
    assert room.name == "Weekly Product Demo"
    assert room.name_url == "weekly-product-demo"
    assert room.room_type == "webinar"
    assert room.access_type == types.ACCESS_TOKEN
    assert room.lobby_description == "We start at the full hour. Grab a coffee!"


def test_get_conference_accepts_newer_fields(client, mocked):
    mocked.get(
        url("conferences/9120451"),
        json=fixture_json("GET_conferences_ROOM_variant-newer-fields.json"),
    )

    room = client.get_conference(9120451)

    assert room.id == 9120451
    assert room.raw["parent_id"] is None
    assert room.raw["paid_enabled"] == 0


def test_get_conference_without_offset_uses_room_zone(client, mocked):
    payload = fixture_json("POST_conferences.json")["room"]
    payload["starts_at"] = "2024-04-10 15:00:00"
    payload["timezone"] = "America/New_York"
    mocked.get(url("conferences/9120475"), json={"conference": payload})

    room = client.get_conference(9120475)

    assert room.starts_at == dt.datetime(
        2024, 4, 10, 15, 0, tzinfo=ZoneInfo("America/New_York")
    )
    assert room.starts_at.utcoffset() == dt.timedelta(hours=-4)


def test_get_conference_missing_id_is_malformed(client, mocked):
    payload = fixture_json("GET_conferences_ROOM.json")
    del payload["conference"]["id"]
    mocked.get(url("conferences/9120451"), json=payload)

    with pytest.raises(errors.MalformedResponseError) as caught:
        client.get_conference(9120451)

    assert "'id'" in caught.value.message
    assert caught.value.path == "conferences/9120451"
    assert caught.value.method == "GET"
    assert caught.value.status == 200


def test_get_conference_string_id_is_read(client, mocked):
    payload = fixture_json("GET_conferences_ROOM.json")
    payload["conference"]["id"] = "9120451"
    payload["conference"]["registration_enabled"] = "0"
    mocked.get(url("conferences/9120451"), json=payload)

    room = client.get_conference(9120451)

    assert room.id == 9120451
    assert room.registration_enabled is False


def scheduled_input(**changes) -> types.ConferenceInput:
    values = {
        "name": "Customer advisory board",
        "room_type": "meeting",
        "permanent_room": False,
        "access_type": types.ACCESS_PASSWORD,
        "password": "s3cret-pass",
        "starts_at": dt.datetime(2024, 4, 10, 13, 0, tzinfo=dt.UTC),
        "timezone": "Europe/Warsaw",
        "duration": dt.timedelta(hours=1, minutes=30),
        "lobby_enabled": True,
        "lobby_description": "Agenda: roadmap",
        "registration_enabled": False,
        "custom_room_url_name": "customer-advisory-board",
        "skin_id": 5,
    }
    values.update(changes)
    return types.ConferenceInput(**values)


def test_create_conference_unwraps_room(client, mocked):
    mocked.post(url("conferences"), json=fixture_json("POST_conferences.json"))

    room = client.create_conference(scheduled_input())

    assert room.id == 9120475
    assert room.starts_at == dt.datetime(2024, 4, 10, 13, 0, tzinfo=dt.UTC)


def test_create_conference_sends_local_wall_time(client, mocked):
    mocked.post(url("conferences"), json=fixture_json("POST_conferences.json"))

    client.create_conference(scheduled_input())

    form = form_of(mocked.calls[0])
    assert form["starts_at"] == ["2024-04-10 15:00:00"]
    assert form["timezone"] == ["Europe/Warsaw"]
    assert form["duration"] == ["1:30"]
    assert form["permanent_room"] == ["0"]
    assert form["access_type"] == ["2"]
    assert form["password"] == ["s3cret-pass"]
    assert form["lobby_enabled"] == ["1"]
    assert form["lobby_description"] == ["Agenda: roadmap"]
    assert form["registration[enabled]"] == ["0"]
    assert form["custom_room_url_name"] == ["customer-advisory-board"]
    assert form["skin_id"] == ["5"]
    content_type = mocked.calls[0].request.headers["Content-Type"]
    assert content_type == "application/x-www-form-urlencoded"


def test_create_permanent_room_omits_schedule(client, mocked):
    mocked.post(url("conferences"), json=fixture_json("POST_conferences.json"))

    client.create_conference(
        scheduled_input(
            permanent_room=True,
            access_type=types.ACCESS_OPEN,
            password=None,
            skin_id=None,
        )
    )

    form = form_of(mocked.calls[0])
    assert "starts_at" not in form
    assert "duration" not in form
    assert "password" not in form
    assert "skin_id" not in form
    assert form["permanent_room"] == ["1"]


def test_create_conference_validation_error(client, mocked):
    mocked.post(url("conferences"), json=fixture_json("ERROR_422.json"), status=422)

    with pytest.raises(errors.ValidationError) as caught:
        client.create_conference(scheduled_input())

    error = caught.value
    assert error.status == 422
    assert error.method == "POST"
    assert error.path == "conferences"
    assert error.field_errors == {
        "room_type": ["Value is not one of: meeting, webinar"],
        "password": ["Password is required when access_type is 2"],
    }
    assert "Password is required when access_type is 2" in error.message
    assert client.call_count == 1


def test_update_conference_unwraps_conference(client, mocked):
    mocked.put(
        url("conferences/9120451"), json=fixture_json("PUT_conferences_ROOM.json")
    )

    room = client.update_conference(9120451, scheduled_input(name="Weekly (EMEA)"))

    assert room.name == "Weekly Product Demo (EMEA)"
    assert room.name_url == "weekly-product-demo"
    assert room.updated_at == dt.datetime(2024, 3, 27, 11, 47, 31, tzinfo=dt.UTC)
    assert form_of(mocked.calls[0])["name"] == ["Weekly (EMEA)"]


@pytest.mark.parametrize(
    "fixture",
    [
        "DELETE_conferences_ROOM.json",
        "DELETE_conferences_ROOM_variant-result-object.json",
    ],
)
def test_delete_conference_accepts_both_bodies(client, mocked, fixture):
    mocked.delete(url("conferences/9120451"), body=fixture_bytes(fixture))

    assert client.delete_conference(9120451) is None
    assert client.call_count == 1


def test_delete_conference_bare_404_string(client, mocked):
    mocked.delete(
        url("conferences/1"),
        body=fixture_bytes("DELETE_conferences_ROOM_404_string.json"),
        status=404,
    )

    with pytest.raises(errors.NotFoundError) as caught:
        client.delete_conference(1)

    assert "404 Not Found" in caught.value.message
    assert caught.value.status == 404


def test_delete_conference_404_string_with_200(client, mocked):
    mocked.delete(
        url("conferences/1"),
        body=fixture_bytes("DELETE_conferences_ROOM_404_string.json"),
    )

    with pytest.raises(errors.NotFoundError):
        client.delete_conference(1)


def test_autologin_hash_posts_person(client, mocked):
    mocked.post(
        url("conferences/9120451/room/autologin_hash"),
        json=fixture_json("POST_conferences_ROOM_room_autologin_hash.json"),
    )

    code = client.create_autologin_hash(
        9120451, email="host@example.com", nickname="Marta Kowalczyk"
    )

    assert code.startswith("fTTjO0TXUtr011dY")
    assert code.endswith("__")
    form = form_of(mocked.calls[0])
    assert form == {
        "email": ["host@example.com"],
        "nickname": ["Marta Kowalczyk"],
        "role": ["host"],
    }


def test_autologin_hash_rejects_unknown_role(client):
    with pytest.raises(ValueError, match="role"):
        client.create_autologin_hash(
            1, email="a@example.com", nickname="A", role="boss"
        )


def test_tokens_listed_and_generated(client, mocked):
    mocked.get(
        url("conferences/9120451/tokens"),
        json=fixture_json("GET_conferences_ROOM_tokens.json"),
    )
    mocked.post(
        url("conferences/9120451/tokens"),
        json=fixture_json("POST_conferences_ROOM_tokens.json"),
    )

    listed = client.list_tokens(9120451)
    generated = client.generate_tokens(9120451, 3)

    assert len(listed) == 8
    assert listed[0].token == "8PQYP6"
    assert listed[0].sent_to_email == "zoe.lm@example.com"
    assert listed[0].first_used_at == dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC)
    assert listed[1].first_used_at is None
    assert listed[2].sent_to_email is None
    assert [token.token for token in generated] == ["YFRQQQ", "DXXQ9F", "QGXDG4"]
    assert form_of(mocked.calls[1]) == {"how_many": ["3"]}


def test_send_invitations_posts_each_email(client, mocked):
    mocked.post(
        url("conferences/9120451/invitation/email/pl"),
        json=fixture_json("POST_conferences_ROOM_invitation_email_en.json"),
    )

    client.send_invitations(
        9120451,
        emails=["zoe.lm@example.com", " priya.raman@example.com "],
        role="presenter",
        lang="pl",
    )

    form = form_of(mocked.calls[0])
    assert form["attendees[][email]"] == [
        "zoe.lm@example.com",
        "priya.raman@example.com",
    ]
    assert form["role"] == ["presenter"]


def test_send_invitations_rejects_empty_list(client):
    with pytest.raises(ValueError, match="e-mail"):
        client.send_invitations(1, emails=["", "  "])


def test_send_invitations_status_not_ok(client, mocked):
    mocked.post(url("conferences/1/invitation/email/en"), json={"status": "ERROR"})

    with pytest.raises(errors.MalformedResponseError, match="ERROR"):
        client.send_invitations(1, emails=["a@example.com"])


def test_skins_string_ids_become_ints(client, mocked):
    mocked.get(
        url("conferences/skins"), json=fixture_json("GET_conferences_skins.json")
    )

    skins = client.list_skins()

    assert [skin.id for skin in skins] == [5, 6, 7, 8, 10, 4]
    assert skins[0].name == "Business 2"


def test_ping_accepts_any_json(client, mocked):
    mocked.get(url("ping"), json=fixture_json("GET_ping.json"))

    assert client.ping() is None
    assert client.call_count == 1


def test_time_zone_lists(client, mocked):
    mocked.get(url("time_zone_list"), json=fixture_json("GET_time_zone_list.json"))
    mocked.get(
        url("time_zone_list/pl"), json=fixture_json("GET_time_zone_list_pl.json")
    )

    all_zones = client.list_time_zones()
    polish = client.list_time_zones("PL")

    assert all_zones[-1] == "UTC"
    assert "Europe/Warsaw" in all_zones
    assert polish == ["Europe/Warsaw"]


def test_phone_gateways(client, mocked):
    mocked.get(url("phone_gateways"), json=fixture_json("GET_phone_gateways.json"))

    gateways = client.list_phone_gateways()

    assert [gateway.code for gateway in gateways] == ["PL", "US"]
    assert gateways[0].number == "+48 22 000 00 00"
    assert gateways[0].region == "EU"


def test_add_contact(client, mocked):
    mocked.post(url("contacts"), json=fixture_json("POST_contacts.json"))

    client.add_contact(
        email="tom.oneill@example.com",
        first_name="Tom",
        last_name="O'Neill",
        country="IE",
    )

    assert form_of(mocked.calls[0]) == {
        "email": ["tom.oneill@example.com"],
        "firstname": ["Tom"],
        "lastname": ["O'Neill"],
        "country": ["IE"],
    }


def test_conference_input_validation():
    with pytest.raises(ValueError, match="password"):
        scheduled_input(password=None)
    with pytest.raises(ValueError, match="timezone-aware"):
        scheduled_input(starts_at=dt.datetime(2024, 4, 10, 13, 0))
    with pytest.raises(ValueError, match="time zone"):
        scheduled_input(timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="room type"):
        scheduled_input(room_type="party")
    with pytest.raises(ValueError, match="Duration"):
        scheduled_input(duration=dt.timedelta(0))


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        (dt.timedelta(minutes=5), "0:05"),
        (dt.timedelta(hours=1), "1:00"),
        (dt.timedelta(hours=3, minutes=7), "3:07"),
        (dt.timedelta(minutes=90, seconds=1), "1:31"),
        (dt.timedelta(hours=26), "26:00"),
    ],
)
def test_format_duration(duration, expected):
    assert format_duration(duration) == expected


def test_input_dst_change_keeps_wall_time(client, mocked):
    mocked.post(url("conferences"), json=fixture_json("POST_conferences.json"))
    # 27 October 2024 at 02:30 UTC is 03:30 CET, after the clocks went back.
    start = dt.datetime(2024, 10, 27, 2, 30, tzinfo=dt.UTC)

    client.create_conference(scheduled_input(starts_at=start))

    assert form_of(mocked.calls[0])["starts_at"] == ["2024-10-27 03:30:00"]


def test_ids_are_checked_before_paths(client):
    with pytest.raises(ValueError, match="id"):
        client.get_conference("1/../../ping")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="segment"):
        client.list_registrations(1, status="all?x=1")


def test_conference_wrapper_not_object_is_malformed(client, mocked):
    mocked.get(url("conferences/1"), body=json.dumps({"conference": []}))

    with pytest.raises(errors.MalformedResponseError):
        client.get_conference(1)
