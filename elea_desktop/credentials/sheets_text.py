"""The words printed on the credential sheets and how a name or a credential is made to fit its place.

Every string drawn on a sheet goes through ``clean_text`` (names come from a school's export and may hold
control characters or decomposed accents); fitting only ever shrinks credentials, never cuts them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from elea_desktop.credentials.batch import Credential
from elea_desktop.credentials.fonts import MONO_BOLD, string_width
from elea_desktop.text import fold

ADVICE_FR = (
    "À la première connexion, choisissez un nouveau mot de passe.",
    "Ne le communiquez à personne.",
)
CONFIDENTIAL_FR = "Document confidentiel — à distribuer individuellement puis à détruire"
ROSTER_NOTICE_FR = "Liste réservée à l'enseignant — ne pas afficher ni distribuer"
STAFF_ROSTER_NOTICE_FR = "Liste réservée au secrétariat — ne pas afficher ni distribuer"
NO_CLASS_FR = "Sans classe"
STAFF_FR = "Personnels"
LABEL_USERNAME_FR = "Identifiant"
LABEL_PASSWORD_FR = "Mot de passe"  # noqa: S105 - a label, not a secret

INK = (0, 0, 0)  # every text but the slip labels, on slips and rosters alike

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_text(value: str | None) -> str:
    """NFC (reportlab does not position combining marks), no control characters, single spaces."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def name_sort_key(credential: Credential) -> tuple:
    """Last name, then first name, ignoring case, accents and punctuation (N'Diaye sorts as ndiaye)."""
    last, first = clean_text(credential.last_name), clean_text(credential.first_name)
    return (fold(last), fold(first), last.casefold(), first.casefold(), credential.username)


# After the name of a pupil who left since the batch was made (printed only when asked for): the slip
# must not look like a working one, and the word is the same whatever the pupil's gender.
LEFT_FR = "(compte suspendu)"


def family_name(credential: Credential) -> str:
    """« NOM », marked for a pupil who left since the batch was made."""
    last = clean_text(credential.last_name).upper()
    return f"{last} {LEFT_FR}".strip() if credential.left else last


def display_name(credential: Credential) -> str:
    """« Prénom NOM »."""
    return f"{clean_text(credential.first_name)} {family_name(credential)}".strip()


def roster_name(credential: Credential) -> str:
    """« NOM Prénom », as teachers' class lists are sorted."""
    return f"{family_name(credential)} {clean_text(credential.first_name)}".strip()


def fit_text(text: str, font: str, size: float, max_width: float, *, min_size: float,
             ellipsis: bool) -> tuple:
    """Shrink ``text`` to ``max_width``; below ``min_size`` cut it with an ellipsis (never credentials)."""
    width = string_width(text, font, size)
    if width <= max_width:
        return text, size
    shrunk = size * max_width / width
    if shrunk >= min_size or not ellipsis:
        return text, max(shrunk, 1.0)
    size = min_size
    while text and string_width(text + "…", font, size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…", size


def fit_person(credential: Credential, font: str, size: float, max_width: float, *,
               min_size: float) -> tuple[str, float]:
    """« Prénom NOM » shrunk to fit; if even ``min_size`` is too large, the first name gives way
    (« Marie-Amél… DE LA ROCHEFOUCAULD ») so the family name, which teachers call pupils by, stays whole."""
    first = clean_text(credential.first_name)
    last = family_name(credential)
    full = f"{first} {last}".strip()
    text, fitted = fit_text(full, font, size, max_width, min_size=min_size, ellipsis=False)
    if fitted >= min_size or not first or not last:
        return fit_text(full, font, size, max_width, min_size=min_size, ellipsis=True)
    for keep in range(len(first) - 1, 0, -1):
        candidate = f"{first[:keep].rstrip(' -')}… {last}"
        if string_width(candidate, font, min_size) <= max_width:
            return candidate, min_size
    # Last resort: the initial, the family name a little smaller still, and only then an ellipsis.
    return fit_text(f"{first[0]}. {last}", font, min_size, max_width, min_size=min_size * 0.8, ellipsis=True)


_MONO_ADVANCE: dict[str, float] = {}


def fit_mono(text: str, size: float, max_width: float) -> float:
    """The size at which ``text`` fits in the monospaced bold face (every glyph has the same advance)."""
    advance = _MONO_ADVANCE.get(MONO_BOLD)
    if advance is None:
        advance = _MONO_ADVANCE[MONO_BOLD] = string_width("0", MONO_BOLD, 1000) / 1000
    width = (len(text) * advance * size) if text.isascii() else string_width(text, MONO_BOLD, size)
    return size if width <= max_width else max(size * max_width / width, 1.0)


def display_url(url: str) -> str:
    # Browsers add https:// themselves: a 12-year-old types less. Any other scheme stays visible.
    shown = url.strip()
    if shown.lower().startswith("https://"):
        shown = shown[len("https://"):]
    return shown.rstrip("/")


def date_fr(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")
