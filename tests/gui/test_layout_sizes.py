"""Every page of the import at the window sizes of a 1366×768 and a 1024×600 screen: no label or button
cut, no control outside the window or hidden below the fold of its page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, make_export
from tests.gui.layout_check import problems
from tests.siecle_factory import generate_pupils
from ui.screenshots import SCREENS

CLASSES = ("6e A", "6e B", "5e A", "5e B", "4e A", "4e B", "3e 1", "3e 2", "3e 10")


def _pages(qtbot, window, tmp_path):
    """(name, how to show it) for every page, after a real import with long names and warnings."""
    importer = window.importer
    pupils = generate_pupils(60, classes=CLASSES)
    with qtbot.waitSignal(importer.analysis_ready, timeout=WAIT_MS):
        importer.open_file(make_export(tmp_path / "a", pupils=pupils, export_date=None))
    yield "1 – résumé"
    importer.drop_page.warnings_label.setChecked(True)
    yield "1 – résumé, points d'attention ouverts"
    with qtbot.waitSignal(importer.import_finished, timeout=WAIT_MS):
        qtbot.mouseClick(importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    for index, name in ((1, "2 – classes"), (2, "3 – utilisateurs"), (3, "4 – rapport")):
        importer.show_step(index)
        yield name
    importer.show_step(3)
    importer.report_page.tabs.setCurrentIndex(1)
    yield "4 – rapport, onglet Créés"


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_every_page_fits_without_cut_text(qtbot, window, dialogs, tmp_path, screen):
    window.resize(*SCREENS[screen])
    qtbot.waitUntil(lambda: window.size().width() == SCREENS[screen][0], timeout=WAIT_MS)
    found = []
    for page in _pages(qtbot, window, tmp_path):
        qtbot.wait(30)  # layouts settle
        found += [f"{screen} {page}: {problem}" for problem in problems(window)]
    assert not found, "\n".join(found)



def test_the_check_sees_cut_text_and_controls_off_the_window(qtbot, qapp):
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    step, label = QPushButton("2 – Importation des classes"), QLabel("Points d'attention (12)")
    step.setFixedWidth(90)  # what a squeezed step bar does to its buttons
    label.setFixedWidth(60)
    layout.addWidget(step)
    layout.addWidget(label)
    outside = QPushButton("Importer les comptes", window)
    window.resize(120, 80)
    window.show()
    outside.move(200, 10)
    found = " ".join(problems(window))
    assert "2 – Importation des classes" in found and "Points d'attention" in found
    assert "outside the window" in found
