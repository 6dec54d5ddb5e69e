"""The Lots d'identifiants section through its widgets: print, save and export a whole batch or one class
of it (the class of the day the batch was made), with or without the pupils who left since, and mark it as
distributed; an expired batch offers none of it."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, directory_dump, pdf_printer, pdf_text
from tests.importer.helpers import export_of
from tests.siecle_factory import FakePupil

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def _pupil(n: int, last: str, first: str, class_code: str) -> FakePupil:
    return FakePupil(eleve_id=str(7000 + n), family_name=last, first_name=first, class_code=class_code)


PUPILS = [
    _pupil(1, "ARNAUD", "Alice", "6A"), _pupil(2, "BERNARD", "Bastien", "6A"),
    _pupil(3, "CHEVALIER", "Chloé", "6A"), _pupil(4, "DUMAS", "Damien", "6B"),
    _pupil(5, "ESTEVE", "Emma", "6B"), _pupil(6, "FABRE", "Fanny", "6B"),
]


def run(data_dir, pupils, mode=None, clock=None):
    """Accounts made by the real engine, as the importer would."""
    from elea_desktop.directory.store import Directory
    from elea_desktop.importer.engine import run_import

    with Directory.open(data_dir, clock=clock) as directory:
        return run_import(directory, export_of(pupils), mode, confirmed=True)


@pytest.fixture
def moved_on(data_dir):
    """September's batch, then a later import (passwords kept) where Bastien moved from 6A to 6B and
    Chloé left the school: the batch still holds both their passwords."""
    report = run(data_dir, PUPILS)
    later = [replace(p, class_code="6B") if p.family_name == "BERNARD" else p
             for p in PUPILS if p.family_name != "CHEVALIER"]
    run(data_dir, later, mode="keep")
    return report.batch_id


@pytest.fixture
def batches(qtbot, window, moved_on):
    with qtbot.waitSignal(window.batches.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    return window.batches


def said(panel) -> str:
    """The panel's line, with French typography's no-break spaces read as spaces."""
    return panel.banner_detail.text().replace("\xa0", " ")


def choose_class(section, code: str) -> None:
    combo = section.panel.class_choice
    index = combo.findText(code)
    assert index > 0, f"{code} is not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def test_the_list_shows_each_batch_with_its_classes_status_and_days_left(batches):
    assert batches.model.rowCount() == 1
    texts = [batches.model.index(0, column).data() for column in range(batches.model.columnCount())]
    assert texts[2] == "importation" and texts[3] == "6"
    assert texts[4] == "6A, 6B"  # the classes of the day the batch was made
    assert texts[5] == "à distribuer" and texts[6] == "dans 30 jours"
    assert batches.selected_batch().id == 1
    assert batches.panel.print_button.isEnabled() and batches.panel.purge_button.isEnabled()
    combo = batches.panel.class_choice
    assert [combo.itemText(i) for i in range(combo.count())] == ["tout le lot (2 classes)", "6A", "6B"]
    # Chloé left: the panel says her slip is left out, and offers to include it.
    assert "1 élève parti depuis : sans fiche" in said(batches.panel)
    assert batches.panel.include_left.isEnabled()


def test_printing_one_class_of_an_old_batch_prints_that_class_as_it_was(qtbot, batches, dialogs, tmp_path):
    out = tmp_path / "6A.pdf"
    dialogs.printer_setup = pdf_printer(out)
    choose_class(batches, "6A")
    with qtbot.waitSignal(batches.actions.printed, timeout=WAIT_MS):
        qtbot.mouseClick(batches.panel.print_button, LEFT)
    text = pdf_text(out)
    # Bastien is in 6B today, but he got this password in 6A: his slip is with 6A's, never with 6B's.
    assert "Alice ARNAUD" in text and "Bastien BERNARD" in text
    assert not any(name in text for name in ("DUMAS", "ESTEVE", "FABRE"))
    assert "CHEVALIER" not in text  # she left: no slip unless asked for
    assert "envoyés à l'imprimante (1 page), classe 6A" in said(batches.panel)


def test_saving_one_class_with_the_pupils_who_left_marks_them(qtbot, batches, dialogs, tmp_path):
    dialogs.save_path = tmp_path / "6A.pdf"
    choose_class(batches, "6A")
    qtbot.mouseClick(batches.panel.include_left, LEFT)
    assert batches.panel.include_left.isChecked()
    with qtbot.waitSignal(batches.actions.saved, timeout=WAIT_MS):
        qtbot.mouseClick(batches.panel.save_button, LEFT)
    text = pdf_text(dialogs.save_path)
    assert "Chloé CHEVALIER (compte suspendu)" in text
    assert "Alice ARNAUD" in text and "ARNAUD (compte suspendu)" not in text
    assert "DUMAS" not in text


def test_moodle_export_of_one_class_holds_the_pupils_of_its_slips(qtbot, batches, dialogs, tmp_path):
    dialogs.save_path = tmp_path / "moodle-6A.csv"
    choose_class(batches, "6A")
    with qtbot.waitSignal(batches.actions.moodle_exported, timeout=WAIT_MS):
        qtbot.mouseClick(batches.panel.moodle_button, LEFT)
    with dialogs.save_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["lastname"] for row in rows) == ["ARNAUD", "BERNARD", "CHEVALIER"]
    assert all(row["password"] for row in rows)
    assert dialogs.moodle  # the upload instructions were shown


def test_marking_distributed_asks_with_the_count_and_declining_changes_nothing(qtbot, batches, dialogs,
                                                                              data_dir):
    from elea_desktop.directory.store import Directory

    before = directory_dump(data_dir)
    dialogs.answer = False
    qtbot.mouseClick(batches.panel.purge_button, LEFT)
    title, question, informative = dialogs.questions[-1]
    assert "remises aux élèves" in question
    assert "Les 6 mots de passe seront effacés définitivement" in informative
    assert directory_dump(data_dir) == before

    dialogs.answer = True
    with qtbot.waitSignal(batches.loaded, timeout=WAIT_MS):  # erased, then the list is read again
        qtbot.mouseClick(batches.panel.purge_button, LEFT)
    with Directory.open(data_dir) as directory:
        (info,) = directory.list_batches()
    assert info.distributed and info.purged
    assert batches.model.index(0, 5).data() == "distribué et effacé"
    assert not batches.panel.print_button.isEnabled() and not batches.panel.purge_button.isEnabled()
    assert "marqué comme distribué" in said(batches.panel)


def test_keyboard_enter_prints_and_delete_asks_to_mark_distributed(qtbot, window, batches, dialogs):
    asked = []
    dialogs.printer_setup = lambda printer: asked.append(printer.docName()) and False
    window.activateWindow()
    batches.view.setFocus()
    batches.view.setCurrentIndex(batches.model.index(0, 0))
    with qtbot.waitSignal(batches.actions.page.busy_changed, timeout=WAIT_MS,
                          check_params_cb=lambda busy: not busy):
        qtbot.keyClick(batches.view, Qt.Key.Key_Return)
    assert asked and asked[0].startswith("identifiants-")  # the printer dialog came up, and was cancelled
    assert batches.panel.print_button.isEnabled()
    with qtbot.waitSignal(batches.actions.page.busy_changed, timeout=WAIT_MS,
                          check_params_cb=lambda busy: not busy):
        qtbot.keyClick(batches.view, Qt.Key.Key_P, CTRL)
    assert len(asked) == 2
    assert batches.view.hasFocus()  # back where the keyboard was once the printer dialog is gone
    dialogs.answer = False
    qtbot.keyClick(batches.view, Qt.Key.Key_Delete)
    assert dialogs.questions and dialogs.questions[-1][0] == "Effacer les mots de passe"
    # The context menu holds the same four actions, each enabled as its button is.
    menu = {action.text(): action.isEnabled() for action in batches.view.actions()}
    assert menu == {"Aperçu avant impression…": True, "Imprimer…": True, "Enregistrer…": True,
                    "Exporter pour Moodle…": True, "Marquer comme distribué…": True}


def test_an_expired_batch_offers_no_print(qtbot, window, data_dir, dialogs):
    from elea_desktop.directory.store import utc_now

    old = utc_now() - timedelta(days=40)
    run(data_dir, PUPILS, clock=lambda: old)
    asked = []
    dialogs.printer_setup = lambda printer: asked.append(printer) or False
    with qtbot.waitSignal(window.batches.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    section = window.batches
    assert section.model.index(0, 5).data().startswith("expiré le ")
    assert section.model.index(0, 6).data() == ""
    panel = section.panel
    for widget in (*panel.action_buttons, panel.class_choice):
        assert not widget.isEnabled()
    assert "ne peuvent plus être imprimés" in said(panel)
    assert not any(action.isEnabled() for action in section.view.actions())
    window.activateWindow()
    section.view.setFocus()
    assert section.view.hasFocus()  # where Ctrl+P and Entrée print a batch still held
    qtbot.keyClick(section.view, Qt.Key.Key_P, CTRL)
    qtbot.keyClick(section.view, Qt.Key.Key_Return)
    assert asked == [] and dialogs.questions == []
    assert "0 à distribuer" in section.count_label.text()


def test_marking_distributed_clears_the_importers_reminder_and_report(qtbot, window, tmp_path, dialogs):
    from tests.gui.conftest import drop_file, make_export

    importer = window.importer
    with qtbot.waitSignal(importer.analysis_ready, timeout=WAIT_MS):
        drop_file(importer.drop_page.drop_zone, make_export(tmp_path / "in", 12))
    with qtbot.waitSignal(importer.import_finished, timeout=WAIT_MS):
        qtbot.mouseClick(importer.drop_page.import_button, LEFT)
    assert importer.credentials.pending  # nothing saved or printed yet: closing would ask
    with qtbot.waitSignal(window.batches.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    with qtbot.waitSignal(importer.state_loaded, timeout=WAIT_MS):
        qtbot.mouseClick(window.batches.panel.purge_button, LEFT)
    assert not importer.credentials.pending
    assert importer.drop_page.held_box.isHidden()
    assert not importer.report_page.print_button.isVisible()
    assert "effacés" in importer.report_page.banner_text.text()


@pytest.mark.parametrize("screen", ["1024x600", "1366x768"])
def test_the_section_and_its_panel_fit_small_screens(qtbot, window, batches, screen):
    from tests.gui.layout_check import problems
    from ui.screenshots import SCREENS

    window.resize(*SCREENS[screen])
    qtbot.waitUntil(lambda: window.size().width() == SCREENS[screen][0], timeout=WAIT_MS)
    choose_class(batches, "6A")
    qtbot.mouseClick(batches.panel.include_left, LEFT)
    qtbot.wait(30)  # layouts settle
    assert problems(window) == []
    assert batches.view.height() > 4 * batches.view.verticalHeader().defaultSectionSize()  # rows to see


def test_preview_paints_the_chosen_class(qtbot, batches, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from ui.dialogs import files

    painted = tmp_path / "preview.pdf"
    previews = []

    def fake_preview(parent, printer, paint):
        # What Qt's preview does, minus the window: hand a printer to the paint callback.
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(painted))
        paint(printer)
        previews.append(printer)

    monkeypatch.setattr(files, "open_print_preview", fake_preview)
    choose_class(batches, "6B")
    qtbot.mouseClick(batches.panel.preview_button, LEFT)
    qtbot.waitUntil(lambda: bool(previews), timeout=WAIT_MS)
    text = pdf_text(painted)
    assert "Bastien BERNARD" not in text  # 6B today, 6A in this batch
    assert all(name in text for name in ("DUMAS", "ESTEVE", "FABRE"))
