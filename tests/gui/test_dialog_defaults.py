"""Enter answers a question with the expected action, except where it destroys or cannot be undone.

The real QMessageBox is built and shown; only its modal loop is replaced by a key press on it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.conftest import WAIT_MS, make_export
from ui.dialogs import confirm

REAL_ASK = confirm.ask  # before the ``dialogs`` fixture replaces it
KEYS = {"Enter": Qt.Key.Key_Return, "Space": Qt.Key.Key_Space, "Escape": Qt.Key.Key_Escape}


@pytest.fixture
def key_answers(qtbot, monkeypatch):
    """``QMessageBox.exec`` shows the box and presses the next key of ``keys`` on the focused widget."""
    keys: list[str] = []
    shown: list[QMessageBox] = []

    def fake_exec(box):
        qtbot.addWidget(box)
        box.show()
        shown.append(box)
        target = QApplication.focusWidget() if box.isAncestorOf(QApplication.focusWidget()) else box
        qtbot.keyClick(target, KEYS[keys.pop(0)])
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return keys, shown


@pytest.mark.parametrize(("question", "enter_means_yes"), [
    (lambda: confirm.confirm_first_import(None, 70, 3), True),
    (lambda: confirm.confirm_safety(None, "Ce fichier ne contient que 12 élèves sur 300."), False),
    (lambda: confirm.confirm_close_with_credentials(None, 30), False),
    (lambda: confirm.confirm_close_while_importing(None), False),
])
def test_enter_takes_the_expected_action_unless_destructive(qapp, key_answers, question, enter_means_yes):
    keys, shown = key_answers
    keys.append("Enter")
    assert question() is enter_means_yes
    box = shown[-1]
    assert box.defaultButton().text() == (box.buttons()[0].text() if enter_means_yes else
                                          box.escapeButton().text())
    keys.append("Escape")
    assert question() is False  # Échap always answers no


def test_space_presses_the_focused_button(qtbot, qapp):
    box, yes = confirm.question_box(None, "Titre", "Question ?", yes="Oui, continuer", destructive=True)
    qtbot.addWidget(box)
    box.open()
    yes.setFocus()
    qtbot.keyClick(yes, Qt.Key.Key_Space)
    assert box.clickedButton() is yes


def test_close_prompt_keeps_guillemets_with_their_words(qapp, key_answers):
    keys, shown = key_answers
    keys.append("Escape")
    confirm.confirm_close_with_credentials(None, 30)
    informative = shown[-1].informativeText()
    assert "« " not in informative and " »" not in informative
    assert "«\u00a0Retrouver ces identifiants\u00a0»" in informative
    assert "commande" not in informative  # a secretary never opens a terminal


def test_enter_does_not_erase_the_passwords(qtbot, window, dialogs, monkeypatch, tmp_path, key_answers):
    keys, _shown = key_answers
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS):
        with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
            window.importer.open_file(make_export(tmp_path / "a", 8))
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    window.importer.show_step(3)
    dialogs.save_path = tmp_path / "fiches.pdf"
    with qtbot.waitSignal(window.importer.credentials.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.report_page.save_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(confirm, "ask", REAL_ASK)
    keys.append("Enter")
    qtbot.mouseClick(window.importer.report_page.purge_button, Qt.MouseButton.LeftButton)
    assert window.importer.credentials.batch_id is not None  # Enter answered « Garder encore »
    assert window.importer.report_page.purge_button.isVisible()


def test_password_choice_enter_cancels_but_a_tabbed_button_takes_it(qtbot, qapp):
    from ui.dialogs.password_choice import KEEP, PasswordChoiceDialog

    counts = {"users_created": 3, "passwords_generated": 3}
    dialog = PasswordChoiceDialog(counts, counts)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.cancel_button.isDefault() and dialog.focusWidget() is dialog.cancel_button
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT_MS):
        qtbot.keyClick(dialog.cancel_button, Qt.Key.Key_Return)
    dialog.open()
    dialog.keep_button.setFocus()
    with qtbot.waitSignal(dialog.chosen, timeout=WAIT_MS) as chosen:
        qtbot.keyClick(dialog.keep_button, Qt.Key.Key_Return)
    assert chosen.args == [KEEP]
