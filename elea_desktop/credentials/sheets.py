"""Credential sheets: the A4 PDF of slips handed to pupils (and an optional roster for the teacher).

Drawn with reportlab's canvas and ``drawString`` only: no Paragraph markup ever sees a raw name (reportlab
markup has had code-execution CVEs, and ``&`` or ``<`` in a name breaks it). Everything that is the same on
every slip of a class (establishment, address, labels, advice) is a Form XObject drawn once and reused,
as is the QR code of the platform address: 5,000 slips take well under a second.

This module is the entry point; the words and text fitting are in ``sheets_text``, the grouping and
pagination in ``sheets_pages``, the drawing in ``sheets_writer`` and ``sheets_roster``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

from elea_desktop.credentials.atomic_write import write_atomically
from elea_desktop.credentials.batch import CredentialBatch
from elea_desktop.credentials.fonts import SANS, register_fonts
from elea_desktop.credentials.sheets_layout import (
    LAYOUTS,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SINGLE_LAYOUTS,
    Rect,
    check_layout,
    check_single,
    slip_frames,
)
from elea_desktop.credentials.sheets_letter import draw_letter
from elea_desktop.credentials.sheets_pages import (
    Group,
    Page,
    count_pages,
    group_credentials,
    paginate,
    roster_rows_per_page,
)
from elea_desktop.credentials.sheets_text import (
    ADVICE_FR,
    CONFIDENTIAL_FR,
    NO_CLASS_FR,
    clean_text,
    date_fr,
    display_name,
    name_sort_key,
    roster_name,
)
from elea_desktop.credentials.sheets_writer import SheetWriter
from elea_desktop.errors import OutputError

__all__ = [
    "ADVICE_FR",
    "CONFIDENTIAL_FR",
    "LAYOUTS",
    "NO_CLASS_FR",
    "Rect",
    "SINGLE_LAYOUTS",
    "SheetsInfo",
    "clean_text",
    "count_pages",
    "display_name",
    "draw_sheets",
    "group_credentials",
    "name_sort_key",
    "plan_sheets",
    "qr_modules",
    "roster_name",
    "roster_rows_per_page",
    "slip_frames",
    "write_credential_sheets",
]

# ASCII85 makes the streams a quarter larger and costs a third of the save time; nothing here needs
# a 7-bit file (process-wide reportlab setting, and this is the only PDF producer of the application).
rl_config.useA85 = 0

Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class SheetsInfo:
    page_count: int
    slip_count: int
    classes: tuple[str, ...]  # class codes in page order; NO_CLASS_FR for pupils without a class


def qr_modules(value: str) -> list[list[bool]]:
    """The QR matrix of ``value`` (level M: survives a crease or a smudge), without quiet zone."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    return [[bool(m) for m in row] for row in code.modules]


def _set_metadata(c: Canvas, batch: CredentialBatch, groups: list[Group], day: datetime.date) -> None:
    """Establishment and date only: no name, no username, never a password."""
    label = clean_text(batch.establishment_label) or clean_text(batch.uai)
    c.setTitle(f"Identifiants Éléa — {label} — {date_fr(day)}")
    c.setAuthor(label)
    classes = ", ".join(g.label for g in groups)
    if len(classes) > 200:
        classes = classes[:199] + "…"
    c.setSubject(f"Fiches d'identifiants des élèves — {label} — classes : {classes} — {date_fr(day)}")
    c.setCreator("Éléa Desktop")


def plan_sheets(batch: CredentialBatch, *, per_page: int = 10, roster: bool = False,
                class_code: str | None = None, single: str = "slip") -> tuple[list[Group], list[Page]]:
    """The classes and pages of the sheets; ``OutputError`` when there is nothing to print.

    When the sheets hold exactly one slip, its page is of kind "single" (``single="slip"``: the slip alone
    at the top of the page) or "letter" (``single="letter"``: a whole-page letter); the drawing follows
    the page's kind, so every renderer of ``draw_sheets`` lays it out the same way.
    """
    check_layout(per_page)
    check_single(single)
    groups = group_credentials(batch, class_code)
    if not groups:
        if class_code is not None:
            raise OutputError(f"Aucun mot de passe à imprimer pour la classe « {class_code} » dans ce lot.")
        raise OutputError("Ce lot ne contient aucun mot de passe à imprimer.")
    return groups, paginate(groups, per_page, roster, single)


def draw_sheets(canvas, batch: CredentialBatch, groups: list[Group], pages: list[Page], *, per_page: int,
                qr: bool, generated_on: datetime.date, only: list[int] | None = None,
                progress: Progress | None = None) -> int:
    """Draw ``pages`` (0-based indexes ``only``, default all) on ``canvas``; returns the pages drawn.

    ``canvas`` is a reportlab ``Canvas`` for the PDF, or any object with the same drawing methods (the
    window prints the very same drawing through a QPainter one): one layout, two renderers.
    ``progress(done, total)`` is called after each page; raise from it to stop.
    """
    register_fonts()  # the writer measures text with the faces' metrics
    writer = SheetWriter(canvas, batch, per_page, qr, generated_on, qr_modules)
    total = len(pages)
    wanted = range(total) if only is None else only
    for done, index in enumerate(wanted, start=1):
        page = pages[index]
        group = groups[page.group_index]
        if page.kind == "slips":
            writer.slip_page(page, group, index + 1, total)
        elif page.kind == "single":
            writer.single_slip_page(page, group, index + 1, total)
        elif page.kind == "letter":
            draw_letter(writer, page, group, index + 1, total)
        else:
            writer.roster_page(page, group, index + 1, total)
        canvas.showPage()
        if progress is not None:
            progress(done, len(wanted))
    return len(wanted)


def write_credential_sheets(
    path,
    batch: CredentialBatch,
    *,
    per_page: int = 10,
    qr: bool = False,
    roster: bool = False,
    class_code: str | None = None,
    single: str = "slip",
    generated_on: datetime.date | None = None,
    progress: Progress | None = None,
) -> SheetsInfo:
    """Write the credential slips of ``batch`` to ``path`` (atomically) and describe what was written.

    Only accounts with a password in the batch get a slip; ``class_code`` keeps one class. ``qr`` adds a
    QR code of the platform address (nothing when the batch has none). ``roster`` adds, after each class,
    a list for the teacher. ``single`` lays out a print of exactly one slip (see ``plan_sheets``).
    ``progress(done, total)`` is called after each page; to cancel, raise from it
    (the temporary file is removed and the exception propagates).
    Raises ``OutputError`` when there is nothing to print or the file cannot be written.
    """
    check_layout(per_page)
    register_fonts()
    groups, pages = plan_sheets(batch, per_page=per_page, roster=roster, class_code=class_code,
                                single=single)
    day = generated_on or datetime.date.today()

    def write(temp: Path) -> None:
        # initialFontName: otherwise reportlab declares (unembedded) Helvetica on every page.
        canvas = Canvas(str(temp), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=SANS,
                        initialFontSize=10, pageCompression=1, lang="fr-FR")
        _set_metadata(canvas, batch, groups, day)
        draw_sheets(canvas, batch, groups, pages, per_page=per_page, qr=qr, generated_on=day,
                    progress=progress)
        canvas.save()

    write_atomically(path, write, what="la fiche des identifiants")
    return SheetsInfo(
        page_count=len(pages),
        slip_count=sum(len(g.credentials) for g in groups),
        classes=tuple(g.label for g in groups),
    )

