"""Enter and Space press the focused button of the window, at every step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, make_export


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_keys_press_the_focused_buttons_through_the_import(qtbot, window, dialogs, tmp_path, key):
    dialogs.export_path = make_export(tmp_path / "a", 10)
    browse = window.importer.drop_page.drop_zone.browse
    browse.setFocus()
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        qtbot.keyClick(browse, key)  # « Sélectionnez un fichier sur votre ordinateur »
    importer = window.importer.drop_page.import_button
    importer.setFocus()
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS):
        qtbot.keyClick(importer, key)  # « Importer les comptes » (the first import's question says yes)
    assert dialogs.questions and dialogs.questions[-1][0] == "Créer les comptes"
    continuing = window.importer.users_page.continue_button
    continuing.setFocus()
    qtbot.keyClick(continuing, key)  # « Voir le rapport et les identifiants »
    importer = window.importer
    qtbot.waitUntil(lambda: importer.stack.currentWidget() is importer.report_page, timeout=WAIT_MS)


def test_enter_with_a_modifier_or_on_a_disabled_button_does_nothing(qtbot, window, dialogs, tmp_path):
    asked = []
    window.importer.drop_page.browse_requested.connect(lambda: asked.append(1))
    browse = window.importer.drop_page.drop_zone.browse
    browse.setFocus()
    qtbot.keyClick(browse, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    browse.setEnabled(False)
    qtbot.keyClick(browse, Qt.Key.Key_Return)
    qtbot.wait(250)  # animateClick would have fired by now
    assert not asked
