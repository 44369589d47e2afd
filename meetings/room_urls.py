"""Room URL suffixes derived from meeting names.

static/js/meetings.js derives the same suffix while the user types the name,
with a copy of TRANSLITERATION; tests/meetings/test_room_urls.py checks that
the two tables and their results agree.
"""

import unicodedata

from django.utils.text import slugify

# Lowercase letters that Unicode NFKD does not split into an ASCII letter and
# accents, so slugify() would drop them ("Łódź" would become "odz"). Cyrillic
# follows the BGN/PCGN romanization of Russian without diacritics or primes
# (е is always "e", the hard and soft signs are dropped), with the extra
# letters of Ukrainian, Belarusian, Serbian and Macedonian. Letters that NFKD
# does split (ó, é, й, ё...) are listed only where the plain base letter
# would read wrong.
TRANSLITERATION = {
    # Latin
    "ł": "l",
    "ß": "ss",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ŋ": "ng",
    # Cyrillic: Russian
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Cyrillic: Ukrainian and Belarusian
    "є": "ye",
    "і": "i",
    "ї": "yi",
    "ґ": "g",
    "ў": "u",
    # Cyrillic: Serbian and Macedonian
    "ђ": "dj",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ћ": "c",
    "џ": "dz",
    "ѕ": "dz",
    "ѓ": "gj",
    "ќ": "kj",
}


def transliterate(text):
    """Lowercase text and spell the letters of TRANSLITERATION in ASCII."""
    lowered = unicodedata.normalize("NFC", str(text)).lower()
    return "".join(TRANSLITERATION.get(letter, letter) for letter in lowered)


def slugify_room_name(text):
    """Return the room URL suffix for a name: "Zespół Łódź" -> "zespol-lodz"."""
    return slugify(transliterate(text)).strip("-_")
