"""Comptes › « Annuaire ▾ » through its widgets: export with a passphrase typed twice, restore (wrong
passphrase, replacing asked first), anonymising former pupils (count confirmed), the delay in Réglages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from elea_desktop.directory import sealed_file, transfer
from elea_desktop.directory.backups import list_backups
from elea_desktop.directory.store import Directory
from tests.gui.conftest import WAIT_MS, directory_dump
from tests.importer.helpers import export_of, year_kwargs
from tests.siecle_factory import generate_pupils

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
PASSPHRASE = "cartable vert sous la pluie"
PUPILS = generate_pupils(20, classes=("6A", "6B"))


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch):
    monkeypatch.setattr(sealed_file, "LOG2_N", 12)  # the file records its cost: only speed changes


def seed(data_dir, *years) -> None:
    """The real engine's imports: all pupils in 2024-2025, then (``years``) the first three gone."""
    from elea_desktop.importer.engine import run_import

    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(PUPILS, **year_kwargs(2024)), None)
        for year in years:
            run_import(directory, export_of(PUPILS[3:], **year_kwargs(year)), "keep")


def open_comptes(qtbot, window):
    with qtbot.waitSignal(window.accounts.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    return window.accounts


def click_menu_item(qtbot, menu, action) -> None:
    """As a user does it: the « Annuaire ▾ » button, then the item in the menu that opens."""
    qtbot.mouseClick(menu.button, LEFT)
    qtbot.waitUntil(menu.menu.isVisible, timeout=WAIT_MS)
    qtbot.mouseClick(menu.menu, LEFT, pos=menu.menu.actionGeometry(action).center())


def type_passphrase(qtbot, dialog, first: str, second: str | None = None) -> None:
    for field, text in ((dialog.first, first), (dialog.second, second)):
        if text is not None:
            field.clear()
            qtbot.keyClicks(field, text)


def test_export_asks_the_passphrase_twice_then_writes_the_sealed_file(qtbot, window, dialogs, data_dir,
                                                                      tmp_path):
    seed(data_dir)
    menu = open_comptes(qtbot, window).directory_menu
    assert menu.button.text() == "Annuaire ▾"
    dialogs.save_path = tmp_path / "annuaire.elea"
    click_menu_item(qtbot, menu, menu.export_action)
    dialog = menu.passphrase_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.first.echoMode() == dialog.first.EchoMode.Password

    type_passphrase(qtbot, dialog, PASSPHRASE, PASSPHRASE + "s")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "différentes" in dialog.error_label.text()
    type_passphrase(qtbot, dialog, "court", "court")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "au moins 12 caractères" in dialog.error_label.text()
    assert not dialogs.save_path.exists()

    type_passphrase(qtbot, dialog, PASSPHRASE, PASSPHRASE)
    with qtbot.waitSignal(menu.done, timeout=WAIT_MS) as done:
        qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert done.args[0] == "export" and done.args[1].accounts == 20
    assert not dialog.isVisible() and dialog.first.text() == ""
    assert dialogs.save_path.read_bytes().startswith(sealed_file.MAGIC)
    assert dialogs.infos[-1][0] == "Annuaire exporté"
    # what the window wrote opens with the passphrase typed
    manifest, conn = transfer.read_export(dialogs.save_path, PASSPHRASE)
    conn.close()
    assert manifest["accounts"] == 20 and manifest["held_passwords"] == 20


@pytest.fixture
def exported(data_dir, tmp_path):
    seed(data_dir)
    file = tmp_path / "annuaire.elea"
    transfer.export_directory(data_dir, file, PASSPHRASE)
    with Directory.open(data_dir) as directory:  # this PC then changes: the restore must undo it
        directory.protect(directory.list_accounts()[0].username)
    return file


def start_restore(qtbot, menu, monkeypatch, file):
    from ui.dialogs import files

    monkeypatch.setattr(files, "choose_open_file", lambda parent, title, flt: file)
    menu.restore_action.trigger()
    dialog = menu.passphrase_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert not dialog.second.isVisible()  # typed once to restore
    return dialog


def test_a_wrong_passphrase_is_refused_in_french_and_changes_nothing(qtbot, window, dialogs, data_dir,
                                                                    monkeypatch, exported):
    menu = open_comptes(qtbot, window).directory_menu
    before = directory_dump(data_dir)
    dialog = start_restore(qtbot, menu, monkeypatch, exported)
    type_passphrase(qtbot, dialog, "cartable vert sous la neige")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=WAIT_MS)
    assert "La phrase de passe ne correspond pas" in dialogs.errors[-1][1]
    assert directory_dump(data_dir) == before and not dialogs.questions


def test_restoring_over_this_pcs_directory_asks_first_and_keeps_a_backup(qtbot, window, dialogs, data_dir,
                                                                        monkeypatch, exported):
    comptes = open_comptes(qtbot, window)
    menu = comptes.directory_menu
    before, copies = directory_dump(data_dir), len(list_backups(data_dir))
    dialogs.answer = False  # « Annuler » first: nothing changes
    dialog = start_restore(qtbot, menu, monkeypatch, exported)
    type_passphrase(qtbot, dialog, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: bool(dialogs.questions), timeout=WAIT_MS)
    title, text, _ = dialogs.questions[-1]
    assert title == "Remplacer l'annuaire de ce poste" and "20 compte(s)" in text
    assert directory_dump(data_dir) == before and len(list_backups(data_dir)) == copies

    dialogs.answer = True
    dialog = start_restore(qtbot, menu, monkeypatch, exported)
    type_passphrase(qtbot, dialog, PASSPHRASE)
    with qtbot.waitSignal(menu.done, timeout=WAIT_MS), qtbot.waitSignal(comptes.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert len(list_backups(data_dir)) == copies + 1
    assert not any(row.protected for row in comptes.model.rows)  # the file's state, shown at once
    assert dialogs.infos[-1][0] == "Annuaire restauré"


def test_anonymising_former_pupils_confirms_the_count_first(qtbot, window, dialogs, data_dir):
    seed(data_dir, 2025)  # the three leavers were suspended at the 2025 rentrée; the clock is past 2026's
    comptes = open_comptes(qtbot, window)
    menu = comptes.directory_menu
    before = directory_dump(data_dir)
    dialogs.answer = False
    click_menu_item(qtbot, menu, menu.forget_action)
    qtbot.waitUntil(lambda: bool(dialogs.questions), timeout=WAIT_MS)
    assert "Anonymiser 3 comptes d'anciens élèves" in dialogs.questions[-1][1]
    assert directory_dump(data_dir) == before

    dialogs.answer = True
    with qtbot.waitSignal(menu.done, timeout=WAIT_MS), qtbot.waitSignal(comptes.loaded, timeout=WAIT_MS):
        menu.forget_action.trigger()
    statuses = [comptes.proxy.index(r, 4).data() for r in range(comptes.proxy.rowCount())]
    assert statuses.count("anonymisé") == 3
    comptes.status_filter.setCurrentIndex(comptes.status_filter.findText("Anonymisés"))
    assert comptes.proxy.rowCount() == 3
    assert {comptes.proxy.index(r, 1).data() for r in range(3)} == {"Anonymisé"}
    # nothing left to do: said so, nothing asked
    asked = len(dialogs.questions)
    with qtbot.waitSignal(menu.done, timeout=WAIT_MS):
        menu.forget_action.trigger()
    assert len(dialogs.questions) == asked and "Aucun compte à anonymiser" in dialogs.infos[-1][1]


def test_the_delay_is_set_in_reglages(qtbot, data_dir):
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    spin = dialog.privacy_box.years_spin
    assert spin.value() == 1 and (spin.minimum(), spin.maximum()) == (1, 10)
    dialog.tabs.setCurrentWidget(dialog.privacy_box)
    spin.selectAll()
    qtbot.keyClicks(spin, "3")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, LEFT)
    with Directory.open(data_dir) as directory:
        assert directory.settings().forget_after_years == 3


@pytest.mark.parametrize("twice", [True, False])
def test_the_passphrase_dialog_shows_every_word_with_its_refusal(qtbot, twice):
    from tests.gui.layout_check import problems
    from ui.dialogs.passphrase import PassphraseDialog

    dialog = PassphraseDialog(None, twice=twice, title="Exporter l'annuaire", action="Choisir le fichier…")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first, "court")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.error_label.isVisible()
    dialog.adjustSize()
    assert problems(dialog) == []
    assert dialog.width() < 1000 and dialog.height() < 560  # fits a 1024 × 600 screen


def test_an_anonymised_account_says_so_in_its_detail(qtbot, window, dialogs, data_dir):
    seed(data_dir, 2025)
    from elea_desktop.directory.forget import forget_leavers

    with Directory.open(data_dir) as directory:
        forget_leavers(directory)
    comptes = open_comptes(qtbot, window)
    comptes.status_filter.setCurrentIndex(comptes.status_filter.findText("Anonymisés"))
    with qtbot.waitSignal(comptes.actions.detail_ready, timeout=WAIT_MS) as ready:
        comptes.view.setFocus()
        comptes.view.setCurrentIndex(comptes.proxy.index(0, 0))
        qtbot.keyClick(comptes.view, Qt.Key.Key_Return)
    fields = ready.args[0].fields
    assert fields["Statut"].startswith("anonymisé le") and fields["INE"] == "—"
    assert fields["Date de naissance"] == "—" and fields["Nom"] == "Anonymisé"
