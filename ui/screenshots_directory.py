"""Screenshots of Comptes › « Annuaire ▾ » for ``make screenshots``: the menu, the passphrase dialog (with a
refused confirmation) and the Réglages tab « Données personnelles ». Called by ``ui.screenshots``."""

from __future__ import annotations


def shoot_directory_menu(window, shot) -> None:
    from ui.dialogs.settings import SettingsDialog

    menu = window.accounts.directory_menu
    menu.menu.adjustSize()
    shot(menu.menu, "17-annuaire-menu")
    menu.export()  # opens the passphrase dialog (window-modal, non-blocking)
    dialog = menu.passphrase_dialog
    dialog.first.setText("cartable vert sous la pluie")
    dialog.second.setText("cartable vert sous la plui")
    dialog.ok_button.click()  # refused: the two entries differ
    dialog.adjustSize()
    shot(dialog, "17-annuaire-phrase-de-passe")
    dialog.reject()
    settings = SettingsDialog(window.data_dir, window)
    settings.tabs.setCurrentWidget(settings.privacy_box)
    settings.show()
    shot(settings, "17-reglages-donnees-personnelles")
    settings.reject()
