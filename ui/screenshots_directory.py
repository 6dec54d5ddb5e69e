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
    settings.tabs.setCurrentIndex(1)
    shot(settings, "17-reglages-fiches-et-moodle")
    settings.reject()


def shoot_account_actions(window, shot) -> None:
    """Comptes after « Nouveau mot de passe… » for one pupil, the context menu on two, « Réimprimer… » for
    the first and « Liste de la classe… »: the slips box stays shown for the small-screen shots that
    follow."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QMenu

    from ui.event_wait import settle, wait_for

    section = window.accounts
    section.view.selectRow(0)
    section.actions.reset()  # confirm.ask answers yes here
    wait_for(section.actions.reset_done)
    settle(400)  # the table reloads with the new batch
    shot(window, "18-comptes-nouveau-mot-de-passe")
    section.view.selectRow(1)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    section.view.selectionModel().select(section.proxy.index(2, 0), flags)
    menu = QMenu(section.view)
    menu.addActions(section.view.actions())
    menu.adjustSize()
    shot(menu, "18-comptes-menu")
    section.view.selectRow(0)  # the pupil just given a new password: the only batch still held for him
    section.actions.reprint()
    wait_for(section.actions.reprint_ready)
    shot(window, "18-comptes-reimprimer")
    section.actions.class_list()
    dialog = section.actions.class_list_dialog
    dialog.adjustSize()
    shot(dialog, "18-liste-de-la-classe")
    dialog.reject()
