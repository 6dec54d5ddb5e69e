"""The teacher's roster page: one numbered row per pupil with the credentials and a « Remis » box to tick."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from elea_desktop.credentials.fonts import MONO_BOLD, SANS, SANS_BOLD
from elea_desktop.credentials.sheets_layout import GRID_LEFT, GRID_RIGHT, GRID_TOP
from elea_desktop.credentials.sheets_pages import ROSTER_HEADING_HEIGHT, ROSTER_ROW_HEIGHT, Page
from elea_desktop.credentials.sheets_text import INK, ROSTER_NOTICE_FR, fit_mono, fit_text, roster_name

ROW_FILL = (0.92, 0.92, 0.92)

_ROSTER_WIDTH = GRID_RIGHT - GRID_LEFT
ROSTER_COLUMNS = [  # (title, x offset from the grid's left, width, font)
    ("N°", 0, 10 * mm, SANS),
    ("Nom Prénom", 10 * mm, _ROSTER_WIDTH * 0.42, SANS),
    ("Identifiant", 10 * mm + _ROSTER_WIDTH * 0.42, _ROSTER_WIDTH * 0.28, MONO_BOLD),
    ("Mot de passe", 10 * mm + _ROSTER_WIDTH * 0.70, _ROSTER_WIDTH * 0.30 - 24 * mm, MONO_BOLD),
    ("Remis", _ROSTER_WIDTH - 14 * mm, 14 * mm, SANS),
]


def draw_roster_grid(c: Canvas, count: int, notice: str = ROSTER_NOTICE_FR) -> None:
    """Notice, column headings, zebra stripes and « Remis » boxes of a roster page of ``count`` rows."""
    left, right = GRID_LEFT, GRID_RIGHT
    c.setFillColorRGB(*INK)
    c.setFont(SANS_BOLD, 8)
    c.drawString(left + 1.5 * mm, GRID_TOP - 5 * mm, notice)
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


def draw_roster_rows(c: Canvas, page: Page) -> None:
    """The pupils' rows of a roster page, over the grid drawn by ``draw_roster_grid``."""
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
        value, fitted = fit_text(roster_name(credential), SANS, size, name_col[2] - 3 * mm, min_size=6,
                                 ellipsis=True)
        cell(name_col, value, SANS, fitted)
        for column, value in ((user_col, credential.username), (pass_col, credential.password)):
            cell(column, value, MONO_BOLD, fit_mono(value, size, column[2] - 3 * mm))
    c.drawText(text)
