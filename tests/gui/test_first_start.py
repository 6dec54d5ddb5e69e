"""First start asks for the establishment's name and Éléa's address; the key-file warning is said once,
in everyday words, with the precise text behind « Plus de détails »."""

from __future__ import annotations

from PySide6.QtCore import Qt

from elea_desktop.credentials.vault import FALLBACK_WARNING
from elea_desktop.directory.store import Directory
from tests.gui.conftest import WAIT_MS, make_export
from ui.dialogs import notices
from ui.dialogs.welcome import WelcomeDialog


def test_an_empty_directory_opens_the_welcome_and_only_then(qtbot, window, dialogs, tmp_path):
    assert len(dialogs.welcomes) == 1  # the window fixture starts on an empty data folder
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS):
        with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
            window.importer.open_file(make_export(tmp_path / "a", 5))
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    window.importer.credentials.done = True
    window.importer.new_import()
    with qtbot.waitSignal(window.importer.state_loaded, timeout=WAIT_MS):
        pass
    assert len(dialogs.welcomes) == 1  # accounts exist now: no welcome again


def test_welcome_saves_name_and_address_then_goes_to_the_drop_zone(qtbot, window, dialogs, data_dir):
    _data, on_saved = dialogs.welcomes[0]
    dialog = WelcomeDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.saved.connect(on_saved)
    dialog.open()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible() and "nom de l'établissement" in dialog.error_label.text()
    dialog.name_edit.setText("Collège Éole")  # QTest types ASCII only
    dialog.url_edit.setText("elea pas une adresse")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "https://" in dialog.error_label.text()
    dialog.url_edit.clear()
    dialog.url_edit.setText("https://elea.ac-test.fr")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)  # Enter: the default « Continuer »
    with Directory.open(data_dir) as directory:
        settings = directory.settings()
    assert settings.name == "Collège Éole" and settings.platform_url.startswith("https://elea.ac-test.fr")
    assert "Collège Éole" in window.windowTitle()
    assert window.importer.drop_page.drop_zone.browse is window.importer.focusWidget()


def test_the_address_can_be_left_for_later_explicitly(qtbot, qapp, data_dir):
    dialog = WelcomeDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.name_edit.setText("Lycée Nord")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "plus tard" in dialog.error_label.text()  # never silently skipped
    dialog.later_check.setChecked(True)
    assert not dialog.url_edit.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    with Directory.open(data_dir) as directory:
        assert directory.settings().name == "Lycée Nord" and directory.settings().platform_url is None


def test_key_file_warning_in_everyday_words_once(qtbot, window, dialogs, monkeypatch, tmp_path):
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    keyring.set_keyring(fail.Keyring())
    for folder in ("a", "b"):
        with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS):
            with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
                window.importer.open_file(make_export(tmp_path / folder, 5))
            qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
            if window.importer.choice_dialog is not None:
                qtbot.mouseClick(window.importer.choice_dialog.new_button, Qt.MouseButton.LeftButton)
        window.importer.credentials.done = True
    key_notices = [n for n in dialogs.infos if n[0] == notices.KEY_FILE_TITLE]
    assert len(key_notices) == 1  # once, not after every import
    _title, text, details = key_notices[0]
    assert "vault.key" not in text and "gestionnaire d'identifiants" not in text
    assert "Ce qu'il faut faire" in text and details == FALLBACK_WARNING


def test_plus_de_details_shows_the_precise_text(qtbot, qapp):
    dialog = notices.NoticeDialog(notices.KEY_FILE_TITLE, notices.KEY_FILE_TEXT, FALLBACK_WARNING)
    qtbot.addWidget(dialog)
    dialog.open()
    assert not dialog.details.isVisible() and dialog.ok.isDefault()
    qtbot.mouseClick(dialog.more, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible() and "vault.key" in dialog.details.text()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.ok, Qt.Key.Key_Return)
