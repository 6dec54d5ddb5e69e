"""Username policy: turn a pupil's names into a clean, stable Moodle username.

Moodle's upload-users tool *deletes* accented letters when it standardises a username (``rené`` becomes
``ren``), so the names are transliterated here, letter by letter, before Moodle ever sees them: no letter is
ever lost, only accents and punctuation. The result always satisfies Moodle's ``PARAM_USERNAME`` (lowercase
``a-z 0-9 . _ @ -``) and is restricted further to ``[a-z0-9.-]``.

A username never changes after creation: this module only computes the *base* for a new account and
allocates a free variant of it; the directory stores the result and never recomputes it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from elea_desktop.text import strip_accents

PATTERNS: dict[str, str] = {
    "prenom.nom": "prénom.nom (jean.dupont)",
    "p.nom": "initiale du prénom.nom (j.dupont)",
    "nom.prenom": "nom.prénom (dupont.jean)",
    "prenom.nom.jjmm": "prénom.nom + jour et mois de naissance (jean.dupont0312)",
}
DEFAULT_PATTERN = "prenom.nom"
MAX_LENGTH = 40
# Used when every letter of the names was unusable (only "?" or a non-Latin script): a username must exist.
FALLBACK = "eleve"

# Removed before anything else so that "N'Diaye" gives "ndiaye" (and because NFKD turns ´ into a space).
_APOSTROPHES = "'’‘ʼʻ`´′"
# Inside one name, these separate words: they all become a single "-".
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_./,;:()\[\]&+]+")
_NOT_ALLOWED = re.compile(r"[^a-z0-9-]")
_DASHES = re.compile(r"-{2,}")
# The shape every result has: words of [a-z0-9] joined by single separators, nothing at the edges.
_SHAPE = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
# Moodle's PARAM_USERNAME, checked as a last line of defence.
_PARAM_USERNAME = re.compile(r"[a-z0-9._@-]+")


def clean_part(text: str) -> str:
    """One name, transliterated to ``[a-z0-9-]``: words joined by ``-``, never a separator at an edge.

    Returns ``""`` when nothing usable remains; callers choose the fallback.
    """
    if not text:
        return ""
    text = text.replace("?", "")  # SIECLE writes "?" for characters it could not encode
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    text = strip_accents(text)
    text = _SEPARATORS.sub("-", text)
    text = _NOT_ALLOWED.sub("", text)
    text = _DASHES.sub("-", text)
    return text.strip("-")


def _truncate(text: str, limit: int) -> str:
    """Cut to ``limit`` characters without ever ending on a separator."""
    return text[:limit].rstrip(".-")


def _check(username: str) -> str:
    # A real check rather than ``assert``: it must survive ``python -O``.
    valid = _SHAPE.fullmatch(username) and _PARAM_USERNAME.fullmatch(username)
    if not valid or len(username) > MAX_LENGTH:
        raise AssertionError(f"invalid username produced: {username!r}")
    return username


def base_username(
    first_name: str,
    last_name: str,
    birth_date: datetime.date | None,
    pattern: str = DEFAULT_PATTERN,
) -> str:
    """The username a new account would get before collisions are resolved.

    ``first_name`` is the first given name only (SIECLE ``PRENOM``, not ``PRENOM2``/``PRENOM3``);
    ``last_name`` is the name in use (``NOM_USAGE`` when present, else ``NOM_DE_FAMILLE``).
    """
    if pattern not in PATTERNS:
        choices = ", ".join(PATTERNS)
        raise ValueError(f"Modèle d'identifiant inconnu : « {pattern} ». Modèles possibles : {choices}.")
    first = clean_part(first_name)
    last = clean_part(last_name)
    suffix = ""
    if pattern == "p.nom":
        parts = [first[:1], last]
    elif pattern == "nom.prenom":
        parts = [last, first]
    else:
        parts = [first, last]
        if pattern == "prenom.nom.jjmm" and birth_date is not None:
            suffix = f"{birth_date.day:02d}{birth_date.month:02d}"
    # An empty part is dropped rather than replaced, so "?" + "Dupont" still gives a readable "dupont".
    names = ".".join(part for part in parts if part) or FALLBACK
    names = _truncate(names, MAX_LENGTH - len(suffix))
    return _check(names + suffix)


class UsernameAllocator:
    """Hands out usernames that were never held by anyone: ``base``, then ``base2``, ``base3``…

    ``taken`` must hold every username ever given (active, suspended and protected accounts alike), so that a
    returning pupil's old name, or a suspended pupil's, is never handed to somebody else. Allocation is
    deterministic: the same ``taken`` set and the same sequence of bases give the same results, which is what
    makes the import's stable ordering (class, names, birth date, ELEVE_ID) meaningful.
    """

    def __init__(self, taken: Iterable[str]) -> None:
        # Moodle compares usernames in lowercase; so do we.
        self._taken: set[str] = {name.lower() for name in taken}

    def __contains__(self, username: str) -> bool:
        return username.lower() in self._taken

    def allocate(self, base: str) -> str:
        """Return the first free variant of ``base`` and record it as taken."""
        base = _check(_truncate(base.lower(), MAX_LENGTH)) if base else FALLBACK
        candidate = base
        number = 1
        while candidate in self._taken:
            number += 1
            tail = str(number)
            # Truncate the base, never the number, and never leave a separator before the number.
            candidate = _truncate(base, MAX_LENGTH - len(tail)) + tail
        self._taken.add(_check(candidate))
        return candidate
