"""Printing the credential sheets: the core's drawing of the pages, painted as vectors on the printer.

The printer receives text in the bundled fonts and thin lines, not page bitmaps (a 300-dpi colour bitmap
of each page made a 36-page job 22 MB). ``print_sheets`` may run on a worker thread (QPainter on a
QPrinter is thread-safe in Qt); the fonts are registered on the GUI thread first (``register_qt_fonts``).
``load_pdf`` and ``page_count`` read a saved PDF back (tests, the smoke check).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from elea_desktop.errors import OutputError
from ui.print_canvas import QtCanvas, register_qt_fonts


def load_pdf(path: Path) -> QPdfDocument:
    document = QPdfDocument()
    error = document.load(str(path))
    if error != QPdfDocument.Error.None_:
        raise OutputError(
            f"Le document « {path.name} » ne peut pas être ouvert pour l'impression ({error.name})."
        )
    return document


def page_count(path: Path) -> int:
    document = load_pdf(path)
    try:
        return document.pageCount()
    finally:
        document.close()


def pages_to_print(printer: QPrinter, total: int) -> list[int]:
    """0-based page numbers from the dialog's range (``fromPage``/``toPage`` are 1-based, 0 = all)."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return list(range(total))
    first, last = min(first, last), max(first, last)
    return [page for page in range(first - 1, min(last, total))]


class PrintCancelled(Exception):
    """The user stopped the job between two pages."""


@dataclass(frozen=True)
class SheetsJob:
    """A batch ready to print: the same pages, in the same order, as its PDF."""

    batch: object  # CredentialBatch
    per_page: int
    qr: bool
    roster: bool
    groups: list
    pages: list
    day: datetime.date
    single: str = "slip"  # how a print of one slip is laid out (setting sheet_single)

    @property
    def page_count(self) -> int:
        return len(self.pages)


def sheets_job(batch, *, per_page: int = 10, qr: bool = False, roster: bool = False,
               generated_on: datetime.date | None = None, class_code: str | None = None,
               single: str = "slip") -> SheetsJob:
    from elea_desktop.credentials.sheets import plan_sheets

    groups, pages = plan_sheets(batch, per_page=per_page, roster=roster, class_code=class_code,
                                single=single)
    return SheetsJob(batch, per_page, qr, roster, groups, pages, generated_on or datetime.date.today(),
                     single)


def print_sheets(job: SheetsJob, printer: QPrinter, *, progress=None, cancelled=None) -> int:
    """The whole job as vector pages: the core's drawing of the sheets painted on the printer.

    Only the pages of the dialog's range; ``progress((done, total))`` after each page; ``cancelled()``
    is read between pages (the job is then aborted). Returns how many pages were sent.
    """
    from elea_desktop.credentials.sheets import draw_sheets

    def draw(canvas, wanted, step) -> int:
        return draw_sheets(canvas, job.batch, job.groups, job.pages, per_page=job.per_page, qr=job.qr,
                           generated_on=job.day, only=wanted, progress=step)

    return paint_pages(printer, job.page_count, draw, progress=progress, cancelled=cancelled)


def paint_pages(printer: QPrinter, total: int, draw, *, progress=None, cancelled=None) -> int:
    """Paint a core drawing on the printer: ``draw(canvas, wanted, step)`` draws the 0-based pages
    ``wanted`` (the dialog's range) on a reportlab-like canvas and calls ``step(done, total)`` after each.
    ``progress`` and ``cancelled`` as ``print_sheets``; returns how many pages were sent (0: cancelled)."""
    register_qt_fonts()
    printer.setFullPage(True)  # the sheets carry their own margins (≥ 10 mm)
    wanted = pages_to_print(printer, total)
    painter = QPainter()
    if not painter.begin(printer):
        raise OutputError("L'imprimante n'a pas pu démarrer l'impression. Vérifiez qu'elle est allumée et "
                          "disponible, puis recommencez.")

    def step(done: int, count: int) -> None:
        if progress is not None:
            progress((done, count))
        if cancelled is not None and done < count and cancelled():
            raise PrintCancelled

    try:
        printed = draw(QtCanvas(painter, printer.newPage), wanted, step)
    except PrintCancelled:
        printer.abort()
        return 0
    finally:
        painter.end()
    return printed


def new_printer(doc_name: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(doc_name)
    printer.setCopyCount(1)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))  # the sheets' size; Letter paper still fits
    printer.setFullPage(True)
    return printer
