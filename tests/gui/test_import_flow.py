"""End to end through the window with the real reader, engine and sheets: drop, choose, watch, save, print."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from tests.gui.conftest import WAIT_MS, directory_dump, drop_file, make_export, pdf_pages
from tests.siecle_factory import generate_pupils


def _drop_and_read(qtbot, window, path):
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS) as blocker:
        drop_file(window.importer.drop_page.drop_zone, path)
    return blocker.args[0]


def _shown_counts(window) -> dict:
    return {key: int(label.text()) for key, label in window.importer.users_page.counter_values.items()}


def _assert_counters_match(window, report):
    expected = {key: report.counts[f"users_{key}"] for key in window.importer.users_page.counter_values}
    assert _shown_counts(window) == expected
    c = report.counts
    assert window.importer.users_page.summary_line.text().startswith(
        f"{c['users_updated']} utilisateurs actualisés · {c['users_created']} créés · "
        f"{c['users_protected']} protégés"
    )


def _expected_pages(data_dir, batch_id) -> int:
    from elea_desktop.credentials.sheets import count_pages
    from elea_desktop.directory.store import Directory

    directory = Directory.open(data_dir)
    try:
        return count_pages(directory.load_batch(batch_id))
    finally:
        directory.close()


@pytest.mark.slow
def test_drop_choose_import_save_and_print(qtbot, window, dialogs, data_dir, tmp_path):
    gui_thread = threading.get_ident()
    first = make_export(tmp_path / "in", 60)

    # Step 1: a real drop event; the summary shows the file's figures.
    analysis = _drop_and_read(qtbot, window, first)
    assert window.importer.drop_page.summary_card.isVisible()
    assert window.importer.drop_page.values["pupils"].text() == str(analysis.export.count("active"))
    assert window.importer.drop_page.values["establishment"].text().startswith("0750680G")
    assert window.importer.drop_page.import_button.isVisible()

    # First import: a single « Créer les comptes » confirmation (answered yes), then the engine runs.
    progress_threads = set()
    window.importer.import_started.connect(
        lambda job: job.progress.connect(lambda _e: progress_threads.add(threading.get_ident()),
                                         Qt.ConnectionType.DirectConnection))
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert [q[0] for q in dialogs.questions] == ["Créer les comptes"]
    assert report.counts["users_created"] == analysis.export.count("active")
    _assert_counters_match(window, report)
    assert window.importer.users_page.done_label.isVisible()
    assert window.importer.classes_page.classes.count() == report.counts["classes_total"]
    # The engine ran (and reported progress) on a worker thread, never on the GUI thread.
    assert progress_threads and gui_thread not in progress_threads

    # Step 4: the report tabs hold the engine's lines; the banner offers the credentials.
    window.importer.show_step(3)
    assert window.importer.report_page.table("created").model.rowCount() == report.counts["users_created"]
    assert window.importer.report_page.banner.isVisible()
    assert window.importer.credentials.pending

    # ENREGISTRER LES IDENTIFIANTS through the patched save dialog.
    expected_pages = _expected_pages(data_dir, report.batch_id)
    dialogs.save_path = tmp_path / "out" / "identifiants.pdf"
    dialogs.save_path.parent.mkdir()
    with qtbot.waitSignal(window.importer.credentials.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.report_page.save_button, Qt.MouseButton.LeftButton)
    assert dialogs.save_path.is_file()
    assert pdf_pages(dialogs.save_path) == expected_pages
    assert not window.importer.credentials.pending
    qtbot.mouseClick(window.importer.report_page.open_pdf_button, Qt.MouseButton.LeftButton)
    assert dialogs.opened == [dialogs.save_path]

    # IMPRIMER LES IDENTIFIANTS onto a PDF printer: as many pages as the sheets.
    printed = tmp_path / "out" / "printed.pdf"

    def setup(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(96)  # fast enough for a test, same code path
        return True

    dialogs.printer_setup = setup
    with qtbot.waitSignal(window.importer.credentials.printed, timeout=WAIT_MS) as job:
        qtbot.mouseClick(window.importer.report_page.print_button, Qt.MouseButton.LeftButton)
    assert job.args[0] == expected_pages
    assert pdf_pages(printed) == expected_pages

    # A second year: accounts exist, so the seed's two buttons appear with their dry-run numbers.
    second = make_export(tmp_path / "in2", pupils=generate_pupils(60, classes=("6A", "6B", "5A"))[:55]
                         + generate_pupils(8, classes=("6C",), id_start=500, seed=3),
                         export_date="20/09/2025")
    analysis2 = _drop_and_read(qtbot, window, second)
    qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    dialog = window.importer.choice_dialog
    assert dialog is not None and dialog.isVisible()
    planned = analysis2.plans["new"].counts["users_created"]
    assert dialog.new_numbers.label.text().startswith(f"{planned} compte")
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done2:
        qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    report2 = done2.args[0]
    assert report2.counts["users_created"] == 8
    assert report2.counts["passwords_generated"] == analysis2.plans["keep"].counts["passwords_generated"]
    _assert_counters_match(window, report2)
    assert directory_dump(data_dir) is not None


def test_moodle_export_writes_csv_and_shows_settings(qtbot, window, dialogs, tmp_path):
    _drop_and_read(qtbot, window, make_export(tmp_path / "in", 20))
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    dialogs.save_path = tmp_path / "moodle.csv"
    with qtbot.waitSignal(window.importer.credentials.moodle_exported, timeout=WAIT_MS) as done:
        qtbot.mouseClick(window.importer.report_page.moodle_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result.csv_path.is_file() and result.instructions_path.is_file()
    assert result.csv_path.read_text(encoding="utf-8").startswith("username,password,")
    assert dialogs.moodle == [result]
    from ui.dialogs.moodle import instructions_html

    html = instructions_html(result)
    assert "Mettre à jour" in html and "Cohortes" in html
