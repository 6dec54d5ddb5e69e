"""Cohort id numbers: ``<UAI>-<school year>-<class>``, e.g. ``0750680G-2025-4A``.

Moodle reads a digits-only ``cohort1`` value as an internal cohort id; the UAI prefix always holds a
letter, so an id number of ours never is one. The class part keeps only ASCII letters, digits and hyphens.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9]+")


def clean_class_code(class_code: str) -> str:
    text = unicodedata.normalize("NFKD", class_code)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("Œ", "OE").replace("œ", "oe").replace("Æ", "AE").replace("æ", "ae")
    cleaned = _NOT_ALLOWED.sub("-", text).strip("-")
    return cleaned or "CLASSE"


def cohort_idnumber(uai: str, school_year: int, class_code: str, taken: set[str]) -> str:
    """A free id number for a new cohort (two class codes that clean alike get ``-2``, ``-3``…)."""
    base = f"{uai.upper()}-{school_year}-{clean_class_code(class_code)}"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate
