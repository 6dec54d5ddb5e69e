"""IMPRIMER sends vector pages drawn by the same code as the PDF: they must look like the PDF, carry text
(not bitmaps), stay small, honour the dialog's page range, and never write the passwords to disk."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from elea_desktop.credentials.batch import Credential, CredentialBatch
from elea_desktop.credentials.sheets import write_credential_sheets
from tests.gui.conftest import WAIT_MS, make_export
from ui import printing

DAY = datetime.date(2026, 9, 7)
DPI = 60  # enough to see a misplaced line or a missing word, small enough to compare quickly


def _batch(pupils: int = 23) -> CredentialBatch:
    names = [("Éloïse", "N'Diaye"), ("Łukasz", "Wąż"), ("Thị Hương", "Nguyễn"), ("Marie-Amélie",
             "de La Rochefoucauld-Montbel"), ("Şükrü", "Yılmaz"), ("Zoé", "Martin")]
    credentials = tuple(
        Credential(f"eleve.{i:03d}", f"Kp{i:02d}-mx{i % 7}Q", names[i % 6][0], f"{names[i % 6][1]} {i}",
                   ("6A", "6B", "5A")[i % 3] if i % 11 else None)
        for i in range(pupils)
    )
    return CredentialBatch(1, datetime.datetime(2026, 9, 7, 9), "import", "0750680G", "Collège Jean Moulin",
                           "https://elea.ac-paris.fr/", 2026, credentials)


def _pdf_printer(path, resolution: int | None = None) -> QPrinter:
    printer = printing.new_printer("test")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    if resolution:
        printer.setResolution(resolution)
    return printer


def _raster(document, page: int) -> QImage:
    """A page on white paper, in grey levels."""
    size = document.pagePointSize(page)
    pixels = QSize(round(size.width() / 72 * DPI), round(size.height() / 72 * DPI))
    paper = QImage(pixels, QImage.Format.Format_Grayscale8)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, document.render(page, pixels))
    painter.end()
    return paper


def _differing(a: QImage, b: QImage) -> float:
    """Share of the pixels whose grey level differs by more than 96 (of 255)."""
    assert a.size() == b.size()
    width, differing = a.width(), 0
    for y in range(a.height()):
        row_a, row_b = bytes(a.constScanLine(y))[:width], bytes(b.constScanLine(y))[:width]
        differing += sum(1 for p, q in zip(row_a, row_b, strict=True) if abs(p - q) > 96)
    return differing / (a.width() * a.height())


@pytest.fixture
def printed(qapp, tmp_path):
    batch = _batch()
    pdf = tmp_path / "fiches.pdf"
    info = write_credential_sheets(pdf, batch, qr=True, roster=True, generated_on=DAY)
    out = tmp_path / "imprime.pdf"
    job = printing.sheets_job(batch, qr=True, roster=True, generated_on=DAY)
    assert printing.print_sheets(job, _pdf_printer(out)) == info.page_count
    return batch, pdf, out, info


def test_printed_pages_look_like_the_pdf(printed):
    _batch_, pdf, out, info = printed
    source, copy = printing.load_pdf(pdf), printing.load_pdf(out)
    try:
        assert copy.pageCount() == source.pageCount() == info.page_count
        pages = [(_raster(source, i), _raster(copy, i)) for i in range(info.page_count)]
        for index, (expected, got) in enumerate(pages):
            assert _differing(expected, got) < 0.01, f"page {index + 1} differs from the PDF"
        # The measure sees a real difference: a slip page against a roster page.
        assert _differing(pages[0][0], pages[1][1]) > 0.03
    finally:
        source.close()
        copy.close()


def test_printed_pages_are_text_not_pictures(printed):
    batch, _pdf, out, info = printed
    document = printing.load_pdf(out)
    try:
        text = document.getAllText(0).text()
    finally:
        document.close()
    first = sorted((c for c in batch.credentials if c.class_code == "5A"), key=lambda c: c.last_name)[0]
    assert "5A" in text and "Identifiant" in text
    assert first.username in text and first.password in text
    # 300-dpi colour bitmaps were ≈ 600 KB a page; vector pages are a few KB.
    assert out.stat().st_size < 40_000 * info.page_count


def test_only_the_pages_chosen_in_the_dialog_are_printed(qapp, tmp_path):
    job = printing.sheets_job(_batch(), generated_on=DAY)
    printer = _pdf_printer(tmp_path / "range.pdf", resolution=150)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert printing.print_sheets(job, printer) == 2
    document = printing.load_pdf(tmp_path / "range.pdf")
    try:
        assert document.pageCount() == 2
        assert f"Page 2 / {job.page_count}" in document.getAllText(0).text()
    finally:
        document.close()


def test_print_button_sends_vector_pages_without_a_temporary_pdf(qtbot, window, dialogs, tmp_path,
                                                                 monkeypatch):
    import tempfile

    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
            window.importer.open_file(make_export(tmp_path / "a", 12))
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    window.importer.show_step(3)
    written = []
    monkeypatch.setattr(tempfile, "TemporaryDirectory", lambda *a, **k: written.append(a) or 1 / 0)
    out = tmp_path / "printer.pdf"

    def setup(printer: QPrinter) -> bool:  # what the user picks in the print dialog: a PDF printer
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    dialogs.printer_setup = setup
    with qtbot.waitSignal(window.importer.credentials.printed, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.report_page.print_button, Qt.MouseButton.LeftButton)
    assert not written
    document = printing.load_pdf(out)
    try:
        text = "".join(document.getAllText(i).text() for i in range(document.pageCount()))
    finally:
        document.close()
    assert report.entries["created"][0].username in text
    assert not window.importer.credentials.pending
