"""The class list a teacher asks for: the pupils of one class with their usernames, never a password.

Safe to print, pin up or e-mail: it holds nothing that opens an account. Drawn with the same few canvas
methods as the credential sheets (``drawString``, ``line``, ``rect``), so the window prints it as vectors
through its QPainter canvas exactly as the PDF shows it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from elea_desktop.credentials.atomic_write import write_atomically
from elea_desktop.credentials.fonts import MONO_BOLD, SANS, SANS_BOLD, register_fonts
from elea_desktop.credentials.sheets_layout import PAGE_HEIGHT, PAGE_WIDTH
from elea_desktop.credentials.sheets_roster import ROW_FILL
from elea_desktop.credentials.sheets_text import INK, NO_CLASS_FR, clean_text, date_fr, fit_mono, fit_text
from elea_desktop.errors import OutputError

LEFT = 15 * mm
RIGHT = PAGE_WIDTH - 15 * mm
TOP = PAGE_HEIGHT - 15 * mm
BOTTOM = 15 * mm
ROW_HEIGHT = 7 * mm
HEADING_BASELINE = TOP - 64
FIRST_ROW_TOP = HEADING_BASELINE - 6
LAST_ROW_BOTTOM = BOTTOM + 16
GREY = (0.35, 0.35, 0.35)
RULE_GREY = (0.6, 0.6, 0.6)
NOTICE_FR = "Liste sans mot de passe : chaque élève reçoit le sien sur sa fiche d'identifiants."

_WIDTH = RIGHT - LEFT
COLUMNS = [  # (title, x offset from LEFT, width)
    ("N°", 0, 12 * mm),
    ("Nom", 12 * mm, _WIDTH * 0.32),
    ("Prénom", 12 * mm + _WIDTH * 0.32, _WIDTH * 0.26),
    ("Identifiant", 12 * mm + _WIDTH * 0.58, _WIDTH * 0.42 - 12 * mm),
]

Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class ClassListPage:
    start: int  # rows before this page (numbering goes on from page to page)
    lines: tuple  # objects with last_name, first_name, username (``workspace.RosterLine``)


@dataclass(frozen=True)
class ClassListPlan:
    title: str  # « Liste de la classe 4A »
    label: str  # the class code, or NO_CLASS_FR
    establishment: str
    school_year: int | None
    generated_on: datetime.date
    pupils: int
    pages: tuple[ClassListPage, ...]

    @property
    def page_count(self) -> int:
        return len(self.pages)


def rows_per_page() -> int:
    return int((FIRST_ROW_TOP - LAST_ROW_BOTTOM) // ROW_HEIGHT)


def plan_class_list(lines: Sequence, class_code: str | None, establishment_name: str | None,
                    school_year: int | None = None, *,
                    generated_on: datetime.date | None = None) -> ClassListPlan:
    """The pages of the list of ``lines`` (in the order given); ``class_code`` None or "" is the pupils
    without a class. ``OutputError`` (French) when there is no pupil to list."""
    code = clean_text(class_code)
    if not lines:
        where = f"dans la classe « {code} »" if code else "sans classe"
        raise OutputError(f"Aucun élève actif {where} : il n'y a pas de liste à imprimer.")
    label = code or NO_CLASS_FR
    title = f"Liste de la classe {code}" if code else "Liste des élèves sans classe"
    size = rows_per_page()
    pages = tuple(ClassListPage(start, tuple(lines[start:start + size]))
                  for start in range(0, len(lines), size))
    return ClassListPlan(title, label, clean_text(establishment_name), school_year,
                         generated_on or datetime.date.today(), len(lines), pages)


def _header(c, plan: ClassListPlan) -> None:
    c.setFillColorRGB(*INK)
    text, size = fit_text(plan.title, SANS_BOLD, 16, _WIDTH * 0.62, min_size=9, ellipsis=True)
    c.setFont(SANS_BOLD, size)
    c.drawString(LEFT, TOP - 16, text)
    pupils = f"{plan.pupils} élève{'s' if plan.pupils > 1 else ''}"
    second = f"{plan.establishment} — {pupils}" if plan.establishment else pupils
    text, size = fit_text(second, SANS, 10, _WIDTH * 0.62, min_size=7, ellipsis=True)
    c.setFont(SANS, size)
    c.drawString(LEFT, TOP - 31, text)
    c.setFont(SANS, 10)
    c.drawRightString(RIGHT, TOP - 16, f"Édité le {date_fr(plan.generated_on)}")
    if plan.school_year:
        c.setFont(SANS, 9.5)
        c.drawRightString(RIGHT, TOP - 31, f"Année scolaire {plan.school_year}-{plan.school_year + 1}")
    c.setFillColorRGB(*GREY)
    c.setFont(SANS, 8.5)
    c.drawString(LEFT, TOP - 45, NOTICE_FR)
    c.setFillColorRGB(*INK)
    c.setFont(SANS_BOLD, 9.5)
    for title, x, _ in COLUMNS:
        c.drawString(LEFT + x + 1.5 * mm, HEADING_BASELINE, title)
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(0.8)
    c.line(LEFT, FIRST_ROW_TOP, RIGHT, FIRST_ROW_TOP)


def _rows(c, page: ClassListPage) -> None:
    number_col, last_col, first_col, user_col = COLUMNS
    for offset in range(1, len(page.lines), 2):
        c.setFillColorRGB(*ROW_FILL)
        c.rect(LEFT, FIRST_ROW_TOP - (offset + 1) * ROW_HEIGHT, _WIDTH, ROW_HEIGHT, stroke=0, fill=1)
    c.setFillColorRGB(*INK)
    size = 10
    for offset, line in enumerate(page.lines):
        baseline = FIRST_ROW_TOP - (offset + 1) * ROW_HEIGHT + 2.3 * mm
        c.setFont(SANS, size)
        c.drawString(LEFT + number_col[1] + 1.5 * mm, baseline, str(page.start + offset + 1))
        for column, value, font in ((last_col, clean_text(line.last_name).upper(), SANS_BOLD),
                                    (first_col, clean_text(line.first_name), SANS)):
            text, fitted = fit_text(value, font, size, column[2] - 3 * mm, min_size=6, ellipsis=True)
            c.setFont(font, fitted)
            c.drawString(LEFT + column[1] + 1.5 * mm, baseline, text)
        # A username is never cut: shrinking is the only way to fit a very long one.
        c.setFont(MONO_BOLD, fit_mono(line.username, size, user_col[2] - 3 * mm))
        c.drawString(LEFT + user_col[1] + 1.5 * mm, baseline, line.username)
    c.setStrokeColorRGB(*RULE_GREY)
    c.setLineWidth(0.5)
    bottom = FIRST_ROW_TOP - len(page.lines) * ROW_HEIGHT
    c.line(LEFT, bottom, RIGHT, bottom)


def _footer(c, plan: ClassListPlan, number: int) -> None:
    c.setStrokeColorRGB(*RULE_GREY)
    c.setLineWidth(0.6)
    c.line(LEFT, BOTTOM + 12, RIGHT, BOTTOM + 12)
    c.setFillColorRGB(*INK)
    c.setFont(SANS, 9)
    text, size = fit_text(plan.establishment or plan.title, SANS, 9, _WIDTH * 0.6, min_size=6, ellipsis=True)
    c.setFont(SANS, size)
    c.drawString(LEFT, BOTTOM, text)
    c.setFont(SANS, 9)
    c.drawRightString(RIGHT, BOTTOM, f"{plan.title} — page {number} sur {plan.page_count}")


def draw_class_list(canvas, plan: ClassListPlan, *, only: list[int] | None = None,
                    progress: Progress | None = None) -> int:
    """Draw the pages of ``plan`` (0-based indexes ``only``, default all) on ``canvas``: a reportlab
    ``Canvas`` or the window's printer canvas. ``progress(done, total)`` after each page (raise from it to
    stop); returns the pages drawn."""
    register_fonts()  # text is fitted with the faces' metrics
    wanted = range(plan.page_count) if only is None else only
    for done, index in enumerate(wanted, start=1):
        _header(canvas, plan)
        _rows(canvas, plan.pages[index])
        _footer(canvas, plan, index + 1)
        canvas.showPage()
        if progress is not None:
            progress(done, len(wanted))
    return len(wanted)


def write_class_list(path, lines: Sequence, class_code: str | None, establishment_name: str | None,
                     school_year: int | None = None, *, generated_on: datetime.date | None = None,
                     progress: Progress | None = None) -> int:
    """Write the class list PDF to ``path`` atomically; returns its page count.

    ``OutputError`` when the class has no pupil or the file cannot be written.
    """
    plan = plan_class_list(lines, class_code, establishment_name, school_year, generated_on=generated_on)
    register_fonts()

    def write(temp: Path) -> None:
        canvas = Canvas(str(temp), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=SANS,
                        initialFontSize=10, pageCompression=1, lang="fr-FR")
        # The class and the establishment only: no pupil's name in the document's properties.
        canvas.setTitle(f"{plan.title} — {plan.establishment or 'Éléa'}")
        canvas.setAuthor(plan.establishment)
        canvas.setSubject(f"{plan.title} (noms et identifiants, sans mot de passe) — "
                          f"{date_fr(plan.generated_on)}")
        canvas.setCreator("Éléa Desktop")
        draw_class_list(canvas, plan, progress=progress)
        canvas.save()

    write_atomically(path, write, what="la liste de la classe")
    return plan.page_count
