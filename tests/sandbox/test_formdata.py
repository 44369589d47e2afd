"""PHP-style parameter parsing."""

from cmsync.sandbox.formdata import as_list, parse_query


def test_nested_and_appended_keys():
    parsed = parse_query(
        "attendees[][email]=a%40x.com&attendees[][email]=b%40x.com"
        "&settings[recorder_autostart_enabled]=1&registration[1]=Ada&tags[]=x&tags[]=y"
    )

    assert parsed == {
        "attendees": [{"email": "a@x.com"}, {"email": "b@x.com"}],
        "settings": {"recorder_autostart_enabled": "1"},
        "registration": {"1": "Ada"},
        "tags": ["x", "y"],
    }


def test_indexed_lists_and_plain_values():
    parsed = parse_query("attendees[0][email]=a&attendees[1][email]=b&name=R&empty=")

    assert as_list(parsed["attendees"]) == [{"email": "a"}, {"email": "b"}]
    assert as_list(parsed["name"]) == ["R"]
    assert parsed["empty"] == ""
    assert as_list(None) == []


def test_broken_brackets_stay_plain_keys():
    assert parse_query("a[=1&b[c]d=2") == {"a[": "1", "b[c]d": "2"}
