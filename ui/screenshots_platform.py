"""The platform screens for ``ui.screenshots``: Réglages › Plateforme Éléa, the preview, the progress held
mid-sync, the report (a conflict included), against the tests' fake Moodle on loopback."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from ui.event_wait import settle, wait_for


def shoot_platform(window, shot) -> None:
    from tests.platform.fake_moodle import FakeMoodle

    fake = FakeMoodle(latency=0.05).start()
    try:
        _shoot(window, shot, fake)
    finally:
        fake.stop()


def _shoot(window, shot, fake) -> None:
    window.show_section("accounts")
    window.open_settings(tab="platform")
    page = window.settings_dialog.platform_page
    page.url_edit.setText(fake.url)
    page.token_edit.setText(fake.token)
    page.test_button.click()
    wait_for(page.checked)
    shot(window.settings_dialog, "20-reglages-plateforme")
    window.settings_dialog.reject()
    settle()
    # One pupil's username is taken on the platform by someone else: a conflict, named in the report.
    taken = window.accounts.model.rows[0]
    fake.add_user(username=taken.username, firstname="Camille", lastname="Autre", idnumber="")
    window.send_flow.start()
    dialog = wait_for(window.send_flow.dialog_opened)[0]
    wait_for(dialog.preview_ready)
    shot(dialog, "21-envoi-apercu")
    release, held = threading.Event(), threading.Event()

    def hold(event):  # worker thread (direct connection): photograph the progress mid-way
        if event.stage == "comptes" and event.done * 2 >= event.total > 0 and not held.is_set():
            held.set()
            release.wait(30)

    dialog.send_button.click()
    dialog.job.progress.connect(hold, Qt.ConnectionType.DirectConnection)
    while not held.is_set() and dialog.job is not None:
        settle(20)
    shot(dialog, "22-envoi-progression")
    release.set()
    wait_for(dialog.sync_finished)
    shot(dialog, "23-envoi-rapport")
    dialog.close_button.click()
    settle()
    shot(window, "24-comptes-apres-envoi")
