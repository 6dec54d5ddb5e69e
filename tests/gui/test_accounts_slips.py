"""Comptes: the slips of a new password (print, save, Moodle file), reprints of the selected accounts, the
offer of a new password when no batch holds theirs any more, and a class's list for a teacher — all
through the real widgets."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from tests.gui.conftest import WAIT_MS, pdf_pages, pdf_printer, pdf_text
from tests.gui.test_accounts_section import seed_directory
from tests.siecle_factory import FakePupil

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def _pupil(n: int, last: str, first: str, class_code: str) -> FakePupil:
    return FakePupil(eleve_id=str(8000 + n), family_name=last, first_name=first, class_code=class_code)


PUPILS = [_pupil(1, "ARNAUD", "Alice", "4A"), _pupil(2, "BERNARD", "Bastien", "4A"),
          _pupil(3, "CHEVALIER", "Chloé", "4A"), _pupil(4, "DUMAS", "Damien", "4B"),
          _pupil(5, "ÉTIENNE", "Émilie", "4B")]


@pytest.fixture
def accounts(qtbot, window, data_dir):
    seed_directory(data_dir, PUPILS)
    with qtbot.waitSignal(window.accounts.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    return window.accounts


def select_names(section, *last_names) -> list:
    """Select the rows of these pupils, as Ctrl+clicks would."""
    view = section.view
    view.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(section.proxy.rowCount()):
        if section.proxy.index(row, 1).data() in last_names:
            view.selectionModel().select(section.proxy.index(row, 0), flags)
    rows = section.selected_rows()
    assert {r.last_name for r in rows} == set(last_names)
    return rows


def purge_all(data_dir) -> None:
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        for batch in directory.list_batches():
            directory.purge_batch(batch.id)


def test_a_new_password_prints_its_slip_and_exports_the_moodle_file(qtbot, accounts, dialogs, tmp_path):
    rows = select_names(accounts, "DUMAS")
    with qtbot.waitSignal(accounts.actions.reset_done, timeout=WAIT_MS) as done:
        qtbot.mouseClick(accounts.reset_button, LEFT)
    box = accounts.slips
    printed = tmp_path / "imprime.pdf"
    dialogs.printer_setup = pdf_printer(printed)
    with qtbot.waitSignal(accounts.slip_actions.printed, timeout=WAIT_MS) as pages:
        qtbot.mouseClick(box.print_button, LEFT)
    assert pages.args == [1] and "Damien" in pdf_text(printed) and rows[0].username in pdf_text(printed)
    assert "envoyés à l'imprimante" in box.banner_detail.text()
    dialogs.save_path = tmp_path / "moodle.csv"
    with qtbot.waitSignal(accounts.slip_actions.moodle_exported, timeout=WAIT_MS):
        qtbot.mouseClick(box.moodle_button, LEFT)
    with dialogs.save_path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert [line["username"] for line in lines] == list(done.args[0].usernames) == [rows[0].username]
    qtbot.mouseClick(box.close_button, LEFT)
    assert not box.isVisible()


def test_reprint_gives_the_selected_slips_from_the_batch_that_holds_them(qtbot, accounts, dialogs, tmp_path):
    rows = select_names(accounts, "ARNAUD", "ÉTIENNE")
    assert accounts.reprint_button.isEnabled()
    with qtbot.waitSignal(accounts.actions.reprint_ready, timeout=WAIT_MS) as ready:
        qtbot.keyClick(accounts.view, Qt.Key.Key_R, CTRL)
    assert set(ready.args[0].found) == {r.username for r in rows} and not ready.args[0].missing
    box = accounts.slips
    assert box.isVisible() and box.title.text() == "2 fiches à réimprimer."
    assert not box.moodle_button.isVisible()  # same passwords: nothing to send to Éléa
    assert not dialogs.questions  # a reprint changes nothing: nothing to confirm
    dialogs.save_path = tmp_path / "reimpression.pdf"
    with qtbot.waitSignal(accounts.slip_actions.saved, timeout=WAIT_MS):
        qtbot.mouseClick(box.save_button, LEFT)
    text = pdf_text(dialogs.save_path)
    assert "Alice" in text and "Émilie" in text
    assert "Bastien" not in text and "Damien" not in text  # only the selection


def test_reprint_says_which_accounts_have_no_password_left(qtbot, accounts, dialogs, data_dir):
    select_names(accounts, "BERNARD")
    with qtbot.waitSignal(accounts.actions.reset_done, timeout=WAIT_MS):
        qtbot.keyClick(accounts.view, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    purge_all(data_dir)  # September's batch and the new one handed out and erased…
    select_names(accounts, "BERNARD", "CHEVALIER")
    with qtbot.waitSignal(accounts.actions.reset_done, timeout=WAIT_MS):
        qtbot.keyClick(accounts.view, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    select_names(accounts, "BERNARD", "ARNAUD")  # …then Bastien's password is held again, Alice's not
    with qtbot.waitSignal(accounts.actions.reprint_ready, timeout=WAIT_MS) as ready:
        qtbot.mouseClick(accounts.reprint_button, LEFT)
    summary = ready.args[0]
    assert len(summary.found) == 1 and len(summary.missing) == 1
    assert accounts.slips.title.text() == "1 fiche à réimprimer."
    assert "1 compte sans mot de passe gardé (Alice ARNAUD)" in accounts.slips.banner_detail.text()


def test_when_no_batch_holds_the_password_a_new_one_is_offered(qtbot, accounts, dialogs, data_dir):
    from elea_desktop.directory.store import Directory

    purge_all(data_dir)
    rows = select_names(accounts, "CHEVALIER", "DUMAS")
    dialogs.answer = False
    with qtbot.waitSignal(accounts.actions.reprint_ready, timeout=WAIT_MS):
        qtbot.mouseClick(accounts.reprint_button, LEFT)
    title, text, informative = dialogs.questions[-1]
    assert title == "Réimprimer" and "ces 2 comptes ne sont plus gardés" in text
    assert "Donner un nouveau mot de passe à 2 comptes" in informative
    with Directory.open(data_dir) as directory:
        assert all(b.purged for b in directory.list_batches())  # declined: no new batch
    dialogs.answer = True
    with qtbot.waitSignal(accounts.actions.reset_done, timeout=WAIT_MS) as done:
        qtbot.mouseClick(accounts.reprint_button, LEFT)
    assert set(done.args[0].usernames) == {r.username for r in rows}
    assert accounts.slips.moodle_button.isVisible()


def test_class_list_saves_and_prints_names_and_usernames_without_passwords(qtbot, accounts, dialogs, data_dir,
                                                                           tmp_path):
    from elea_desktop.directory.store import Directory

    accounts.class_filter.setCurrentIndex(accounts.class_filter.findText("4A"))
    with qtbot.waitSignal(accounts.actions.class_list_opened, timeout=WAIT_MS) as opened:
        qtbot.keyClick(accounts.view, Qt.Key.Key_L, CTRL)
    dialog = opened.args[0]
    assert dialog.isVisible() and dialog.class_code == "4A" and dialog.count.text() == "3 élèves actifs"
    dialogs.save_path = tmp_path / "liste-4A.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, LEFT)
    text = pdf_text(dialogs.save_path)
    with Directory.open(data_dir) as directory:
        batch = directory.load_batch(directory.list_batches()[0].id)
    in_4a = [c for c in batch.credentials if c.class_code == "4A"]
    assert all(c.username in text and c.first_name in text for c in in_4a)
    assert not any(c.password in text for c in batch.credentials)
    assert "Damien" not in text  # 4B
    assert dialog.open_button.isVisible() and "enregistrée" in dialog.status.text()
    dialog.class_choice.setCurrentIndex(dialog.class_choice.findData("4B"))
    assert dialog.count.text() == "2 élèves actifs"
    printed = tmp_path / "imprime.pdf"
    dialogs.printer_setup = pdf_printer(printed)
    with qtbot.waitSignal(dialog.printed, timeout=WAIT_MS) as pages:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # « Imprimer… » is the default button
    assert pages.args == [pdf_pages(printed)] and "Émilie" in pdf_text(printed)
    assert dialog.isVisible()  # printing does not close it; « Fermer » does
    qtbot.mouseClick(dialog.close_button, LEFT)
    assert not dialog.isVisible()


def test_the_actions_are_in_the_context_menu_and_need_a_selection(qtbot, accounts):
    labels = [a.text() for a in accounts.view.actions()]
    assert labels == ["Nouveau mot de passe…", "Réimprimer…", "Liste de la classe…", "Protéger",
                      "Ne plus protéger", "Détail…"]
    # The menu shows the shortcuts, which are these very actions.
    assert [a.shortcut().toString() for a in accounts.view.actions()] == [
        "Ctrl+Shift+P", "Ctrl+R", "Ctrl+L", "", "", ""]
    accounts.view.clearSelection()
    enabled = {a.text(): a.isEnabled() for a in accounts.view.actions()}
    assert enabled == {label: label == "Liste de la classe…" for label in labels}
    select_names(accounts, "ARNAUD")
    assert all(a.isEnabled() for a in accounts.view.actions())


def test_one_new_password_follows_the_one_slip_setting(qtbot, accounts, dialogs, data_dir, tmp_path):
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        directory.update_settings(sheet_single="letter")
    select_names(accounts, "ÉTIENNE")
    with qtbot.waitSignal(accounts.actions.reset_done, timeout=WAIT_MS):
        qtbot.mouseClick(accounts.reset_button, LEFT)
    dialogs.save_path = tmp_path / "lettre.pdf"
    with qtbot.waitSignal(accounts.slip_actions.saved, timeout=WAIT_MS):
        qtbot.mouseClick(accounts.slips.save_button, LEFT)
    text = pdf_text(dialogs.save_path)
    assert pdf_pages(dialogs.save_path) == 1
    assert "Fiche individuelle" in text and "Émilie" in text


def test_the_selection_stays_after_the_table_reloads(qtbot, accounts):
    rows = select_names(accounts, "ARNAUD", "DUMAS")
    with qtbot.waitSignal(accounts.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(accounts.protect_button, LEFT)
    assert [r.username for r in accounts.selected_rows()] == [r.username for r in rows]
    assert all(r.protected for r in accounts.selected_rows())
    assert accounts.count_label.text().endswith("2 comptes sélectionnés")


def test_closing_with_a_new_password_not_yet_printed_asks_first(qtbot, window, accounts, dialogs, tmp_path):
    select_names(accounts, "DUMAS")
    with qtbot.waitSignal(accounts.actions.reset_done, timeout=WAIT_MS):
        qtbot.mouseClick(accounts.reset_button, LEFT)
    dialogs.questions.clear()
    dialogs.answer = False
    assert not window.close() and window.isVisible()
    assert dialogs.questions[-1][0] == "Identifiants non enregistrés"
    dialogs.save_path = tmp_path / "fiche.pdf"
    with qtbot.waitSignal(accounts.slip_actions.saved, timeout=WAIT_MS):
        qtbot.mouseClick(accounts.slips.save_button, LEFT)
    dialogs.questions.clear()
    assert window.close() and dialogs.questions == []  # saved: nothing to ask


def test_closing_after_a_reprint_not_printed_does_not_ask(qtbot, window, accounts, dialogs):
    select_names(accounts, "ARNAUD")
    with qtbot.waitSignal(accounts.actions.reprint_ready, timeout=WAIT_MS):
        qtbot.mouseClick(accounts.reprint_button, LEFT)
    dialogs.questions.clear()
    assert window.close() and dialogs.questions == []
