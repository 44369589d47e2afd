"""401, 404 and 422 responses carry ClickMeeting's error envelope."""

import pytest

from cmsync.clickmeeting import ClickMeetingClient, errors

from .conftest import fixture_json
from .shapes import shape_problems, template_of
from .test_client_contract import new_meeting


def envelope_problems(body, fixture_name):
    return shape_problems(body, template_of(fixture_json(fixture_name)))


@pytest.mark.parametrize("key", [None, "wrong-key"])
def test_missing_or_wrong_key_is_401(api, sandbox, key):
    headers = {"X-Api-Key": key} if key else {}

    response = api.http.get(sandbox.endpoint + "ping", headers=headers, timeout=5)

    assert response.status_code == 401
    assert envelope_problems(response.json(), "ERROR_401.json") == []
    assert response.json()["errors"][0]["message"] == "Invalid API key"


def test_client_with_wrong_key_raises_authentication_error(sandbox):
    with ClickMeetingClient(sandbox.endpoint, "not-the-key", read_timeout=2) as client:
        with pytest.raises(errors.AuthenticationError) as caught:
            client.ping()

    assert caught.value.status == 401
    assert "not-the-key" not in caught.value.message


@pytest.mark.parametrize(
    "path",
    [
        "conferences/999",
        "conferences/abc",
        "conferences/999/sessions",
        "conferences/{room}/sessions/1",
        "conferences/{room}/sessions/1/attendees",
        "file-library/1",
        "chats/1",
        "nothing/here",
    ],
)
def test_unknown_ids_are_404(api, demo, path):
    response = api.get(path.format(room=demo["Weekly Product Demo"]))

    assert response.status_code == 404
    assert envelope_problems(response.json(), "ERROR_404.json") == []


def test_delete_unknown_room_is_bare_string(api, demo):
    response = api.call("DELETE", "conferences/999")

    assert response.status_code == 404
    assert response.json() == fixture_json("DELETE_conferences_ROOM_404_string.json")


def test_json_suffix_and_lenient_page(api, demo):
    with_suffix = api.get("conferences/active.json")
    php_client_style = api.get("conferences/active", params={"page": "1.json"})
    second_page = api.get("conferences/active", params={"page": "2"})

    assert with_suffix.status_code == 200
    assert [r["id"] for r in with_suffix.json()] == [
        r["id"] for r in php_client_style.json()
    ]
    assert second_page.json() == []


def create(api, **fields):
    return api.call("POST", "conferences", data=fields)


def field_names(response) -> set:
    return {error["name"] for error in response.json()["errors"]}


def test_create_requires_fields(api, sandbox):
    response = create(api)

    assert response.status_code == 422
    assert envelope_problems(response.json(), "ERROR_422.json") == []
    assert field_names(response) == {
        "name",
        "room_type",
        "permanent_room",
        "access_type",
    }


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"room_type": "lecture"}, "room_type"),
        ({"access_type": "2"}, "password"),
        ({"access_type": "4"}, "access_type"),
        ({"permanent_room": "yes"}, "permanent_room"),
        ({"starts_at": "10/04/2030 15:00"}, "starts_at"),
        ({"duration": "1:75"}, "duration"),
        ({"duration": "25:00"}, "duration"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"custom_room_url_name": "Bad Slug!"}, "custom_room_url_name"),
        ({"skin_id": "99"}, "skin_id"),
        ({"registration[template]": "7"}, "registration[template]"),
        ({"name": "   "}, "name"),
    ],
)
def test_create_rejects_invalid_values(api, sandbox, fields, bad_field):
    valid = {
        "name": "Valid",
        "room_type": "meeting",
        "permanent_room": "0",
        "access_type": "1",
    }

    response = create(api, **{**valid, **fields})

    assert response.status_code == 422
    assert field_names(response) == {bad_field}


def test_duplicate_custom_url_is_rejected(api, sandbox):
    fields = {
        "name": "One",
        "room_type": "meeting",
        "permanent_room": "1",
        "access_type": "1",
        "custom_room_url_name": "team-room",
    }
    assert create(api, **fields).status_code == 200

    duplicate = create(api, **{**fields, "name": "Two"})

    assert duplicate.status_code == 422
    assert "already taken" in duplicate.json()["errors"][0]["message"]


def test_duplicate_names_get_distinct_slugs(api, sandbox):
    fields = {
        "name": "Zespół Łódź",
        "room_type": "meeting",
        "permanent_room": "1",
        "access_type": "1",
    }

    first = create(api, **fields).json()["room"]
    second = create(api, **fields).json()["room"]

    assert first["name_url"] == "zespol-lodz"
    assert second["name_url"] == "zespol-lodz-2"


def test_client_gets_field_errors(client, sandbox):
    client.create_conference(new_meeting(custom_room_url_name="weekly"))

    with pytest.raises(errors.ValidationError) as caught:
        client.create_conference(new_meeting(custom_room_url_name="weekly"))

    assert caught.value.status == 422
    assert "custom_room_url_name" in caught.value.field_errors


def test_other_invalid_inputs(api, demo):
    room = f"conferences/{demo['Customer advisory board']}"
    password_room = f"conferences/{demo['Zespół Łódź – sprint review']}"

    cases = {
        "tokens": api.call("POST", f"{room}/tokens", data={"how_many": "0"}),
        "invite": api.call(
            "POST", f"{room}/invitation/email/en", data={"attendees[][email]": "nope"}
        ),
        "invite lang": api.call(
            "POST",
            f"{room}/invitation/email/xx",
            data={"attendees[][email]": "a@example.com"},
        ),
        "autologin": api.call("POST", f"{room}/room/autologin_hash", data={}),
        "listener password": api.call(
            "POST",
            f"{password_room}/room/autologin_hash",
            data={"email": "a@example.com", "nickname": "A", "role": "listener"},
        ),
        "registration": api.call(
            "POST", f"{room}/registration", data={"registration[1]": "Ada"}
        ),
        "contact": api.call("POST", "contacts", data={"email": "x"}),
    }

    assert {name: r.status_code for name, r in cases.items()} == dict.fromkeys(
        cases, 422
    )
