"""Field readers that absorb ClickMeeting's inconsistent spellings."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cmsync.clickmeeting import fields
from cmsync.clickmeeting.fields import PayloadError

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        ("true", True),
        ("false", False),
        (None, False),
        ("", False),
    ],
)
def test_bool_spellings(value, expected):
    assert fields.as_bool(value, "flag") is expected


@pytest.mark.parametrize("value", [2, "maybe", [], 1.5])
def test_bool_rejects_others(value):
    with pytest.raises(PayloadError, match="flag"):
        fields.as_bool(value, "flag")


@pytest.mark.parametrize(
    ("value", "expected"), [(5, 5), ("5", 5), (" 42 ", 42), (3.0, 3)]
)
def test_int_spellings(value, expected):
    assert fields.as_int(value, "n") == expected


@pytest.mark.parametrize("value", [True, "5a", None, 1.5, "null"])
def test_int_rejects_others(value):
    with pytest.raises(PayloadError):
        fields.as_int(value, "n")


@pytest.mark.parametrize("value", [None, "", "null", "NULL", " null "])
def test_null_spellings_are_empty(value):
    assert fields.as_optional_str(value, "x") is None
    assert fields.as_optional_int(value, "x") is None
    assert fields.as_datetime(value, "x", dt.UTC) is None
    assert fields.as_email(value) is None


def test_email_is_trimmed():
    assert fields.as_email("  a@example.com ") == "a@example.com"
    assert fields.as_email("   ") is None


def test_datetime_with_offset_keeps_offset():
    parsed = fields.as_datetime(
        "2024-03-12T09:52:00+01:00", "d", ZoneInfo("Asia/Tokyo")
    )

    assert parsed.utcoffset() == dt.timedelta(hours=1)
    assert parsed == dt.datetime(2024, 3, 12, 8, 52, tzinfo=dt.UTC)


def test_datetime_without_offset_uses_zone():
    parsed = fields.as_datetime("2024-07-01 10:00:00", "d", WARSAW)

    assert parsed == dt.datetime(2024, 7, 1, 10, 0, tzinfo=WARSAW)
    assert parsed.utcoffset() == dt.timedelta(hours=2)


def test_datetime_english_text():
    parsed = fields.as_datetime("November 17, 2016 07:26:04 PM", "d", dt.UTC)

    assert parsed == dt.datetime(2016, 11, 17, 19, 26, 4, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "value",
    ["yesterday", "2024-13-01 00:00:00", 1710000000, "March 40, 2024 01:00:00 AM"],
)
def test_datetime_rejects_others(value):
    with pytest.raises(PayloadError):
        fields.as_datetime(value, "d", dt.UTC)


def test_display_text_decodes_entities():
    assert fields.as_display_text("&quot;A&quot; &amp; B", "name") == '"A" & B'
    assert fields.as_display_text("Zespół Łódź", "name") == "Zespół Łódź"


def test_php_empty_array_is_empty_object():
    assert fields.as_dict([], "geo") == {}
