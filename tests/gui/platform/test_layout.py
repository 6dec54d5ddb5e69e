"""The platform screens at the window sizes of a 1366×768 and a 1024×600 screen: nothing cut, nothing off
the window (Réglages › Plateforme Éléa, the preview, the report with a new batch and a conflict)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS
from tests.gui.layout_check import problems
from tests.gui.platform.test_send_flow import comptes, open_send, send
from ui.screenshots import SCREENS

pytestmark = pytest.mark.usefixtures("connected")


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_platform_screens_fit(qtbot, window, fake, connected, screen):
    from elea_desktop.directory.store import Directory

    window.resize(*SCREENS[screen])
    qtbot.waitUntil(lambda: window.size().width() == SCREENS[screen][0], timeout=WAIT_MS)
    with Directory.open(connected) as directory:
        for info in directory.list_batches():
            directory.purge_batch(info.id)  # the report then offers a new batch to print
    accounts = comptes(qtbot, window)
    # Only this change's button: the table's columns are the Comptes section's own business.
    found = [f"{screen} Comptes: {p}" for p in problems(window) if "ENVOYER" in p or "Éléa" in p]
    taken = accounts.model.rows[0]
    fake.add_user(username=taken.username, firstname="Camille", lastname="Autre", idnumber="")
    dialog, _ = open_send(qtbot, window, accounts.send_button)
    qtbot.wait(30)
    found += [f"{screen} aperçu: {p}" for p in problems(dialog)]
    assert dialog.height() <= SCREENS[screen][1] and dialog.width() <= SCREENS[screen][0]
    send(qtbot, dialog)
    qtbot.wait(30)
    assert dialog.report_view.batch_banner.isVisible() and dialog.report_view.conflicts.isVisible()
    found += [f"{screen} rapport: {p}" for p in problems(dialog)]
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    window.open_settings(tab="platform")
    settings = window.settings_dialog
    page = settings.platform_page
    with qtbot.waitSignal(page.checked, timeout=WAIT_MS):
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.wait(30)
    found += [f"{screen} Réglages › Plateforme Éléa: {p}" for p in problems(settings)]
    assert not found, "\n".join(found)
