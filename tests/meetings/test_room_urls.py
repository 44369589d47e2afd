"""Room URL suffixes from names: the server's table and meetings.js agree."""

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from meetings.room_urls import TRANSLITERATION, slugify_room_name, transliterate

MEETINGS_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "meetings.js"

CASES = [
    ("Zespół Łódź", "zespol-lodz"),
    ("ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc-gesla-jazn"),
    ("Straße", "strasse"),
    ("GROẞE Halle", "grosse-halle"),
    ("Ærø København", "aero-kobenhavn"),
    ("Œuvre complète", "oeuvre-complete"),
    ("Đakovo Þórshöfn", "dakovo-thorshofn"),
    ("Москва Щукинская", "moskva-shchukinskaya"),
    ("Съезд Объём", "sezd-obyom"),
    ("Ёлка", "yolka"),
    # The same letter typed as Е and a combining diaeresis.
    ("Е\u0308лка", "yolka"),
    ("Київ Ґанок", "kiyiv-ganok"),
    ("Љубљана Ђорђе", "ljubljana-djordje"),
    ("İstanbul", "istanbul"),
    ("Sales Kick-off 2030!", "sales-kick-off-2030"),
    ("  --Café__ ", "cafe"),
    ("東京 Tokyo", "tokyo"),
]


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_server_slug(name, expected):
    assert slugify_room_name(name) == expected


def test_table_keys_are_single_lowercase_letters():
    for letter in TRANSLITERATION:
        assert len(letter) == 1, letter
        assert letter == letter.lower(), letter
        assert unicodedata.normalize("NFC", letter) == letter, letter


def test_table_values_are_ascii_lowercase():
    for letter, spelling in TRANSLITERATION.items():
        assert re.fullmatch(r"[a-z]*", spelling), (letter, spelling)


def test_table_covers_letters_nfkd_would_drop():
    for letter in "łßøæœđðþıħŧŋабвгджзиклмнопрстуфхцчшщъыьэюяєіґўђјљњћџѕ":
        assert letter in TRANSLITERATION, letter


def test_transliterate_keeps_other_letters():
    assert transliterate("Crème 42") == "crème 42"


def javascript_table():
    source = MEETINGS_JS.read_text(encoding="utf-8")
    match = re.search(r"var TRANSLITERATION = (\{.*?\});", source, re.DOTALL)
    assert match, "meetings.js has no TRANSLITERATION table"
    return json.loads(match.group(1))


def test_javascript_table_matches_server():
    assert javascript_table() == TRANSLITERATION


def test_javascript_slug_matches_server():
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    names = [name for name, _expected in CASES]
    script = (
        "const {slugify} = require(process.argv[1]);"
        "const names = JSON.parse(process.argv[2]);"
        "process.stdout.write(JSON.stringify(names.map(slugify)));"
    )
    completed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [node, "-e", script, str(MEETINGS_JS), json.dumps(names)],
        capture_output=True,
        check=True,
        text=True,
        timeout=30,
    )

    browser_slugs = json.loads(completed.stdout)

    assert browser_slugs == [slugify_room_name(name) for name in names]
