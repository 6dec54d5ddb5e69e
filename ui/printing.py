"""Printing the credential sheets: the reportlab PDF is the single source, QtPdf renders it page by page.

``print_pdf`` may run on a worker thread (QPrinter and QImage painting are thread-safe in Qt; the
QPdfDocument is created by the thread that renders it, one document per call).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from elea_desktop.errors import OutputError

MAX_DPI = 300  # an A4 page at 300 dpi is ≈ 35 MB: rendered one page at a time, never more


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


def render_pages(document: QPdfDocument, printer: QPrinter, pages: list[int], *, dpi_cap: int = MAX_DPI,
                 progress=None, cancelled=None) -> int:
    """Paints ``pages`` onto the (already begun) printer; returns how many were printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OutputError("L'imprimante n'a pas pu démarrer l'impression. Vérifiez qu'elle est allumée et "
                          "disponible, puis recommencez.")
    printed = 0
    try:
        dpi = min(printer.resolution(), dpi_cap)
        for index, page in enumerate(pages):
            if cancelled is not None and cancelled():
                printer.abort()
                break
            if index:
                printer.newPage()
            target = QRectF(painter.viewport())
            size_pt = document.pagePointSize(page)
            pixels = QSize(round(size_pt.width() / 72 * dpi), round(size_pt.height() / 72 * dpi))
            image = document.render(page, pixels)
            painter.drawImage(_fit(size_pt, target), image)
            printed += 1
            if progress is not None:
                progress((printed, len(pages)))
    finally:
        painter.end()
    return printed


def _fit(page: QSizeF, target: QRectF) -> QRectF:
    """The page scaled into the target, aspect kept, centred (A4 on Letter paper stays whole)."""
    scale = min(target.width() / page.width(), target.height() / page.height())
    size = QSizeF(page.width() * scale, page.height() * scale)
    corner = QPointF(target.x() + (target.width() - size.width()) / 2,
                     target.y() + (target.height() - size.height()) / 2)
    return QRectF(corner, size)


def print_pdf(pdf_path: Path, printer: QPrinter, *, progress=None, cancelled=None,
              dpi_cap: int = MAX_DPI) -> int:
    """The whole job: the PDF's pages in the printer's range, at min(printer dpi, 300)."""
    document = load_pdf(pdf_path)
    try:
        printer.setFullPage(True)  # the PDF carries its own margins (≥ 10 mm)
        pages = pages_to_print(printer, document.pageCount())
        return render_pages(document, printer, pages, dpi_cap=dpi_cap, progress=progress, cancelled=cancelled)
    finally:
        document.close()


def new_printer(doc_name: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(doc_name)
    printer.setCopyCount(1)
    printer.setFullPage(True)
    return printer
