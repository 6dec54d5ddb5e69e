"""The « Réglages » button of the window: the dialog opens, and what it saves shapes the PDF and the CSV."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, drop_file, make_export, pdf_pages


def test_settings_saved_in_the_window_shape_the_saved_sheets_and_csv(qtbot, window, dialogs, data_dir,
                                                                      tmp_path):
    from elea_desktop.credentials.sheets import count_pages
    from elea_desktop.directory.store import Directory

    qtbot.mouseClick(window.settings_button, Qt.MouseButton.LeftButton)
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.per_page_combo.setCurrentIndex(dialog.per_page_combo.findData(8))
    dialog.lang_check.setChecked(True)
    dialog.lang_edit.setText("fr")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save_button.click()

    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone, make_export(tmp_path / "in", 30))
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert window.settings_button.isEnabled()

    dialogs.save_path = tmp_path / "identifiants.pdf"
    with qtbot.waitSignal(window.importer.credentials.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.report_page.save_button, Qt.MouseButton.LeftButton)
    with Directory.open(data_dir) as directory:
        batch = directory.load_batch(report.batch_id)
    assert pdf_pages(dialogs.save_path) == count_pages(batch, per_page=8)
    assert count_pages(batch, per_page=8) != count_pages(batch, per_page=12)

    dialogs.save_path = tmp_path / "moodle.csv"
    with qtbot.waitSignal(window.importer.credentials.moodle_exported, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.report_page.moodle_button, Qt.MouseButton.LeftButton)
    with open(dialogs.save_path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == report.counts["users_created"]
    assert {row["lang"] for row in rows} == {"fr"}


def test_the_settings_button_is_disabled_while_importing(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone, make_export(tmp_path / "in", 20))
    states = []
    window.importer.import_started.connect(lambda _job: states.append(window.settings_button.isEnabled()))
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    assert states == [False]
    assert window.settings_button.isEnabled()
