"""The window's printer canvas draws the one-slip layouts and the class list as the PDF does: the core's
drawing uses only what ``QtCanvas`` implements, and the slip layout leaves the rest of the sheet blank."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtGui import QPainter

from elea_desktop.credentials.batch import Credential, CredentialBatch
from elea_desktop.credentials.class_list import draw_class_list, plan_class_list
from elea_desktop.credentials.sheets import write_credential_sheets
from elea_desktop.credentials.sheets_layout import PAGE_HEIGHT, slip_frames
from elea_desktop.credentials.sheets_letter import TITLE_FR
from elea_desktop.directory.workspace import RosterLine
from tests.gui.test_vector_printing import _differing, _pdf_printer, _raster
from ui import printing
from ui.print_canvas import QtCanvas

DAY = datetime.date(2026, 9, 7)
ALICE = Credential("alice.dupont", "Kp7-mxQ4vT", "Éloïse", "N'Diaye", "4A")
BOB = Credential("bob.martin", "Zr3-wyE8nH", "Bob", "Martin", "4A")


def batch_of(*credentials):
    return CredentialBatch(9, datetime.datetime(2026, 9, 7, 9, 30), "reset", "0750680G",
                           "Collège Jean Moulin", "https://elea.ac-paris.fr/", 2026, credentials)


def _print(tmp_path, credentials, single):
    out = tmp_path / f"imprime-{single}-{len(credentials)}.pdf"
    job = printing.sheets_job(batch_of(*credentials), qr=True, generated_on=DAY, single=single)
    assert job.single == single
    assert printing.print_sheets(job, _pdf_printer(out)) == 1
    return out


def _ink_below(image, y_points: float) -> int:
    """Dark pixels under ``y_points`` (PDF points from the bottom) on a page rendered by ``_raster``."""
    top = round((PAGE_HEIGHT - y_points) / PAGE_HEIGHT * image.height()) + 2
    width = image.width()
    return sum(1 for y in range(top, image.height())
               for p in bytes(image.constScanLine(y))[:width] if p < 160)


@pytest.mark.parametrize("single", ["slip", "letter"])
def test_a_one_slip_print_looks_like_its_pdf(qapp, tmp_path, single):
    pdf = tmp_path / f"{single}.pdf"
    write_credential_sheets(pdf, batch_of(ALICE), qr=True, single=single, generated_on=DAY)
    source, copy = printing.load_pdf(pdf), printing.load_pdf(_print(tmp_path, [ALICE], single))
    try:
        assert _differing(_raster(source, 0), _raster(copy, 0)) < 0.01
        text = copy.getAllText(0).text()
        assert ALICE.username in text and ALICE.password in text
        assert (TITLE_FR in text) == (single == "letter")
    finally:
        source.close()
        copy.close()


def test_the_slip_layout_leaves_the_rest_of_the_sheet_blank(qapp, tmp_path):
    bottom = slip_frames(10)[0].y
    alone, pair = (printing.load_pdf(_print(tmp_path, people, "slip")) for people in ([ALICE], [ALICE, BOB]))
    try:
        assert _ink_below(_raster(alone, 0), bottom) == 0
        assert _ink_below(_raster(pair, 0), bottom) > 100  # the usual page: cut lines down to the edge
    finally:
        alone.close()
        pair.close()


def test_the_class_list_prints_as_vectors_page_by_page(qapp, tmp_path):
    lines = [RosterLine(f"Nguyễn{i:02d}", "Łukasz", f"eleve.{i:03d}") for i in range(60)]
    plan = plan_class_list(lines, "4A", "Collège Jean Moulin", 2026, generated_on=DAY)
    out = tmp_path / "liste.pdf"
    printer = _pdf_printer(out)
    painter = QPainter()
    assert painter.begin(printer)
    try:
        assert draw_class_list(QtCanvas(painter, printer.newPage), plan) == plan.page_count == 2
    finally:
        painter.end()
    document = printing.load_pdf(out)
    try:
        assert document.pageCount() == 2
        second = document.getAllText(1).text()
        assert "page 2 sur 2" in second and "eleve.059" in second
    finally:
        document.close()
