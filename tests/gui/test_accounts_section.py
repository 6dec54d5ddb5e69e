"""The Comptes section through its widgets: search, keyboard, filters, natural class order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS
from tests.importer.helpers import export_of
from tests.siecle_factory import FakePupil, generate_pupils

CTRL = Qt.KeyboardModifier.ControlModifier


def seed_directory(data_dir, pupils) -> None:
    """Accounts made by the real engine, as a September import would."""
    from elea_desktop.directory.store import Directory
    from elea_desktop.importer.engine import run_import

    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(pupils), None)


@pytest.fixture
def pupils():
    pupils = generate_pupils(40, classes=("3e 10", "3e 2", "6A"))
    pupils.append(FakePupil(eleve_id="9001", family_name="LEFÈVRE", first_name="Éloïse", class_code="3e 2"))
    return pupils


@pytest.fixture
def accounts(qtbot, window, data_dir, pupils):
    seed_directory(data_dir, pupils)
    with qtbot.waitSignal(window.accounts.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    return window.accounts


def shown(section, column: int) -> list[str]:
    return [section.proxy.index(r, column).data() for r in range(section.proxy.rowCount())]


def test_every_account_is_listed_with_classes_in_natural_order(accounts, pupils):
    assert accounts.model.rowCount() == len(pupils)
    classes = shown(accounts, 0)
    assert classes.index("3e 2") < classes.index("3e 10") < classes.index("6A")
    assert "41 comptes, dont 41 actifs" in accounts.count_label.text()
    # The header sorts too, still naturally.
    accounts.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    classes = shown(accounts, 0)
    assert classes.index("6A") < classes.index("3e 10") < classes.index("3e 2")


def test_ctrl_f_then_typing_filters_without_accents_and_down_selects_the_first_match(qtbot, window,
                                                                                       accounts):
    window.activateWindow()
    qtbot.keyClick(accounts.view, Qt.Key.Key_F, CTRL)
    assert accounts.search.hasFocus()
    qtbot.keyClicks(accounts.search, "eloise lef")
    assert shown(accounts, 2) == ["Éloïse"]
    assert "1 compte affiché" in accounts.count_label.text()
    qtbot.keyClick(accounts.search, Qt.Key.Key_Down)
    assert accounts.view.hasFocus()
    assert [row.first_name for row in accounts.selected_rows()] == ["Éloïse"]
    # Enter from the field does the same; clearing the field shows everyone again.
    accounts.search.clear()
    assert accounts.proxy.rowCount() == accounts.model.rowCount()
    qtbot.keyClicks(accounts.search, "ELOÏSE")
    qtbot.keyClick(accounts.search, Qt.Key.Key_Return)
    assert accounts.selected_rows()[0].username == accounts.proxy.index(0, 3).data()


def test_filters_by_class_status_and_protection(accounts):
    combo = accounts.class_filter
    combo.setCurrentIndex(combo.findText("3e 2"))
    assert set(shown(accounts, 0)) == {"3e 2"}
    expected = sum(1 for r in accounts.model.rows if r.class_code == "3e 2")
    assert accounts.proxy.rowCount() == expected
    accounts.status_filter.setCurrentIndex(accounts.status_filter.findData("suspended"))
    assert accounts.proxy.rowCount() == 0
    accounts.status_filter.setCurrentIndex(0)
    accounts.protected_filter.setCurrentIndex(accounts.protected_filter.findData(True))
    assert accounts.proxy.rowCount() == 0
    accounts.protected_filter.setCurrentIndex(accounts.protected_filter.findData(False))
    assert accounts.proxy.rowCount() == expected


def _select(section, *rows) -> None:
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    section.view.clearSelection()
    for row in rows:
        section.view.selectionModel().select(section.proxy.index(row, 0), flags)


def test_new_password_makes_a_reset_batch_of_exactly_the_selection_then_saves_its_slip(
        qtbot, accounts, dialogs, data_dir, tmp_path):
    from elea_desktop.directory.store import Directory
    from tests.gui.conftest import pdf_pages

    _select(accounts, 0, 2)
    chosen = {r.username for r in accounts.selected_rows()}
    assert accounts.count_label.text().endswith(" · 2 comptes sélectionnés")
    dialogs.questions.clear()
    with qtbot.waitSignal(accounts.actions.reset_done, timeout=WAIT_MS) as done:
        qtbot.keyClick(accounts.view, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert dialogs.questions[0][0] == "Nouveau mot de passe" and "2 comptes" in dialogs.questions[0][1]
    result = done.args[0]
    assert set(result.usernames) == chosen
    with Directory.open(data_dir) as directory:
        batch = directory.load_batch(result.batch_id)
    assert batch.origin == "reset" and {c.username for c in batch.credentials} == chosen
    box = accounts.slips
    assert box.isVisible() and f"lot n° {result.batch_id}" in box.title.text()
    assert [b.text() for b in (box.print_button, box.save_button, box.moodle_button)] == [
        "IMPRIMER", "ENREGISTRER", "EXPORTER POUR MOODLE"]
    assert box.moodle_button.isVisible()
    dialogs.save_path = tmp_path / "fiche.pdf"
    with qtbot.waitSignal(accounts.slip_actions.saved, timeout=WAIT_MS):
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert pdf_pages(dialogs.save_path) == 1
    assert "Identifiants enregistrés" in box.banner_detail.text()


def test_declining_the_confirmation_changes_nothing(qtbot, accounts, dialogs, data_dir):
    from tests.gui.conftest import directory_dump

    before = directory_dump(data_dir)
    _select(accounts, 1)
    dialogs.answer = False
    qtbot.mouseClick(accounts.reset_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(accounts.protect_button, Qt.MouseButton.LeftButton)
    assert [q[0] for q in dialogs.questions] == ["Nouveau mot de passe", "Protéger"]
    assert directory_dump(data_dir) == before


def test_protect_then_unprotect_several_accounts(qtbot, accounts, dialogs):
    _select(accounts, 0, 1, 3)
    names = {r.username for r in accounts.selected_rows()}
    with qtbot.waitSignal(accounts.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(accounts.protect_button, Qt.MouseButton.LeftButton)
    assert {r.username for r in accounts.model.rows if r.protected} == names
    accounts.protected_filter.setCurrentIndex(accounts.protected_filter.findData(True))
    assert accounts.proxy.rowCount() == 3 and set(shown(accounts, 5)) == {"oui"}
    _select(accounts, 0, 1, 2)
    with qtbot.waitSignal(accounts.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(accounts.unprotect_button, Qt.MouseButton.LeftButton)
    assert not any(r.protected for r in accounts.model.rows)


def test_enter_on_a_row_shows_its_identifiers_and_history(qtbot, accounts):
    qtbot.keyClicks(accounts.search, "eloise")
    qtbot.keyClick(accounts.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(accounts.actions.detail_ready, timeout=WAIT_MS) as ready:
        qtbot.keyClick(accounts.view, Qt.Key.Key_Return)
    dialog = ready.args[0]
    assert dialog.isVisible()
    assert dialog.fields["Prénom"] == "Éloïse" and dialog.fields["ELEVE_ID"] == "9001"
    assert dialog.fields["INE"] != "—"
    history = [dialog.history.item(i).text() for i in range(dialog.history.count())]
    assert any("Compte créé par l'importation" in line and "classe 3e 2" in line for line in history)
    assert any("Mot de passe du lot n° 1 (importation, à distribuer)" in line for line in history)
    # Long events wrap instead of hiding their end behind a horizontal scroll bar.
    assert dialog.history.wordWrap()
    assert dialog.history.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    dialog.reject()
