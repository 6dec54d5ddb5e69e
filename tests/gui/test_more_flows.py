"""Other ways through the window: opened with a file, safety rules, credentials from an earlier session."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, directory_dump, drop_and_import, drop_file, make_export, pdf_pages


def test_opened_with_an_archive_shows_its_summary(qtbot, data_dir, dialogs, tmp_path):
    """« Ouvrir avec » / ``main.py ARCHIVE``: the file is already in step 1."""
    from ui.main_window import MainWindow

    archive = make_export(tmp_path / "in", 15)
    window = MainWindow(data_dir, archive)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        window.show()
    assert window.importer.drop_page.values["pupils"].text() == "15"
    assert "0750680G" in window.windowTitle()
    window.close()


def test_another_schools_file_is_blocked_with_an_explanation(qtbot, window, dialogs, data_dir, tmp_path):
    drop_and_import(qtbot, window, make_export(tmp_path / "a", 10))
    window.importer.credentials.done = True
    before = directory_dump(data_dir)
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone, make_export(tmp_path / "b", 10, uai="0780001C"))
    assert window.importer.drop_page.error_box.isVisible()
    assert "0780001C" in window.importer.drop_page.error_text.text()
    assert not window.importer.drop_page.import_button.isVisible()
    assert directory_dump(data_dir) == before


def test_older_export_asks_and_no_means_nothing_changes(qtbot, window, dialogs, data_dir, tmp_path):
    drop_and_import(qtbot, window, make_export(tmp_path / "a", 10, export_date="20/09/2025"))
    window.importer.credentials.done = True
    before = directory_dump(data_dir)
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone,
                  make_export(tmp_path / "b", 10, export_date="01/09/2025"))
    dialogs.questions.clear()
    dialogs.answer = False
    qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    assert [q[0] for q in dialogs.questions] == ["Vérification avant l'importation"]
    assert "--yes" not in dialogs.questions[0][1]  # the command-line hint is not for the window
    assert window.importer.choice_dialog is None and window.importer.import_job is None
    assert directory_dump(data_dir) == before

    dialogs.answer = True  # confirmed: the choice follows, and the import runs
    qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.choice_dialog.keep_button, Qt.MouseButton.LeftButton)


def test_credentials_of_an_earlier_session_can_be_saved_then_erased(qtbot, data_dir, dialogs, tmp_path):
    from ui.main_window import MainWindow

    first = MainWindow(data_dir)
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.importer.state_loaded, timeout=WAIT_MS):
        first.show()
    report = drop_and_import(qtbot, first, make_export(tmp_path / "a", 12))
    dialogs.answer = True  # « Quitter sans enregistrer »
    assert first.close()

    window = MainWindow(data_dir)  # the next morning
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.importer.state_loaded, timeout=WAIT_MS):
        window.show()
    assert window.importer.drop_page.held_box.isVisible()
    assert "12 élèves" in window.importer.drop_page.held_text.text()
    qtbot.mouseClick(window.importer.drop_page.held_button, Qt.MouseButton.LeftButton)
    assert window.importer.stack.currentIndex() == 3 and window.importer.report_page.banner.isVisible()

    dialogs.save_path = tmp_path / "identifiants.pdf"
    with qtbot.waitSignal(window.importer.credentials.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.report_page.save_button, Qt.MouseButton.LeftButton)
    assert pdf_pages(dialogs.save_path) >= 1
    assert window.importer.report_page.purge_button.isVisible()
    with qtbot.waitSignal(window.importer.credentials.purged, timeout=WAIT_MS) as purged:
        qtbot.mouseClick(window.importer.report_page.purge_button, Qt.MouseButton.LeftButton)
    assert purged.args[0] == report.batch_id
    assert not window.importer.drop_page.held_box.isVisible()
    assert not window.importer.credentials.pending
    window.close()


def test_report_tabs_search_and_sort(qtbot, window, dialogs, tmp_path):
    report = drop_and_import(qtbot, window, make_export(tmp_path / "a", 30))
    window.importer.show_step(3)
    table = window.importer.report_page.table("created")
    first = report.entries["created"][0]
    table.search.setText(first.username.upper())  # case and accents ignored
    assert table.proxy.rowCount() >= 1
    assert table.proxy.index(0, 0).data() == first.username
    table.search.clear()
    table.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    shown = [table.proxy.index(r, 0).data() for r in range(table.proxy.rowCount())]
    assert shown == sorted(shown, reverse=True)


def test_print_preview_paints_every_sheet(qtbot, window, dialogs, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from ui.dialogs import files

    drop_and_import(qtbot, window, make_export(tmp_path / "a", 25))
    painted = tmp_path / "preview.pdf"
    previews = []

    def fake_preview(parent, printer, paint):
        # What Qt's preview does, minus the window: hand a printer to the paint callback.
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(painted))
        printer.setResolution(72)
        paint(printer)
        previews.append(printer)

    monkeypatch.setattr(files, "open_print_preview", fake_preview)
    qtbot.mouseClick(window.importer.report_page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(previews), timeout=WAIT_MS)
    assert pdf_pages(painted) >= 3  # 25 pupils in 3 classes: one page per class at least
    assert window.importer.credentials.pending  # a preview is not a printout


def test_key_file_fallback_is_told_not_silent(qtbot, window, dialogs, monkeypatch, tmp_path):
    """No usable keyring (headless Linux): the vault keeps its key in a file and the user is told once."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    keyring.set_keyring(fail.Keyring())
    drop_and_import(qtbot, window, make_export(tmp_path / "a", 5))
    assert dialogs.infos, "the key-file fallback was not shown"


def test_printing_can_be_cancelled(qtbot, window, dialogs, monkeypatch, tmp_path):
    import threading

    from PySide6.QtPrintSupport import QPrinter

    from ui import credentials_actions, printing

    drop_and_import(qtbot, window, make_export(tmp_path / "a", 25))
    window.importer.show_step(3)
    started = threading.Event()

    def slow_print(job, printer, report, cancelled):
        started.set()  # worker thread: wait for the user's cancel, then print as usual
        for _ in range(3000):
            if cancelled():
                break
            threading.Event().wait(0.01)
        return printing.print_sheets(job, printer, progress=report, cancelled=cancelled)

    monkeypatch.setattr(credentials_actions, "_print_work", slow_print)

    def setup(printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "cancelled.pdf"))
        return True

    dialogs.printer_setup = setup
    qtbot.mouseClick(window.importer.report_page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    assert window.importer.report_page.cancel_print_button.isVisible()
    with qtbot.waitSignal(window.importer.credentials.print_cancelled, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.report_page.cancel_print_button, Qt.MouseButton.LeftButton)
    assert "annulée" in window.importer.report_page.banner_detail.text()
    assert window.importer.credentials.pending  # nothing was printed: closing still asks
    assert not window.importer.report_page.cancel_print_button.isVisible()
