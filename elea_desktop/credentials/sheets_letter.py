"""The individual letter: when a print holds one person's credentials only and the establishment chose
« fiche individuelle » (``sheet_single = "letter"``), a whole A4 page for that person instead of one slip.

Drawn with the same few canvas methods as the slips (``drawString``, ``line``, ``rect``, forms), so the
window's printer canvas paints it exactly as the PDF shows it.
"""

from __future__ import annotations

from reportlab.lib.units import mm

from elea_desktop.credentials.fonts import MONO_BOLD, SANS, SANS_BOLD, string_width
from elea_desktop.credentials.sheets_layout import PAGE_HEIGHT, PAGE_WIDTH
from elea_desktop.credentials.sheets_pages import Group, Page
from elea_desktop.credentials.sheets_text import (
    ADVICE_FR,
    CONFIDENTIAL_FR,
    INK,
    LABEL_PASSWORD_FR,
    LABEL_USERNAME_FR,
    clean_text,
    display_url,
    fit_mono,
    fit_person,
    fit_text,
)

LEFT = 22 * mm
RIGHT = PAGE_WIDTH - 22 * mm
TOP = PAGE_HEIGHT - 20 * mm
BOTTOM = 16 * mm
GREY = (0.35, 0.35, 0.35)
RULE_GREY = (0.6, 0.6, 0.6)
QR_SIDE = 32 * mm

TITLE_FR = "Vos identifiants Éléa"
SUBTITLE_FR = "Fiche individuelle — plateforme numérique de l'établissement"
ADDRESS_FR = "Adresse de la plateforme"
SCAN_FR = "ou scannez ce code"
NO_ADDRESS_FR = "L'adresse de la plateforme vous sera indiquée par l'établissement."
FIRST_LOGIN_FR = "Première connexion"
STEPS_FR = (
    "Ouvrez l'adresse de la plateforme dans un navigateur.",
    "Saisissez votre identifiant et votre mot de passe exactement comme ils sont écrits ci-dessus "
    "(les majuscules et les minuscules comptent).",
)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Words on as many lines as needed, none wider than ``width`` (a single over-long word stays whole)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and string_width(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _person_line(group: Group, credential) -> str:
    if group.staff:
        return clean_text(credential.function)
    return f"Classe : {clean_text(group.class_code)}" if group.class_code is not None else ""


def draw_letter(writer, page: Page, group: Group, number: int, total: int) -> None:
    """The letter of the page's one credential, drawn with ``writer``'s canvas, QR form and words."""
    c = writer.c
    credential = page.credentials[0]
    width = RIGHT - LEFT
    c.setFillColorRGB(*INK)

    # Header: who issues the letter, and when.
    establishment, size = fit_text(writer._establishment_of(group), SANS_BOLD, 14, width * 0.62, min_size=8,
                                   ellipsis=True)
    c.setFont(SANS_BOLD, size)
    c.drawString(LEFT, TOP - 14, establishment)
    c.setFillColorRGB(*GREY)
    c.setFont(SANS, 9.5)
    c.drawString(LEFT, TOP - 29, SUBTITLE_FR)
    c.setFont(SANS, 10)
    c.drawRightString(RIGHT, TOP - 14, writer.date_text)
    school_year = writer.batch.school_year
    if school_year:
        c.setFont(SANS, 9.5)
        c.drawRightString(RIGHT, TOP - 29, f"Année scolaire {school_year}-{school_year + 1}")
    c.setStrokeColorRGB(*RULE_GREY)
    c.setLineWidth(0.8)
    c.line(LEFT, TOP - 40, RIGHT, TOP - 40)

    # Title and the person.
    y = TOP - 40 - 24 * mm
    c.setFillColorRGB(*INK)
    c.setFont(SANS_BOLD, 24)
    c.drawString(LEFT, y, TITLE_FR)
    y -= 16 * mm
    name, size = fit_person(credential, SANS_BOLD, 20, width, min_size=11)
    c.setFont(SANS_BOLD, size)
    c.drawString(LEFT, y, name)
    detail = _person_line(group, credential)
    if detail:
        y -= 8 * mm
        text, size = fit_text(detail, SANS, 13, width, min_size=8, ellipsis=True)
        c.setFont(SANS, size)
        c.drawString(LEFT, y, text)

    # The credentials, boxed, large, in the slips' monospaced face (l, 1 and I cannot be confused).
    row = 19 * mm
    box_top = y - 11 * mm
    box_bottom = box_top - 2 * row
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(1)
    c.rect(LEFT, box_bottom, width, 2 * row, stroke=1, fill=0)
    c.setStrokeColorRGB(*RULE_GREY)
    c.setLineWidth(0.6)
    c.line(LEFT, box_bottom + row, RIGHT, box_bottom + row)
    label_width = 40 * mm
    value_width = width - label_width - 8 * mm
    for index, (label, value, big) in enumerate(((LABEL_USERNAME_FR, credential.username, 24),
                                                 (LABEL_PASSWORD_FR, credential.password, 28))):
        middle = box_top - (index + 0.5) * row
        c.setFillColorRGB(*GREY)
        c.setFont(SANS, 12)
        c.drawString(LEFT + 5 * mm, middle - 4, label)
        c.setFillColorRGB(*INK)
        size = fit_mono(value, big, value_width)  # never cut: shrunk if ever too long
        c.setFont(MONO_BOLD, size)
        c.drawString(LEFT + label_width, middle - size * 0.36, value)

    # Where to log in: the address, and its QR code when the establishment prints one.
    y = box_bottom - 14 * mm
    c.setFont(SANS_BOLD, 13)
    c.drawString(LEFT, y, ADDRESS_FR)
    section_top = y
    if writer.url:
        text_width = width - (QR_SIDE + 8 * mm if writer.qr else 0)
        url, size = fit_text(display_url(writer.url), SANS_BOLD, 17, text_width, min_size=9, ellipsis=False)
        y -= 10 * mm
        c.setFont(SANS_BOLD, size)
        c.drawString(LEFT, y, url)
        if writer.qr:
            qr_y = section_top + 4 - QR_SIDE
            c.saveState()
            c.translate(RIGHT - QR_SIDE, qr_y)
            c.scale(QR_SIDE / writer.qr_size, QR_SIDE / writer.qr_size)
            c.doForm("qr")
            c.restoreState()
            c.setFillColorRGB(*GREY)
            c.setFont(SANS, 8.5)
            c.drawRightString(RIGHT - (QR_SIDE - string_width(SCAN_FR, SANS, 8.5)) / 2, qr_y - 11, SCAN_FR)
            c.setFillColorRGB(*INK)
            y = min(y, qr_y - 11)
    else:
        y -= 8 * mm
        c.setFont(SANS, 11.5)
        c.drawString(LEFT, y, NO_ADDRESS_FR)

    # First login: the same advice as the slips, after the two steps that lead to it.
    y -= 14 * mm
    c.setFont(SANS_BOLD, 13)
    c.drawString(LEFT, y, FIRST_LOGIN_FR)
    size, leading = 11.5, 16
    y -= 3 * mm
    for step, words in enumerate((*STEPS_FR, *ADVICE_FR), start=1):
        y -= leading
        c.setFont(SANS_BOLD, size)
        c.drawString(LEFT + 2 * mm, y, f"{step}.")
        c.setFont(SANS, size)
        for index, line in enumerate(wrap(words, SANS, size, width - 10 * mm)):
            if index:
                y -= leading
            c.drawString(LEFT + 9 * mm, y, line)
        y -= 3

    # Footer.
    c.setStrokeColorRGB(*RULE_GREY)
    c.setLineWidth(0.6)
    c.line(LEFT, BOTTOM + 14, RIGHT, BOTTOM + 14)
    c.setFillColorRGB(*INK)
    notice, size = fit_text(CONFIDENTIAL_FR, SANS_BOLD, 8.5, width - 30 * mm, min_size=6, ellipsis=False)
    c.setFont(SANS_BOLD, size)
    c.drawString(LEFT, BOTTOM, notice)
    c.setFont(SANS, 9)
    c.drawRightString(RIGHT, BOTTOM, f"Page {number} / {total}")
