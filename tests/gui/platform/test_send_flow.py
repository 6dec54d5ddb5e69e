"""« ENVOYER VERS ÉLÉA » in the window, against the fake platform: Réglages, preview, progress, cancel,
report, the unsent-changes note. Real widgets are clicked; the test waits for the dialog's signals."""

from __future__ import annotations

from PySide6.QtCore import Qt

from elea_desktop.directory.store import Directory
from elea_desktop.platform import connection
from tests.gui.conftest import WAIT_MS
from tests.importer.helpers import export_of

LEFT = Qt.MouseButton.LeftButton


def ours(fake) -> list[str]:
    return [u["username"] for u in fake.users.values() if u["idnumber"]]


def open_send(qtbot, window, button):
    with qtbot.waitSignal(window.send_flow.dialog_opened, timeout=WAIT_MS) as opened:
        qtbot.mouseClick(button, LEFT)
    dialog = opened.args[0]
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT_MS) as ready:
        pass
    return dialog, ready.args[0]


def send(qtbot, dialog):
    events = []
    dialog.progressed.connect(events.append)
    with qtbot.waitSignal(dialog.sync_finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(dialog.send_button, LEFT)
    return finished.args[0], events


def comptes(qtbot, window):
    with qtbot.waitSignal(window.accounts.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(window.bar.buttons[1], LEFT)
    return window.accounts


def test_without_a_platform_the_button_says_so_in_the_platform_settings(qtbot, seeded, window):
    accounts = comptes(qtbot, window)
    with qtbot.waitSignal(window.send_flow.settings_opened, timeout=WAIT_MS):
        qtbot.mouseClick(accounts.send_button, LEFT)
    dialog = window.settings_dialog
    assert dialog.isVisible() and dialog.tabs.currentWidget() is dialog.platform_page
    assert "connectez d'abord la plateforme" in dialog.platform_page.notice.text()
    assert dialog.platform_page.notice.isVisible()
    assert not window.unsent_note.isVisible()  # no platform: nothing to say about unsent changes


def test_connect_in_the_settings_preview_then_send_with_progress_per_stage(qtbot, seeded, fake, window):
    qtbot.mouseClick(window.settings_button, LEFT)
    page = window.settings_dialog.platform_page
    window.settings_dialog.tabs.setCurrentWidget(page)
    qtbot.keyClicks(page.url_edit, fake.url)
    qtbot.keyClicks(page.token_edit, fake.token)
    with qtbot.waitSignal(page.checked, timeout=WAIT_MS) as checked:
        qtbot.mouseClick(page.test_button, LEFT)
    assert checked.args == [True]
    with qtbot.waitSignal(window.unsent_note.refreshed, timeout=WAIT_MS) as refreshed:
        qtbot.mouseClick(window.settings_dialog.cancel_button, LEFT)  # the token is kept at the test
    assert refreshed.args == [True] and window.unsent_note.isVisible()

    accounts = comptes(qtbot, window)
    dialog, preview = open_send(qtbot, window, accounts.send_button)
    assert preview.error is None and fake.write_calls() == []  # a dry run, read live
    assert dialog.preview_counts.value("users_created") == 60
    assert dialog.preview_counts.value("cohorts_created") == 3
    assert dialog.preview_counts.value("memberships_added") == 60
    assert dialog.send_button.isVisible()
    with qtbot.waitSignal(window.unsent_note.refreshed, timeout=WAIT_MS) as refreshed:
        report, events = send(qtbot, dialog)
    assert report.error is None and report.users_created == 60
    assert {e.stage for e in events} >= {"cohortes", "comptes", "appartenances"}
    assert events[-1].stage == "appartenances" and events[-1].done == events[-1].total == 60
    view = dialog.report_view
    assert view.counts.value("users_created") == 60 and view.counts.value("passwords_sent") == 60
    assert "à jour sur la plateforme" in view.headline.text()
    assert sorted(ours(fake)) == sorted(r.username for r in accounts.model.rows)
    assert refreshed.args == [False]
    assert not window.unsent_note.isVisible()


def test_cancel_stops_after_the_current_call_and_a_resumed_send_adds_no_duplicate(
        qtbot, connected, fake, window):
    with Directory.open(connected) as directory:
        connection.set_budget(directory, 200)  # a dozen accounts a call: several creation calls
    accounts = comptes(qtbot, window)
    dialog, _preview = open_send(qtbot, window, accounts.send_button)
    fake.latency = 0.4  # each call takes a while, as on a real platform: time to click between two

    def click_cancel_once(event):
        if event.stage == "comptes" and event.done > 0 and dialog.cancel_button.isEnabled():
            qtbot.mouseClick(dialog.cancel_button, LEFT)

    dialog.progressed.connect(click_cancel_once)
    report, _events = send(qtbot, dialog)
    dialog.progressed.disconnect(click_cancel_once)
    assert dialog.progress_status.text() == "Arrêt après l'appel en cours…"
    assert report.error.code == "cancelled"
    assert 0 < report.users_created < 60 and len(ours(fake)) == report.users_created
    assert "interrompu" in dialog.report_view.headline.text()
    assert dialog.retry_button.isVisible()
    fake.latency = 0.0
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT_MS) as ready:
        qtbot.mouseClick(dialog.retry_button, LEFT)
    assert dialog.preview_counts.value("users_created") == 60 - report.users_created
    assert ready.args[0].error is None
    second, _ = send(qtbot, dialog)
    assert second.error is None and second.users_created == 60 - report.users_created
    users = ours(fake)
    assert len(users) == len(set(users)) == 60


def test_the_report_names_a_conflict(qtbot, connected, fake, window, pupils):
    accounts = comptes(qtbot, window)
    taken = accounts.model.rows[0]
    fake.add_user(username=taken.username, firstname="Autre", lastname="Personne", idnumber="")
    dialog, preview = open_send(qtbot, window, accounts.send_button)
    assert [c.username for c in preview.conflicts] == [taken.username]
    assert taken.username in dialog.preview_conflicts.item(0).text()
    report, _ = send(qtbot, dialog)
    texts = dialog.report_view.conflict_texts()
    assert len(texts) == 1
    assert f"{taken.first_name} {taken.last_name} ({taken.username})" in texts[0]
    assert "Autre Personne" in texts[0]
    assert report.users_created == 59
    assert fake.user_by("username", taken.username)["firstname"] == "Autre"  # never overwritten


def test_the_unsent_note_appears_after_a_reset_and_goes_after_a_send(qtbot, connected, fake, window,
                                                                      dialogs):
    accounts = comptes(qtbot, window)
    dialog, _ = open_send(qtbot, window, accounts.send_button)
    send(qtbot, dialog)
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(lambda: not window.unsent_note.isVisible(), timeout=WAIT_MS)
    accounts.view.selectRow(0)
    with qtbot.waitSignal(window.unsent_note.refreshed, timeout=WAIT_MS) as refreshed:
        qtbot.mouseClick(accounts.reset_button, LEFT)  # the dialogs fixture confirms
    assert refreshed.args == [True] and window.unsent_note.isVisible()
    # The note itself opens the send: one password to send.
    with qtbot.waitSignal(window.send_flow.dialog_opened, timeout=WAIT_MS) as opened:
        qtbot.mouseClick(window.unsent_note, LEFT)
    dialog = opened.args[0]
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT_MS):
        pass
    assert dialog.preview_counts.value("passwords_sent") == 1
    with qtbot.waitSignal(window.unsent_note.refreshed, timeout=WAIT_MS) as refreshed:
        report, _ = send(qtbot, dialog)
    assert report.passwords_sent == 1 and refreshed.args == [False]
    assert not window.unsent_note.isVisible()


def test_an_offline_platform_is_said_in_french_and_nothing_is_sent(qtbot, connected, fake, window,
                                                                    no_backoff):
    accounts = comptes(qtbot, window)
    fake.stop()
    dialog, preview = open_send(qtbot, window, accounts.send_button)
    assert preview.error.code == "offline"
    assert "hors ligne" in dialog.preview_error.text() and dialog.preview_error.isVisible()
    assert not dialog.send_button.isVisible() and dialog.retry_button.isVisible()


def test_a_new_batch_made_for_purged_passwords_is_offered_to_print(qtbot, connected, fake, window, dialogs,
                                                                     tmp_path):
    from tests.gui.conftest import pdf_pages

    with Directory.open(connected) as directory:
        for info in directory.list_batches():
            directory.purge_batch(info.id)  # sheets handed out, passwords gone
    accounts = comptes(qtbot, window)
    dialog, preview = open_send(qtbot, window, accounts.send_button)
    assert preview.passwords_regenerated == 60  # said before anything is sent
    assert dialog.preview_new_batch.isVisible() and "60 comptes à créer" in dialog.preview_new_batch.text()
    report, _ = send(qtbot, dialog)
    banner = dialog.report_view.batch_banner
    assert report.batch_id is not None and banner.isVisible()
    assert f"lot n° {report.batch_id}" in banner.banner_text.text()
    assert "60 comptes créés" in banner.banner_detail.text()
    dialogs.save_path = tmp_path / "nouveaux.pdf"
    with qtbot.waitSignal(dialog.credentials.saved, timeout=WAIT_MS):
        qtbot.mouseClick(banner.save_button, LEFT)
    assert pdf_pages(dialogs.save_path) >= 1


def test_a_password_policy_refusal_is_explained_with_the_setting_to_change(qtbot, data_dir, fake, pupils,
                                                                           request):
    from elea_desktop.importer.engine import run_import
    from elea_desktop.policies.passwords import PasswordPolicy

    with Directory.open(data_dir) as directory:
        directory.update_settings(password_policy=PasswordPolicy(length=10, uppercase=False, symbol=False))
        run_import(directory, export_of(pupils), None)
        connection.connect(directory, fake.url, fake.token)
    window = request.getfixturevalue("window")
    accounts = comptes(qtbot, window)
    dialog, _ = open_send(qtbot, window, accounts.send_button)
    report, _ = send(qtbot, dialog)
    assert report.error.code == "password_policy" and ours(fake) == []
    text = dialog.report_view.error_label.text()
    assert "politique de mots de passe" in text and "« Au moins une majuscule »" in text
    assert dialog.report_view.error_label.isVisible() and dialog.settings_button.isVisible()
    qtbot.mouseClick(dialog.settings_button, LEFT)
    settings = window.settings_dialog
    assert settings.isVisible() and settings.tabs.currentIndex() == 0  # Général: the password options
