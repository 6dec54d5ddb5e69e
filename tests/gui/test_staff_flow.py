"""A staff file (STS-web) through the window: the same four steps, worded for staff, through real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, drop_file, make_export
from tests.sts_factory import FakeStaff, generate_staff, write_sts


def _drop(qtbot, window, path):
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS) as blocker:
        drop_file(window.importer.drop_page.drop_zone, path)
    return blocker.args[0]


def _click_import(qtbot, window):
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def test_drop_an_sts_file_import_staff_then_pupils_words_come_back(qtbot, window, dialogs, tmp_path):
    staff = [*generate_staff(20), FakeStaff("9", "LONGUE", "Absence", function=None)]
    path = write_sts(tmp_path, staff)
    analysis = _drop(qtbot, window, path)
    page = window.importer.drop_page
    assert analysis.is_staff
    assert page.field_labels["pupils"].text() == "Personnels retenus :"
    assert page.values["pupils"].text() == str(len(analysis.export.selected(("ENS", "EDU", "DOC", "DIR"))))
    assert page.values["classes"].text() == "4"
    assert "Enseignant : " in page.plan_label.text()
    assert page.values["left"].text() == "1"  # the one without FONCTION
    assert "STS-web" in page.file_label.text()
    assert [b.text() for b in window.importer.nav.buttons][1:3] == [
        "2 – Fonctions des personnels", "3 – Importation des personnels"]

    report = _click_import(qtbot, window)
    assert report.kind == "staff"
    title, text, informative = dialogs.questions[0]
    assert title == "Créer les comptes" and "personnels" in text and "élève" not in informative
    classes_page = window.importer.classes_page
    assert classes_page.title_label.text() == "Cohorte et fonctions des personnels"
    items = [classes_page.classes.item(i).text() for i in range(classes_page.classes.count())]
    assert any(item.startswith("✓ Enseignant — ") for item in items)
    assert "0750680G-2025-personnels" in classes_page.count_label.text()
    assert "personnels du fichier" in window.importer.users_page.wait_label.text()
    window.importer.show_step(3)
    tabs = window.importer.report_page.tabs
    assert tabs.tabText(0).startswith("Fonctions")
    assert window.importer.report_page.people == "personnels"

    # A later staff export: the password choice is the staff's (pupils' accounts do not count).
    (tmp_path / "later").mkdir()
    later = write_sts(tmp_path / "later", staff, horodatage="20/09/2025 09:00:00")
    _drop(qtbot, window, later)
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
        dialog = window.importer.choice_dialog
        assert dialog.windowTitle() == "Choix des mots de passe des personnels"
        qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert done.args[0].counts["users_unchanged"] == report.counts["users_created"]

    # A pupils' file afterwards: the first pupils' import, worded for pupils again, no password choice.
    pupils = make_export(tmp_path / "eleves", 12)
    analysis = _drop(qtbot, window, pupils)
    assert not analysis.is_staff and analysis.is_first_import
    assert page.field_labels["pupils"].text() == "Élèves inscrits :"
    assert window.importer.nav.buttons[1].text().endswith("2 – Importation des classes")
    report = _click_import(qtbot, window)
    assert report.kind == "students" and report.counts["users_created"] == 12


def test_the_reverse_sts_file_is_explained_in_the_window(qtbot, window, tmp_path):
    path = write_sts(tmp_path, generate_staff(3), root="EDT_STS", name="emp_sts_0750680G_2025.xml",
                     zipped=False)
    with qtbot.waitSignal(window.importer.analysis_failed, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone, path)
    assert window.importer.drop_page.error_box.isVisible()
    assert "sens inverse" in window.importer.drop_page.error_text.text()


def test_accounts_workspace_shows_staff_with_a_role_filter(qtbot, window, data_dir):
    from elea_desktop.directory.store import Directory
    from elea_desktop.exports import read_any
    from elea_desktop.importer.engine import run_import
    from tests.importer.helpers import export_of
    from tests.siecle_factory import generate_pupils
    from tests.sts_factory import build_sts_zip

    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(generate_pupils(10, classes=("6A",))), None)
        run_import(directory, read_any(build_sts_zip(generate_staff(5)), name="sts_emp_0750680G_2025.zip"),
                   None)
    with qtbot.waitSignal(window.accounts.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    accounts = window.accounts
    assert accounts.model.rowCount() == 15

    def shown(column):
        return [accounts.proxy.index(r, column).data() for r in range(accounts.proxy.rowCount())]

    combo = accounts.role_filter
    combo.setCurrentIndex(combo.findText("Personnels"))
    assert accounts.proxy.rowCount() == 5
    assert set(shown(0)) == {"Enseignant"}  # the function in words where a pupil's class is
    combo.setCurrentIndex(combo.findText("Élèves"))
    assert set(shown(0)) == {"6A"}
    combo.setCurrentIndex(0)
    # « Sans classe » never lists staff: they have no class, they are not pupils without one.
    accounts.class_filter.setCurrentIndex(accounts.class_filter.findText("6A"))
    assert accounts.proxy.rowCount() == 10
