"""Step 1 says what matters before any click, the refusal wins over everything else on the page, and the
numbers and titles of the flow follow what really happened."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, make_export
from tests.gui.layout_check import problems
from tests.siecle_factory import generate_pupils
from ui.dialogs.password_choice import PasswordChoiceDialog
from ui.text import nbsp


def _read(qtbot, window, path):
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS) as read:
        window.importer.open_file(path)
    return read.args[0]


def _import(qtbot, window, path):
    _read(qtbot, window, path)
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
        if window.importer.choice_dialog is not None:
            qtbot.mouseClick(window.importer.choice_dialog.keep_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def test_a_partial_export_is_flagged_at_the_top_of_the_summary(qtbot, window, dialogs, tmp_path):
    _import(qtbot, window, make_export(tmp_path / "a", 40))
    window.importer.credentials.done = True
    analysis = _read(qtbot, window, make_export(tmp_path / "b", pupils=generate_pupils(10)))
    page = window.importer.drop_page
    finding = next(f for f in analysis.first_plan.findings if f.code == "partial_export")
    assert page.caution.isVisible() and nbsp(finding.message) in page.caution.text()
    layout = page.summary_card.layout()
    assert layout.indexOf(page.caution) == 1  # right under the file name, above the figures
    assert page.import_button.isVisible()
    assert len(dialogs.questions) == 1  # only the first import's: this one was said before any click


def test_another_schools_export_is_refused_everywhere_on_the_page(qtbot, window, dialogs, tmp_path):
    _import(qtbot, window, make_export(tmp_path / "a", 12))
    window.importer.credentials.done = True
    importer = window.importer
    page = importer.drop_page
    importer.open_file(make_export(tmp_path / "b", 12, uai="0330001A"))
    qtbot.waitUntil(lambda: page.error_box.isVisible(), timeout=WAIT_MS)
    assert "0330001A" in page.error_text.text() and not page.import_button.isVisible()
    assert not page.plan_label.isVisible() and not page.caution.isVisible()
    assert "reste possible" not in page.warnings_label.text()
    assert "0330001A" not in window.windowTitle() and "0750680G" in window.windowTitle()
    assert "autre établissement" in page.values["establishment"].text()


def test_warnings_open_in_their_own_list(qtbot, window, dialogs, tmp_path):
    analysis = _read(qtbot, window, make_export(tmp_path / "a", 12, school_year=None, export_date=None))
    page = window.importer.drop_page
    assert analysis.export.warnings
    assert page.warnings_label.isVisible() and not page.warnings.isVisible()
    assert str(len(analysis.export.warnings)) in page.warnings_label.text()
    qtbot.mouseClick(page.warnings_label, Qt.MouseButton.LeftButton)
    assert page.warnings.isVisible() and page.warnings.count() == len(analysis.export.warnings)
    qtbot.keyClick(page.warnings_label, Qt.Key.Key_Space)
    assert not page.warnings.isVisible()


def test_the_password_choice_names_each_part(qtbot, qapp):
    keep = {"users_created": 70, "users_reactivated": 1, "passwords_generated": 71}
    new = {"users_created": 70, "users_reactivated": 1, "passwords_generated": 291}
    dialog = PasswordChoiceDialog(new, keep)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(30)
    assert not problems(dialog)  # no figure cut in its card
    assert dialog.keep_numbers.label.text() == "70 comptes créés, 1 élève de retour\n71 mots de passe générés"
    assert dialog.new_numbers.label.text().endswith("291 mots de passe générés, dont 220 pour des comptes "
                                                    "existants")


def test_the_viewed_step_is_the_highlighted_one(qtbot, window, dialogs, tmp_path):
    _import(qtbot, window, make_export(tmp_path / "a", 8))
    nav = window.importer.nav
    assert window.importer.stack.currentIndex() == 2  # the import ends on page 3
    highlighted = [b.property("viewing") == "true" for b in nav.buttons]
    assert highlighted == [False, False, True, False]


def test_titles_and_counts_follow_the_state(qtbot, window, dialogs, tmp_path, data_dir):
    from elea_desktop.directory.store import Directory

    report = _import(qtbot, window, make_export(tmp_path / "a", 7))
    with Directory.open(data_dir) as directory:  # a second batch: one pupil's password reset
        account = directory.list_accounts()[0]
        directory.reset_password(account.username)
    window.importer.credentials.done = True
    window.importer.new_import()
    with qtbot.waitSignal(window.importer.state_loaded, timeout=WAIT_MS):
        pass
    held = window.importer.drop_page.held_text.text()
    assert "8 identifiants, en 2 lots" in held and report.batch_id
    qtbot.mouseClick(window.importer.drop_page.held_button, Qt.MouseButton.LeftButton)
    report_page = window.importer.report_page
    assert "pas encore distribués" in report_page.lead.text()
    with qtbot.waitSignal(window.importer.credentials.purged, timeout=WAIT_MS):
        qtbot.mouseClick(report_page.purge_button, Qt.MouseButton.LeftButton)
    assert "pas encore" not in report_page.lead.text()
    assert report_page.title_label.text() == "Identifiants distribués"
    assert datetime.date.today()  # the held banner is gone once the batch is purged
    assert not window.importer.drop_page.held_box.isVisible() or "8 identifiants" not in (
        window.importer.drop_page.held_text.text())
