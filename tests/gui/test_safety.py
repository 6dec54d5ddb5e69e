"""What must change nothing: a wrong file, a cancelled import; and closing with unsaved credentials."""

from __future__ import annotations

from PySide6.QtCore import Qt

from elea_desktop.errors import ImportCancelled
from tests.gui.conftest import WAIT_MS, directory_dump, drop_and_import, drop_file, make_export
from tests.siecle_factory import build_xml, generate_pupils
from ui.text import nbsp


def test_wrong_file_is_explained_and_changes_nothing(qtbot, window, dialogs, data_dir, tmp_path):
    drop_and_import(qtbot, window, make_export(tmp_path / "a", 12))
    dialogs.questions.clear()
    before = directory_dump(data_dir)
    wrong = tmp_path / "responsables.xml"
    wrong.write_bytes(build_xml(generate_pupils(3), root="BEE_RESPONSABLES"))
    with qtbot.waitSignal(window.importer.analysis_failed, timeout=WAIT_MS) as failed:
        drop_file(window.importer.drop_page.drop_zone, wrong)
    message = failed.args[0].message
    assert window.importer.drop_page.error_box.isVisible()
    assert window.importer.drop_page.error_text.text() == nbsp(message)
    assert not window.importer.drop_page.import_button.isVisible()
    assert not window.importer.drop_page.summary_card.isVisible()
    assert dialogs.questions == [] and dialogs.errors == []
    assert window.importer.stack.currentIndex() == 0
    assert directory_dump(data_dir) == before


def test_not_an_export_at_all_on_a_fresh_directory(qtbot, window, dialogs, data_dir, tmp_path):
    before = directory_dump(data_dir)
    junk = tmp_path / "photo.zip"
    junk.write_bytes(b"this is not a zip")
    with qtbot.waitSignal(window.importer.analysis_failed, timeout=WAIT_MS) as failed:
        drop_file(window.importer.drop_page.drop_zone, junk)
    assert window.importer.drop_page.error_text.text() == nbsp(failed.args[0].message)
    page = window.importer.drop_page
    assert page.error_box.isVisible() and not page.import_button.isVisible()
    assert dialogs.questions == [] and dialogs.errors == []
    assert directory_dump(data_dir) == before


def test_cancel_mid_import_leaves_directory_unchanged(qtbot, window, dialogs, data_dir, tmp_path):
    drop_and_import(qtbot, window, make_export(tmp_path / "a", 40))
    window.importer.credentials.done = True  # the first batch is not the point here
    before = directory_dump(data_dir)
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone,
                  make_export(tmp_path / "b", pupils=generate_pupils(50, seed=4, id_start=20),
                              export_date="01/10/2025"))

    held = []

    def hold_until_cancelled(_event):
        # Runs on the worker thread (direct connection): the engine waits here until the GUI cancels.
        if not held:
            held.append(True)
            job.wait_for_cancel(WAIT_MS / 1000)

    def started(started_job):
        global job
        job = started_job
        started_job.progress.connect(hold_until_cancelled, Qt.ConnectionType.DirectConnection)

    window.importer.import_started.connect(started)
    qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.importer.choice_dialog.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(held), timeout=WAIT_MS)
    with qtbot.waitSignal(window.importer.import_failed, timeout=WAIT_MS) as failed:
        qtbot.mouseClick(window.importer.classes_page.cancel_button, Qt.MouseButton.LeftButton)
    assert isinstance(failed.args[0], ImportCancelled)
    assert window.importer.stack.currentIndex() == 0
    assert "aucune modification" in window.importer.drop_page.status.text()
    assert directory_dump(data_dir) == before


def test_closing_with_unsaved_credentials_asks_first(qtbot, window, dialogs, tmp_path):
    drop_and_import(qtbot, window, make_export(tmp_path / "a", 10))
    dialogs.questions.clear()
    dialogs.answer = False
    assert not window.close()
    assert window.isVisible()
    title, text, informative = dialogs.questions[-1]
    assert title == "Identifiants non enregistrés"
    assert "30 jours" in informative
    dialogs.answer = True
    assert window.close()


def test_closing_during_an_import_cancels_it_then_closes(qtbot, window, dialogs, data_dir, tmp_path):
    held = []

    def hold_until_cancelled(_event):
        if not held:  # worker thread: wait for the window to ask for the cancel
            held.append(True)
            started_jobs[0].wait_for_cancel(WAIT_MS / 1000)

    started_jobs = []

    def started(job):
        started_jobs.append(job)
        job.progress.connect(hold_until_cancelled, Qt.ConnectionType.DirectConnection)

    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone, make_export(tmp_path / "a", 30))
    before = directory_dump(data_dir)
    window.importer.import_started.connect(started)
    qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(held), timeout=WAIT_MS)
    dialogs.answer = True  # « Annuler l'importation et quitter »
    with qtbot.waitSignal(window.importer.import_failed, timeout=WAIT_MS):
        assert not window.close()  # not yet: the engine rolls back first
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert "Importation en cours" in [q[0] for q in dialogs.questions]
    assert directory_dump(data_dir) == before


def test_unexpected_failure_shows_details_and_window_survives(qtbot, window, dialogs, monkeypatch, tmp_path):
    from ui import tasks

    def broken(path, data_dir, report, cancelled):
        raise RuntimeError("disque débranché")

    monkeypatch.setattr(tasks, "analyse", broken)
    with qtbot.waitSignal(window.importer.analysis_failed, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone, make_export(tmp_path / "a", 3))
    assert len(dialogs.crashes) == 1 and "disque débranché" in dialogs.crashes[0]
    assert "inattendue" in window.importer.drop_page.error_text.text()
    dialogs.crashes.clear()  # expected here
