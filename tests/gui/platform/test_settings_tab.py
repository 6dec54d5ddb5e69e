"""Réglages › « Plateforme Éléa »: connect with the address and the token, see the site, forget the token.

Driven like a user: keys into the fields, clicks on the buttons; the test waits for the page's signals.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from tests.gui.conftest import WAIT_MS
from tests.gui.platform.conftest import token_nowhere_but_keyring


@pytest.fixture
def settings_dialog(qtbot, data_dir, dialogs):
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show_platform()
    dialog.show()
    return dialog


@pytest.fixture
def page(settings_dialog):
    return settings_dialog.platform_page


def test_the_platform_tab_is_in_the_settings(settings_dialog, page):
    dialog = settings_dialog
    assert dialog.tabs.currentWidget() is page
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()).replace("&", "") == "Plateforme Éléa"
    assert page.state_label.text().startswith("Aucune plateforme connectée")
    assert not page.forget_button.isEnabled()


def test_the_token_is_masked_unless_shown(qtbot, page):
    assert page.token_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(page.show_token, Qt.MouseButton.LeftButton)
    assert page.token_edit.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseClick(page.show_token, Qt.MouseButton.LeftButton)
    assert page.token_edit.echoMode() == QLineEdit.EchoMode.Password


def connect_from_page(qtbot, page, url, token):
    page.url_edit.clear()
    qtbot.keyClicks(page.url_edit, url)
    qtbot.keyClicks(page.token_edit, token)
    with qtbot.waitSignal(page.checked, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_testing_the_connection_shows_the_site_and_keeps_the_token(qtbot, page, fake, tmp_path,
                                                                   memory_keyring, settings_dialog):
    assert connect_from_page(qtbot, page, fake.url, fake.token) is True
    state = page.state_label.text()
    assert "Moodle 4.5" in state and "Éléa de test" in state and fake.url in page.kept_label.text()
    assert "Connexion vérifiée" in page.result_label.text()
    assert page.token_edit.text() == ""  # kept in the credential store, no longer in the widget
    assert page.forget_button.isEnabled()
    qtbot.mouseClick(settings_dialog.save_button, Qt.MouseButton.LeftButton)  # settings saved too
    token_nowhere_but_keyring(tmp_path, fake.token, memory_keyring)


def test_a_token_without_a_function_names_it_and_keeps_nothing(qtbot, page, fake, data_dir, memory_keyring):
    fake.functions.discard("core_cohort_add_cohort_members")
    assert connect_from_page(qtbot, page, fake.url, fake.token) is False
    assert "core_cohort_add_cohort_members" in page.result_label.text()
    assert page.state_label.text().startswith("Aucune plateforme connectée")
    assert not memory_keyring.store
    assert page.token_edit.hasFocus()  # what to change: a token given that function


def test_an_expired_token_is_explained(qtbot, page, fake):
    fake.token_expired = True
    assert connect_from_page(qtbot, page, fake.url, fake.token) is False
    assert "a expiré" in page.result_label.text()
    assert page.token_edit.hasFocus()  # where the new token goes


def test_an_unreachable_platform_says_the_pc_may_be_offline(qtbot, page, fake, no_backoff):
    url = fake.url
    fake.stop()
    assert connect_from_page(qtbot, page, url, "abc123") is False
    assert "hors ligne" in page.result_label.text()


def test_a_wrong_address_is_explained(qtbot, page):
    assert connect_from_page(qtbot, page, "ftp://exemple", "abc123") is False
    assert "n'est pas une adresse de plateforme" in page.result_label.text()
    assert page.url_edit.hasFocus()


def test_forgetting_the_token_asks_first_then_removes_it(qtbot, page, fake, dialogs, memory_keyring):
    connect_from_page(qtbot, page, fake.url, fake.token)
    dialogs.answer = False
    qtbot.mouseClick(page.forget_button, Qt.MouseButton.LeftButton)
    assert dialogs.questions[-1][0] == "Oublier le jeton" and memory_keyring.store
    dialogs.answer = True
    with qtbot.waitSignal(page.forgotten, timeout=WAIT_MS):
        qtbot.mouseClick(page.forget_button, Qt.MouseButton.LeftButton)
    assert not memory_keyring.store
    assert page.state_label.text().startswith("Aucune plateforme connectée")


def test_the_kept_token_can_be_tested_again_and_the_budget_saved(qtbot, settings_dialog, page, fake,
                                                                 data_dir):
    from elea_desktop.directory.store import Directory
    from elea_desktop.platform import connection

    connect_from_page(qtbot, page, fake.url, fake.token)
    with qtbot.waitSignal(page.checked, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)  # no token typed: the kept one
    assert blocker.args == [True] and "jeton conservé" in page.result_label.text()
    page.budget_spin.setValue(500)
    qtbot.mouseClick(settings_dialog.save_button, Qt.MouseButton.LeftButton)
    with Directory.open(data_dir) as directory:
        assert connection.load(directory).field_budget == 500
