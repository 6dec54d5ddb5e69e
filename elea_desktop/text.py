"""Folding names to plain ASCII letters: one table for usernames, matching and sorting."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD leaves whole (they are letters in their own right, not a base letter plus an accent).
# Keys are lowercase: the text is lowercased before this table is applied.
EXTRA_LETTERS = str.maketrans(
    {
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",  # Turkish dotless i
        "ħ": "h",  # Maltese
        "ŧ": "t",  # Sami
        "ŋ": "ng",  # Sami, Wolof, Bambara
        "ĸ": "k",
        "ſ": "s",
        "ƒ": "f",
        "ɓ": "b",  # Fula, Hausa
        "ɗ": "d",
        "ƙ": "k",
        "ƴ": "y",
        "ɛ": "e",  # Bambara, Lingala, Akan
        "ɔ": "o",
        "ə": "e",  # Azerbaijani
        "ɣ": "g",
        "ɲ": "ny",
        "ɨ": "i",
        "ʉ": "u",
        "ƀ": "b",
        "ȥ": "z",
        "ȷ": "j",
    }
)


def strip_accents(text: str) -> str:
    """Lowercase ASCII-leaning text: accents removed, ligatures and special letters spelt out."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(EXTRA_LETTERS)


@lru_cache(maxsize=1 << 16)
def fold(text: str | None) -> str:
    """Case, accents, apostrophes, hyphens and spacing removed: how two names are compared and sorted.

    Cached: names repeat a lot within a school, and this runs for every pupil of a large import.
    """
    if not text:
        return ""
    return "".join(ch for ch in strip_accents(text) if ch.isalnum())


@lru_cache(maxsize=4096)
def class_sort_key(code: str | None) -> tuple:
    """Natural order of class codes: 6A, 6B, … 10A (not 10A before 6A); no class last.

    Cached: a school has a few dozen classes, and every sort of accounts, actions, slips or CSV rows
    (20,000 of them in a large cité scolaire) calls this once per row. The key is a tuple: safe to share.
    """
    if not code:
        return ((2, 0, ""),)
    parts = re.split(r"(\d+)", code.casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


# Control characters (C0, DEL, C1) and the invisible direction marks and overrides (U+202E reverses the
# text shown after it): never part of a name, and each would end up in usernames, sheets and the CSV.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def without_unprintable(*names: str | None) -> tuple[bool, list[str | None]]:
    """Whether any name held such characters, and the names without them (None when nothing is left)."""
    if not UNPRINTABLE.search("".join(n for n in names if n)):
        return False, list(names)
    return True, [" ".join(UNPRINTABLE.sub("", n).split()) or None if n else n for n in names]

