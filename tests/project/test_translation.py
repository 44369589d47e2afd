"""Russian translation: pages switch language, and the catalogue is complete."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

RUSSIAN_PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)

# printf-style placeholders (%(name)s, %s, %02d) and str.format fields ({name}).
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfrxXi]|%[sdfi]|\{\w*\}")


@pytest.fixture(autouse=True)
def _restore_language():
    """LocaleMiddleware leaves the request's language active in the thread."""
    yield
    translation.deactivate()


# --- Pages ------------------------------------------------------------------


def test_login_page_in_russian_by_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    html = client.get(reverse("login")).content.decode()

    assert '<html lang="ru">' in html
    assert "Войти" in html
    assert "Log in" not in html


def test_login_page_in_russian_by_accept_language(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Войти" in html


def test_login_page_in_english_by_default(client):
    html = client.get(reverse("login")).content.decode()

    assert '<html lang="en">' in html
    assert "Log in" in html
    assert "Войти" not in html


def test_home_page_in_russian_for_viewer(login, viewer):
    client = login(viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.get(reverse("home"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Главная" in html
    assert "Встречи" in html
    assert "Контакты" in html
    assert "Выйти" in html
    assert ">Meetings<" not in html
    assert "Log out" not in html


# --- Catalogue --------------------------------------------------------------


def unquote(text):
    """Decode the body of one C-style quoted PO string."""
    return (
        text.replace("\\\\", "\0")
        .replace('\\"', '"')
        .replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\0", "\\")
    )


def parse_po(path):
    """Parse a PO file into entries: {"flags", "msgid", "msgid_plural", "msgstr"}.

    Each entry's msgstr is a dict from plural index (0 for a plain msgstr) to
    text. Obsolete entries (#~) are skipped, as gettext tools skip them.
    """
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgstr": {}}
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                field[0][field[1]] += unquote(line[1:-1])
            else:
                keyword, _, quoted = line.partition(" ")
                text = unquote(quoted[1:-1])
                match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                if match:
                    field = (entry["msgstr"], int(match.group(1)))
                elif keyword == "msgstr":
                    field = (entry["msgstr"], 0)
                else:
                    field = (entry, keyword)
                field[0][field[1]] = text
        if "msgid" in entry:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def po_entries():
    return parse_po(PO_PATH)


@pytest.fixture(scope="module")
def messages(po_entries):
    """Every entry except the header (the entry with the empty msgid)."""
    return [entry for entry in po_entries if entry["msgid"]]


def test_po_header_uses_russian_plural_forms(po_entries):
    header = po_entries[0]

    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: ru\n" in header["msgstr"][0]
    assert f"Plural-Forms: {RUSSIAN_PLURAL_FORMS}\n" in header["msgstr"][0]


def test_po_has_no_fuzzy_entries(messages):
    fuzzy = [entry["msgid"] for entry in messages if "fuzzy" in entry["flags"]]

    assert fuzzy == []


def test_po_has_no_untranslated_entries(messages):
    untranslated = [
        entry["msgid"]
        for entry in messages
        if not all(text.strip() for text in entry["msgstr"].values())
    ]

    assert untranslated == []


def test_po_plural_entries_have_three_forms(messages):
    wrong = [
        entry["msgid"]
        for entry in messages
        if "msgid_plural" in entry and sorted(entry["msgstr"]) != [0, 1, 2]
    ]

    assert wrong == []


def test_po_translations_keep_placeholders(messages):
    wrong = []
    for entry in messages:
        expected = set(PLACEHOLDER.findall(entry["msgid"]))
        expected |= set(PLACEHOLDER.findall(entry.get("msgid_plural", "")))
        for text in entry["msgstr"].values():
            if set(PLACEHOLDER.findall(text)) != expected:
                wrong.append((entry["msgid"], text))

    assert wrong == []


def test_mo_matches_po(messages):
    """The committed .mo must be compiled from the current .po."""
    with MO_PATH.open("rb") as mo_file:
        catalogue = gettext.GNUTranslations(mo_file)

    stale = []
    for entry in messages:
        if "msgid_plural" in entry:
            compiled = [
                catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n)
                for n in (1, 2, 5)
            ]
            expected = [entry["msgstr"][index] for index in (0, 1, 2)]
        elif "msgctxt" in entry:
            compiled = catalogue.pgettext(entry["msgctxt"], entry["msgid"])
            expected = entry["msgstr"][0]
        else:
            compiled = catalogue.gettext(entry["msgid"])
            expected = entry["msgstr"][0]
        if compiled != expected:
            stale.append(entry["msgid"])

    assert stale == []
