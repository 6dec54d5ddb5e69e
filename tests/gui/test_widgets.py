"""The window's parts on their own: steps, drop zone, report tables, the choice dialog, printing ranges."""

from __future__ import annotations

import threading

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QPushButton

from ui.dialogs.password_choice import KEEP_TEXT, NEW_TEXT, PasswordChoiceDialog
from ui.models import RowsModel, SearchProxy
from ui.printing import pages_to_print
from ui.sections.importer.drop_page import DropZone
from ui.sections.importer.step_nav import DONE, STEPS, StepNav
from ui.workers import Job, JobRunner


def test_steps_become_clickable_once_done(qtbot):
    nav = StepNav()
    qtbot.addWidget(nav)
    assert [b.isEnabled() for b in nav.buttons] == [True, False, False, False]
    nav.set_current(2)
    assert [b.isEnabled() for b in nav.buttons] == [True, True, True, False]
    assert nav.states[:2] == [DONE, DONE]
    with qtbot.waitSignal(nav.step_clicked) as clicked:
        qtbot.mouseClick(nav.buttons[0], Qt.MouseButton.LeftButton)
    assert clicked.args == [0]
    assert all(STEPS[i] in b.text() and b.accessibleName() for i, b in enumerate(nav.buttons))


def test_drop_zone_takes_local_files_only(qtbot, tmp_path):
    zone = DropZone()
    qtbot.addWidget(zone)
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/export.zip")])
    event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(zone, event)
    assert not event.isAccepted()


def test_report_table_sorts_and_searches_without_accents(qtbot):
    rows = [("eloise.cœur", "Éloïse CŒUR", 12), ("a.b", "Zoé", 3)]
    model = RowsModel(("Identifiant", "Nom", "Élèves"), rows)
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    proxy.set_search("eloise")
    assert proxy.rowCount() == 1
    proxy.set_search("")
    proxy.sort(2, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 2).data() == "3"  # numbers sort as numbers


def test_choice_dialog_shows_both_buttons_and_numbers(qtbot):
    dialog = PasswordChoiceDialog({"users_created": 5, "passwords_generated": 400},
                                  {"users_created": 5, "passwords_generated": 5})
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.new_button.accessibleName() == NEW_TEXT
    assert dialog.keep_button.accessibleName() == KEEP_TEXT
    assert "400 mots de passe générés" in dialog.new_numbers.label.text()
    assert "5 mots de passe générés" in dialog.keep_numbers.label.text()
    with qtbot.waitSignal(dialog.chosen) as chosen:
        qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert chosen.args == ["keep"]


def test_print_range_maps_dialog_pages_to_pdf_pages():
    printer = QPrinter()
    assert pages_to_print(printer, 4) == [0, 1, 2, 3]
    printer.setFromTo(2, 3)
    assert pages_to_print(printer, 4) == [1, 2]
    printer.setFromTo(3, 9)
    assert pages_to_print(printer, 4) == [2, 3]


def test_jobs_run_off_the_gui_thread_and_report_errors(qtbot):
    runner = JobRunner()
    results, failures = [], []
    job = Job("ok", lambda report, cancelled: threading.get_ident())
    with qtbot.waitSignal(job.done, timeout=5000):
        runner.start(job, on_success=results.append)
    qtbot.waitUntil(lambda: bool(results))
    assert results[0] != threading.get_ident()

    def boom(report, cancelled):
        raise ValueError("boom")

    bad = Job("bad", boom)
    with qtbot.waitSignal(bad.done, timeout=5000):
        runner.start(bad, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], ValueError) and "boom" in failures[0].traceback_text
    qtbot.waitUntil(lambda: not runner.busy)


def test_every_control_of_the_window_has_an_accessible_name(qtbot, window):
    from PySide6.QtWidgets import QWidget

    unnamed = [b.text() for b in window.findChildren(QPushButton) if not b.accessibleName()]
    assert unnamed == []
    focusable = [w for w in window.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert [type(w).__name__ for w in focusable if not w.accessibleName()] == []


def test_window_fits_a_1366_by_768_screen(window):
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 700
    assert window.minimumWidth() <= 1366 and window.minimumHeight() <= 700




def test_keyboard_starts_on_the_file_picker(qtbot, window, dialogs, tmp_path):
    assert window.focusWidget() is window.importer.drop_page.drop_zone.browse
    picked = []
    dialogs.export_path = None
    window.importer.drop_page.browse_requested.connect(lambda: picked.append(True))
    qtbot.keyClick(window.importer.drop_page.drop_zone.browse, Qt.Key.Key_Space)
    assert picked == [True]
