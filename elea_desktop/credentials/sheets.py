"""Credential sheets: the A4 PDF of slips handed to pupils (and an optional roster for the teacher).

Drawn with reportlab's canvas and ``drawString`` only: no Paragraph markup ever sees a raw name (reportlab
markup has had code-execution CVEs, and ``&`` or ``<`` in a name breaks it). Everything that is the same on
every slip of a class (establishment, address, labels, advice) is a Form XObject drawn once and reused,
as is the QR code of the platform address: 5,000 slips take well under a second.
"""

from __future__ import annotations

import datetime
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from elea_desktop.credentials.atomic_write import write_atomically
from elea_desktop.credentials.batch import Credential, CredentialBatch
from elea_desktop.credentials.fonts import MONO_BOLD, SANS, SANS_BOLD, register_fonts, string_width
from elea_desktop.credentials.sheets_layout import (
    GRID_BOTTOM,
    GRID_LEFT,
    GRID_RIGHT,
    GRID_TOP,
    LAYOUTS,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    STYLES,
    TEXT_CLEARANCE,
    Rect,
    check_layout,
    cut_lines,
    slip_frames,
    slip_plan,
)
from elea_desktop.errors import OutputError

__all__ = [
    "ADVICE_FR",
    "CONFIDENTIAL_FR",
    "LAYOUTS",
    "NO_CLASS_FR",
    "SheetsInfo",
    "count_pages",
    "group_credentials",
    "name_sort_key",
    "roster_rows_per_page",
    "slip_frames",
    "write_credential_sheets",
]

ADVICE_FR = (
    "À la première connexion, choisissez un nouveau mot de passe.",
    "Ne le communiquez à personne.",
)
CONFIDENTIAL_FR = "Document confidentiel — à distribuer individuellement puis à détruire"
ROSTER_NOTICE_FR = "Liste réservée à l'enseignant — ne pas afficher ni distribuer"
NO_CLASS_FR = "Sans classe"
LABEL_USERNAME_FR = "Identifiant"
LABEL_PASSWORD_FR = "Mot de passe"  # noqa: S105 - a label, not a secret

INK = (0, 0, 0)
GREY_TEXT = (0.28, 0.28, 0.28)  # labels: dark enough for a tired office printer
CUT_GREY = (0.45, 0.45, 0.45)
ROW_FILL = (0.92, 0.92, 0.92)

# ASCII85 makes the streams a quarter larger and costs a third of the save time; nothing here needs
# a 7-bit file (process-wide reportlab setting, and this is the only PDF producer of the application).
rl_config.useA85 = 0

ROSTER_ROW_HEIGHT = 6.8 * mm
FOOTER_BASELINE = MARGIN + 2.5 * mm
_ROSTER_WIDTH = GRID_RIGHT - GRID_LEFT
ROSTER_COLUMNS = [  # (title, x offset from the grid's left, width, font)
    ("N°", 0, 10 * mm, SANS),
    ("Nom Prénom", 10 * mm, _ROSTER_WIDTH * 0.42, SANS),
    ("Identifiant", 10 * mm + _ROSTER_WIDTH * 0.42, _ROSTER_WIDTH * 0.28, MONO_BOLD),
    ("Mot de passe", 10 * mm + _ROSTER_WIDTH * 0.70, _ROSTER_WIDTH * 0.30 - 24 * mm, MONO_BOLD),
    ("Remis", _ROSTER_WIDTH - 14 * mm, 14 * mm, SANS),
]
ROSTER_HEADING_HEIGHT = 14 * mm

Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class SheetsInfo:
    page_count: int
    slip_count: int
    classes: tuple[str, ...]  # class codes in page order; NO_CLASS_FR for pupils without a class


@dataclass(frozen=True)
class _Group:
    label: str  # class code, or NO_CLASS_FR
    class_code: str | None
    credentials: tuple[Credential, ...]


@dataclass(frozen=True)
class _Page:
    kind: str  # "slips" or "roster"
    group_index: int
    credentials: tuple[Credential, ...]
    start: int  # index of the first credential in its class (roster numbering)


# ---------------------------------------------------------------------------------------------- text


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Letters that NFKD does not decompose but that a French reader sorts as their base letters.
_FOLD = str.maketrans({"œ": "oe", "æ": "ae", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


def clean_text(value: str | None) -> str:
    """NFC (reportlab does not position combining marks), no control characters, single spaces."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold()).translate(_FOLD)
    return "".join(ch for ch in decomposed if ch.isalnum())


def name_sort_key(credential: Credential) -> tuple:
    """Last name, then first name, ignoring case, accents and punctuation (N'Diaye sorts as ndiaye)."""
    last, first = clean_text(credential.last_name), clean_text(credential.first_name)
    return (_fold(last), _fold(first), last.casefold(), first.casefold(), credential.username)


def _class_sort_key(code: str) -> tuple:
    # Natural order: 6A, 6B, … 10A rather than 10A before 6A.
    parts = re.split(r"(\d+)", code.casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def display_name(credential: Credential) -> str:
    """« Prénom NOM »."""
    first = clean_text(credential.first_name)
    last = clean_text(credential.last_name).upper()
    return f"{first} {last}".strip()


def roster_name(credential: Credential) -> str:
    """« NOM Prénom », as teachers' class lists are sorted."""
    first = clean_text(credential.first_name)
    last = clean_text(credential.last_name).upper()
    return f"{last} {first}".strip()


def _fit(text: str, font: str, size: float, max_width: float, *, min_size: float, ellipsis: bool) -> tuple:
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


def _fit_person(credential: Credential, font: str, size: float, max_width: float, *,
                min_size: float) -> tuple[str, float]:
    """« Prénom NOM » shrunk to fit; if even ``min_size`` is too large, the first name gives way
    (« Marie-Amél… DE LA ROCHEFOUCAULD ») so the family name, which teachers call pupils by, stays whole."""
    first = clean_text(credential.first_name)
    last = clean_text(credential.last_name).upper()
    full = f"{first} {last}".strip()
    text, fitted = _fit(full, font, size, max_width, min_size=min_size, ellipsis=False)
    if fitted >= min_size or not first or not last:
        return _fit(full, font, size, max_width, min_size=min_size, ellipsis=True)
    for keep in range(len(first) - 1, 0, -1):
        candidate = f"{first[:keep].rstrip(' -')}… {last}"
        if string_width(candidate, font, min_size) <= max_width:
            return candidate, min_size
    # Last resort: the initial, the family name a little smaller still, and only then an ellipsis.
    return _fit(f"{first[0]}. {last}", font, min_size, max_width, min_size=min_size * 0.8, ellipsis=True)


_MONO_ADVANCE: dict[str, float] = {}


def _fit_mono(text: str, size: float, max_width: float) -> float:
    """The size at which ``text`` fits in the monospaced bold face (every glyph has the same advance)."""
    advance = _MONO_ADVANCE.get(MONO_BOLD)
    if advance is None:
        advance = _MONO_ADVANCE[MONO_BOLD] = string_width("0", MONO_BOLD, 1000) / 1000
    width = (len(text) * advance * size) if text.isascii() else string_width(text, MONO_BOLD, size)
    return size if width <= max_width else max(size * max_width / width, 1.0)


def qr_modules(value: str) -> list[list[bool]]:
    """The QR matrix of ``value`` (level M: survives a crease or a smudge), without quiet zone."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    return [[bool(m) for m in row] for row in code.modules]


def _display_url(url: str) -> str:
    # Browsers add https:// themselves: a 12-year-old types less. Any other scheme stays visible.
    shown = url.strip()
    if shown.lower().startswith("https://"):
        shown = shown[len("https://"):]
    return shown.rstrip("/")


def _date_fr(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# ---------------------------------------------------------------------------------------------- plan


def group_credentials(batch: CredentialBatch, class_code: str | None = None) -> list[_Group]:
    """Accounts with a password, by class (natural order, « Sans classe » last), sorted by name.

    ``class_code`` keeps one class; ``NO_CLASS_FR`` (or "") keeps the pupils without a class.
    """
    wanted = None
    if class_code is not None:
        # « Sans classe » (or an empty code) selects the pupils without a class.
        wanted = clean_text(class_code)
        wanted = None if wanted.casefold() in ("", NO_CLASS_FR.casefold()) else wanted
    by_class: dict[str | None, list[Credential]] = {}
    for credential in batch.credentials:
        if not credential.password:
            continue
        code = clean_text(credential.class_code) or None
        if class_code is not None and code != wanted:
            continue
        by_class.setdefault(code, []).append(credential)
    codes = sorted((c for c in by_class if c is not None), key=_class_sort_key)
    if None in by_class:
        codes.append(None)
    return [
        _Group(code if code is not None else NO_CLASS_FR, code,
               tuple(sorted(by_class[code], key=name_sort_key)))
        for code in codes
    ]


def roster_rows_per_page() -> int:
    return int((GRID_TOP - GRID_BOTTOM - ROSTER_HEADING_HEIGHT) // ROSTER_ROW_HEIGHT)


def _chunks(items: tuple, size: int) -> Iterable[tuple[int, tuple]]:
    for start in range(0, len(items), size):
        yield start, items[start:start + size]


def _pages(groups: list[_Group], per_page: int, roster: bool) -> list[_Page]:
    pages: list[_Page] = []
    rows = roster_rows_per_page()
    for index, group in enumerate(groups):
        for start, chunk in _chunks(group.credentials, per_page):
            pages.append(_Page("slips", index, chunk, start))
        if roster:
            # After the slips: the slip pages stay one stack for the guillotine.
            for start, chunk in _chunks(group.credentials, rows):
                pages.append(_Page("roster", index, chunk, start))
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


# ---------------------------------------------------------------------------------------------- drawing


class _SheetWriter:
    def __init__(self, canvas: Canvas, batch: CredentialBatch, per_page: int, qr: bool,
                 generated_on: datetime.date):
        self.c = canvas
        self.batch = batch
        self.per_page = per_page
        self.style = STYLES[per_page]
        self.frames = slip_frames(per_page)
        self.cut_ys, self.cut_xs = cut_lines(per_page)
        self.date_text = f"Édité le {_date_fr(generated_on)}"
        self.establishment = clean_text(batch.establishment_label) or clean_text(batch.uai)
        self.url = clean_text(batch.platform_url) or None
        self.qr = bool(qr and self.url)
        self.label_width = max(string_width(t, SANS, self.style.label) for t in (LABEL_USERNAME_FR,
                                                                                  LABEL_PASSWORD_FR))
        self.templates: dict[int, str] = {}
        self.page_templates: dict[tuple[int, str], str] = {}
        self.plans: dict[bool, dict] = {}
        self.qr_size = 0.0
        if self.qr:
            self._make_qr_form()

    # -- reusable forms

    def _plan(self, has_class: bool) -> dict:
        if has_class not in self.plans:
            self.plans[has_class] = slip_plan(self.per_page, has_url=self.url is not None,
                                              has_class=has_class, has_qr=self.qr,
                                              label_width=self.label_width)
        return self.plans[has_class]

    def _make_qr_form(self) -> None:
        """The platform address as a QR code, drawn once; never a password (any phone would read it).

        Drawn as one path of module runs rather than through reportlab's graphics renderer, which
        declares (unembedded) Helvetica in the form's resources.
        """
        size = self.qr_size = self._plan(True)["qr"].width
        modules = qr_modules(self.batch.platform_url.strip())
        box = size / len(modules)
        c = self.c
        c.beginForm("qr", 0, 0, size, size)
        c.setFillColorRGB(*INK)
        path = c.beginPath()
        for row_index, row in enumerate(modules):
            y = size - (row_index + 1) * box
            column = 0
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    path.rect(column * box, y, count * box, box)
                column += count
        c.drawPath(path, stroke=0, fill=1)
        c.endForm()

    def _template(self, group_index: int, group: _Group) -> str:
        """Everything that is identical on the slips of one class, as one Form XObject."""
        name = self.templates.get(group_index)
        if name:
            return name
        name = f"slip{group_index}"
        c, style = self.c, self.style
        plan = self._plan(group.class_code is not None)
        lines = plan["lines"]
        frame = self.frames[0]
        c.beginForm(name, 0, 0, frame.width, frame.height)
        c.setFillColorRGB(*INK)
        self._line(lines["establishment"], self.establishment, SANS_BOLD, min_size=6)
        if self.url:
            self._line(lines["url"], _display_url(self.url), SANS, min_size=6)
        if group.class_code is not None:
            line = lines["class"]
            prefix = "Classe : "
            c.setFont(SANS, line.size)
            c.drawString(line.x, line.baseline, prefix)
            offset = string_width(prefix, SANS, line.size)
            text, size = _fit(group.class_code, SANS_BOLD, line.size, line.max_width - offset, min_size=6,
                              ellipsis=True)
            c.setFont(SANS_BOLD, size)
            c.drawString(line.x + offset, line.baseline, text)
        c.setFillColorRGB(*GREY_TEXT)
        c.setFont(SANS, style.label)
        for key, label in (("username", LABEL_USERNAME_FR), ("password", LABEL_PASSWORD_FR)):
            c.drawString(style.pad_x, lines[key].baseline, label)
        c.setFillColorRGB(*INK)
        for key, advice in zip(("advice1", "advice2"), ADVICE_FR, strict=True):
            self._line(lines[key], advice, SANS, min_size=4)
        c.endForm()
        self.templates[group_index] = name
        return name

    def _line(self, line, text: str, font: str, *, min_size: float, dx: float = 0, dy: float = 0) -> None:
        text, size = _fit(text, font, line.size, line.max_width, min_size=min_size, ellipsis=True)
        self.c.setFont(font, size)
        self.c.drawString(dx + line.x, dy + line.baseline, text)

    # -- pages

    def _header(self, group: _Group, title_suffix: str = "") -> None:
        c = self.c
        half = PAGE_WIDTH / 2
        left = GRID_LEFT + TEXT_CLEARANCE
        left_width = half - TEXT_CLEARANCE - left
        top = PAGE_HEIGHT - MARGIN
        title = f"Classe {group.class_code}" if group.class_code is not None else NO_CLASS_FR
        c.setFillColorRGB(*INK)
        text, size = _fit(title + title_suffix, SANS_BOLD, 13, left_width, min_size=8, ellipsis=True)
        c.setFont(SANS_BOLD, size)
        c.drawString(left, top - 13, text)
        text, size = _fit(self.establishment, SANS, 8.5, left_width, min_size=6, ellipsis=True)
        c.setFont(SANS, size)
        c.drawString(left, top - 26, text)
        right = GRID_RIGHT - TEXT_CLEARANCE
        c.setFont(SANS, 10)
        c.drawRightString(right, top - 13, self.date_text)
        c.setFont(SANS, 8.5)
        c.drawRightString(right, top - 26, "Identifiants Éléa")

    def _footer_notice(self) -> None:
        c = self.c
        c.setFillColorRGB(*INK)
        left = GRID_LEFT + TEXT_CLEARANCE
        text, size = _fit(CONFIDENTIAL_FR, SANS_BOLD, 7, PAGE_WIDTH / 2 - TEXT_CLEARANCE - left, min_size=5,
                          ellipsis=False)
        c.setFont(SANS_BOLD, size)
        c.drawString(left, FOOTER_BASELINE, text)

    def _page_number(self, number: int, total: int) -> None:
        c = self.c
        c.setFillColorRGB(*INK)
        c.setFont(SANS, 9)
        c.drawRightString(GRID_RIGHT - TEXT_CLEARANCE, FOOTER_BASELINE, f"Page {number} / {total}")

    def _page_template(self, group_index: int, group: _Group, kind: str, count: int) -> str:
        """Everything but the pupils' lines and the page number, as one Form XObject per class and shape.

        A slip page holds the header, the cut lines, the notice and ``count`` slip templates (with the QR
        code); only a class's last page usually has fewer slips, so a class needs at most two of them.
        """
        key = (group_index, kind, count)
        name = self.page_templates.get(key)
        if name:
            return name
        c = self.c
        slip = self._template(group_index, group) if kind == "slips" else None  # before beginForm: no nesting
        name = f"page{group_index}{kind}{count}"
        c.beginForm(name, 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
        if slip is not None:
            self._header(group)
            self._cut_lines()
            qr_rect = self._plan(group.class_code is not None)["qr"]
            for frame in self.frames[:count]:
                c.saveState()
                c.translate(frame.x, frame.y)
                c.doForm(slip)
                if qr_rect is not None:
                    c.translate(qr_rect.x, qr_rect.y)
                    if qr_rect.width != self.qr_size:  # slips without a class line have less room
                        c.scale(qr_rect.width / self.qr_size, qr_rect.width / self.qr_size)
                    c.doForm("qr")
                c.restoreState()
        else:
            self._header(group, " — liste de l'enseignant")
            self._roster_grid(count)
        self._footer_notice()
        c.endForm()
        self.page_templates[key] = name
        return name

    def _cut_lines(self) -> None:
        c = self.c
        c.saveState()
        c.setStrokeColorRGB(*CUT_GREY)
        c.setLineWidth(0.6)
        c.setDash(4, 3)
        # From paper edge to paper edge: a guillotine operator lines the blade up on the edge of the stack.
        for y in self.cut_ys:
            c.line(0, y, PAGE_WIDTH, y)
        for x in self.cut_xs:
            c.line(x, 0, x, PAGE_HEIGHT)
        c.restoreState()

    def slip_page(self, page: _Page, group: _Group, number: int, total: int) -> None:
        c = self.c
        c.doForm(self._page_template(page.group_index, group, "slips", len(page.credentials)))
        lines = self._plan(group.class_code is not None)["lines"]
        name_line, user_line, pass_line = lines["name"], lines["username"], lines["password"]
        # One text object for all the lines that change from slip to slip: drawString would open one per
        # line and measure every string again (a third of the time for 5,000 slips).
        text = c.beginText()
        text.setFillColorRGB(*INK)
        for frame, credential in zip(self.frames, page.credentials, strict=False):
            value, size = _fit_person(credential, SANS_BOLD, name_line.size, name_line.max_width, min_size=8)
            text.setFont(SANS_BOLD, size)
            text.setTextOrigin(frame.x + name_line.x, frame.y + name_line.baseline)
            text.textLine(value)
            # Credentials are never cut: shrinking is the only way to fit a very long one.
            for line, value in ((user_line, credential.username), (pass_line, credential.password)):
                size = _fit_mono(value, line.size, line.max_width)
                text.setFont(MONO_BOLD, size)
                text.setTextOrigin(frame.x + line.x, frame.y + line.baseline)
                text.textLine(value)
        c.drawText(text)
        self._page_number(number, total)

    def _roster_grid(self, count: int) -> None:
        """Notice, column headings, zebra stripes and « Remis » boxes of a roster page of ``count`` rows."""
        c = self.c
        left, right = GRID_LEFT, GRID_RIGHT
        c.setFillColorRGB(*INK)
        c.setFont(SANS_BOLD, 8)
        c.drawString(left + 1.5 * mm, GRID_TOP - 5 * mm, ROSTER_NOTICE_FR)
        heading = GRID_TOP - ROSTER_HEADING_HEIGHT + 2.5 * mm
        c.setFont(SANS_BOLD, 9)
        for title, x, _, _ in ROSTER_COLUMNS:
            c.drawString(left + x + 1.5 * mm, heading, title)
        c.setLineWidth(0.8)
        c.line(left, heading - 1.8 * mm, right, heading - 1.8 * mm)
        c.setLineWidth(0.6)
        box = 3.2 * mm
        for offset in range(count):
            bottom = GRID_TOP - ROSTER_HEADING_HEIGHT - (offset + 1) * ROSTER_ROW_HEIGHT
            if offset % 2:
                c.setFillColorRGB(*ROW_FILL)
                c.rect(left, bottom, right - left, ROSTER_ROW_HEIGHT, stroke=0, fill=1)
            c.rect(left + ROSTER_COLUMNS[4][1] + 5 * mm, bottom + 1.6 * mm, box, box, stroke=1, fill=0)
        c.setFillColorRGB(*INK)

    def roster_page(self, page: _Page, group: _Group, number: int, total: int) -> None:
        c = self.c
        c.doForm(self._page_template(page.group_index, group, "roster", len(page.credentials)))
        number_col, name_col, user_col, pass_col = ROSTER_COLUMNS[:4]
        size = 9.5
        text = c.beginText()
        text.setFillColorRGB(*INK)
        current = None

        def cell(column, value: str, font: str, fitted: float) -> None:
            nonlocal current
            if current != (font, fitted):  # a font change costs a Tf operator: skip it when nothing changes
                text.setFont(font, fitted)
                current = (font, fitted)
            text.setTextOrigin(GRID_LEFT + column[1] + 1.5 * mm, baseline)
            text.textLine(value)

        for offset, credential in enumerate(page.credentials):
            baseline = GRID_TOP - ROSTER_HEADING_HEIGHT - (offset + 1) * ROSTER_ROW_HEIGHT + 2.2 * mm
            cell(number_col, str(page.start + offset + 1), SANS, size)
            value, fitted = _fit(roster_name(credential), SANS, size, name_col[2] - 3 * mm, min_size=6,
                                 ellipsis=True)
            cell(name_col, value, SANS, fitted)
            for column, value in ((user_col, credential.username), (pass_col, credential.password)):
                cell(column, value, MONO_BOLD, _fit_mono(value, size, column[2] - 3 * mm))
        c.drawText(text)
        self._page_number(number, total)


def _set_metadata(c: Canvas, batch: CredentialBatch, groups: list[_Group], day: datetime.date) -> None:
    """Establishment and date only: no name, no username, never a password."""
    label = clean_text(batch.establishment_label) or clean_text(batch.uai)
    c.setTitle(f"Identifiants Éléa — {label} — {_date_fr(day)}")
    c.setAuthor(label)
    classes = ", ".join(g.label for g in groups)
    if len(classes) > 200:
        classes = classes[:199] + "…"
    c.setSubject(f"Fiches d'identifiants des élèves — {label} — classes : {classes} — {_date_fr(day)}")
    c.setCreator("Éléa Desktop")


def write_credential_sheets(
    path,
    batch: CredentialBatch,
    *,
    per_page: int = 10,
    qr: bool = False,
    roster: bool = False,
    class_code: str | None = None,
    generated_on: datetime.date | None = None,
    progress: Progress | None = None,
) -> SheetsInfo:
    """Write the credential slips of ``batch`` to ``path`` (atomically) and describe what was written.

    Only accounts with a password in the batch get a slip; ``class_code`` keeps one class. ``qr`` adds a
    QR code of the platform address (nothing when the batch has none). ``roster`` adds, after each class,
    a list for the teacher. ``progress(done, total)`` is called after each page; to cancel, raise from it
    (the temporary file is removed and the exception propagates).
    Raises ``OutputError`` when there is nothing to print or the file cannot be written.
    """
    check_layout(per_page)
    register_fonts()
    groups = group_credentials(batch, class_code)
    if not groups:
        if class_code is not None:
            raise OutputError(f"Aucun mot de passe à imprimer pour la classe « {class_code} » dans ce lot.")
        raise OutputError("Ce lot ne contient aucun mot de passe à imprimer.")
    pages = _pages(groups, per_page, roster)
    day = generated_on or datetime.date.today()
    total = len(pages)

    def write(temp: Path) -> None:
        # initialFontName: otherwise reportlab declares (unembedded) Helvetica on every page.
        canvas = Canvas(str(temp), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=SANS,
                        initialFontSize=10, pageCompression=1, lang="fr-FR")
        _set_metadata(canvas, batch, groups, day)
        writer = _SheetWriter(canvas, batch, per_page, qr, day)
        for number, page in enumerate(pages, start=1):
            group = groups[page.group_index]
            if page.kind == "slips":
                writer.slip_page(page, group, number, total)
            else:
                writer.roster_page(page, group, number, total)
            canvas.showPage()
            if progress is not None:
                progress(number, total)
        canvas.save()

    write_atomically(path, write, what="la fiche des identifiants")
    return SheetsInfo(
        page_count=total,
        slip_count=sum(len(g.credentials) for g in groups),
        classes=tuple(g.label for g in groups),
    )


__all__ += ["Rect"]
