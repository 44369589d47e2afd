"""Join pages and downloads that the sandbox serves next to the API."""

import pytest
import requests


@pytest.fixture
def web():
    session = requests.Session()
    session.trust_env = False
    yield session
    session.close()


def room(api, room_id):
    return api.json("GET", f"conferences/{room_id}")["conference"]


def test_room_url_is_on_the_sandbox(api, sandbox, demo):
    found = room(api, demo["Open office hours"])

    assert found["room_url"] == f"{sandbox.base_url}/room/open-office-hours"
    assert found["embed_room_url"].startswith(sandbox.base_url)


def test_room_page_reports_invalid_hash(api, web, demo):
    found = room(api, demo["Open office hours"])

    page = web.get(found["room_url"] + "?l=forged__", timeout=5)

    assert page.status_code == 200
    assert "Room: Open office hours" in page.text
    assert "invalid" in page.text


def test_room_page_escapes_names(api, web, demo):
    found = room(api, demo['"Onboarding" webinar & Q&A'])

    page = web.get(found["room_url"], timeout=5)

    assert "&quot;Onboarding&quot; webinar &amp; Q&amp;A" in page.text
    assert "No autologin hash" in page.text


def test_host_autologin_hash_of_room_is_valid(api, web, demo):
    found = room(api, demo["Open office hours"])

    page = web.get(f"{found['room_url']}?l={found['autologin_hash']}", timeout=5)

    assert "valid: joining as Host" in page.text


def test_hash_of_another_room_is_invalid(api, web, demo):
    one = room(api, demo["Open office hours"])
    other = room(api, demo["Weekly Product Demo"])

    page = web.get(f"{one['room_url']}?l={other['autologin_hash']}", timeout=5)

    assert "invalid for this room" in page.text


def test_registration_link(api, web, demo):
    registration = api.json(
        "GET", f"conferences/{demo['Weekly Product Demo']}/registrations/all"
    )[0]

    page = web.get(registration["url"], timeout=5)

    assert f"valid for {registration['email']}" in page.text


def test_embed_and_unknown_room(api, web, sandbox, demo):
    found = room(api, demo["Open office hours"])

    assert "Open office hours" in web.get(found["embed_room_url"], timeout=5).text
    assert web.get(f"{sandbox.base_url}/room/nope", timeout=5).status_code == 404


def test_skin_thumbnail_is_png(api, web, demo):
    thumbnail = api.json("GET", "conferences/skins")[0]["thumbnail_url"]

    image = web.get(thumbnail, timeout=5)

    assert image.headers["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")


def test_file_download_through_api(api, demo):
    file_id = api.json("GET", "file-library")[0]["id"]

    download = api.get(f"file-library/{file_id}/download")

    assert download.headers["Content-Type"] == "application/octet-stream"
    assert download.headers["Pragma"] == "public"
    assert download.content.startswith(b"%PDF-")


def test_unsigned_recording_link_is_forbidden(api, web, demo):
    url = api.json("GET", f"conferences/{demo['Weekly Product Demo']}/recordings")[0][
        "recording_url"
    ]

    assert web.get(url.split("?")[0], timeout=5).status_code == 403
