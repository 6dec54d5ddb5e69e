"""Which credentials go on which page of the sheets: classes in order, then slip pages and roster pages.

Kept apart from the drawing so that ``count_pages`` can answer without registering a font or opening a PDF.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.units import mm

from elea_desktop.credentials.batch import Credential, CredentialBatch
from elea_desktop.credentials.sheets_layout import GRID_BOTTOM, GRID_TOP, check_layout
from elea_desktop.credentials.sheets_text import NO_CLASS_FR, STAFF_FR, clean_text, name_sort_key
from elea_desktop.text import class_sort_key

ROSTER_ROW_HEIGHT = 6.8 * mm
ROSTER_HEADING_HEIGHT = 14 * mm


@dataclass(frozen=True)
class Group:
    label: str  # class code, or NO_CLASS_FR
    class_code: str | None
    credentials: tuple[Credential, ...]
    establishment: str | None = None  # cités scolaires: the class's establishment (None: the batch's)
    staff: bool = False  # the staff section (STS-web): one « Personnels » group, a function per slip


@dataclass(frozen=True)
class Page:
    # "slips", "roster", or for a print of exactly one slip "single" (the slip alone at the top of the
    # page) or "letter" (a whole-page letter for one person)
    kind: str
    group_index: int
    credentials: tuple[Credential, ...]
    start: int  # index of the first credential in its class (roster numbering)


def group_credentials(batch: CredentialBatch, class_code: str | None = None) -> list[Group]:
    """Accounts with a password, by class (natural order, « Sans classe » last), sorted by name; staff
    accounts in one « Personnels » group after the classes.

    ``class_code`` keeps one class; ``NO_CLASS_FR`` (or "") keeps the pupils without a class; ``STAFF_FR``
    the staff.
    """
    wanted = None
    if class_code is not None:
        # « Sans classe » (or an empty code) selects the pupils without a class.
        wanted = clean_text(class_code)
        wanted = None if wanted.casefold() in ("", NO_CLASS_FR.casefold()) else wanted
    # Establishments in the batch's order (a cité scolaire's collège, then its lycée), classes within.
    by_place: dict[str | None, dict[str | None, list[Credential]]] = {}
    staff: dict[str | None, list[Credential]] = {}
    for credential in batch.credentials:
        if not credential.password:
            continue
        if credential.function is not None:
            if class_code is None or clean_text(class_code).casefold() == STAFF_FR.casefold():
                staff.setdefault(credential.establishment, []).append(credential)
            continue
        code = clean_text(credential.class_code) or None
        if class_code is not None and code != wanted:
            continue
        by_place.setdefault(credential.establishment, {}).setdefault(code, []).append(credential)
    groups = []
    for place, by_class in by_place.items():
        codes = sorted((c for c in by_class if c is not None), key=class_sort_key)
        if None in by_class:
            codes.append(None)
        groups += [
            Group(code if code is not None else NO_CLASS_FR, code,
                  tuple(sorted(by_class[code], key=name_sort_key)), place)
            for code in codes
        ]
    groups += [Group(STAFF_FR, None, tuple(sorted(people, key=name_sort_key)), place, staff=True)
               for place, people in staff.items()]
    return groups


def roster_rows_per_page() -> int:
    return int((GRID_TOP - GRID_BOTTOM - ROSTER_HEADING_HEIGHT) // ROSTER_ROW_HEIGHT)


def _chunks(items: tuple, size: int) -> Iterable[tuple[int, tuple]]:
    for start in range(0, len(items), size):
        yield start, items[start:start + size]


def paginate(groups: list[Group], per_page: int, roster: bool, single: str = "slip") -> list[Page]:
    pages: list[Page] = []
    rows = roster_rows_per_page()
    # One slip on a page laid out for ten wastes the sheet: it gets a page of its own kind.
    alone = sum(len(g.credentials) for g in groups) == 1
    slips_kind = ("single" if single == "slip" else "letter") if alone else "slips"
    for index, group in enumerate(groups):
        for start, chunk in _chunks(group.credentials, per_page):
            pages.append(Page(slips_kind, index, chunk, start))
        if roster:
            # After the slips: the slip pages stay one stack for the guillotine.
            for start, chunk in _chunks(group.credentials, rows):
                pages.append(Page("roster", index, chunk, start))
    return pages


def count_pages(batch: CredentialBatch, *, per_page: int = 10, roster: bool = False,
                class_code: str | None = None) -> int:
    """Pages that ``write_credential_sheets`` would write with the same options (0: nothing to print)."""
    check_layout(per_page)
    rows = roster_rows_per_page()
    total = 0
    for group in group_credentials(batch, class_code):
        total += math.ceil(len(group.credentials) / per_page)
        if roster:
            total += math.ceil(len(group.credentials) / rows)
    return total
