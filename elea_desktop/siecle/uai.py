"""UAI (ex-RNE) establishment codes: 7 digits and a check letter (modulo 23)."""

from __future__ import annotations

import re

# 23 letters: I, O and Q are left out so that they cannot be mistaken for digits.
_CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_UAI = re.compile(r"[0-9]{7}[A-Z]")


def check_letter(digits: str) -> str:
    return _CHECK_LETTERS[int(digits) % 23]


def is_valid_uai(code: str | None) -> bool:
    """True for a well-formed UAI whose letter matches its digits (``0750680G``)."""
    if not code or not _UAI.fullmatch(code):
        return False
    return code[7] == check_letter(code[:7])
