"""A cité scolaire in the window: two exports dropped together, one import, one account per pupil."""

from __future__ import annotations

from PySide6.QtCore import Qt

from elea_desktop.directory.store import Directory
from tests.gui.conftest import WAIT_MS, drop_file, pdf_pages
from tests.importer.helpers import year_kwargs
from tests.importer.test_cite_scolaire import (
    COLLEGE,
    COLLEGE_2025,
    COLLEGE_2026,
    COLLEGE_NAME,
    LYCEE,
    LYCEE_2025,
    LYCEE_2026,
    LYCEE_NAME,
)
from tests.siecle_factory import write_export


def _declare(data_dir):
    with Directory.open(data_dir) as directory:
        directory.update_cite(add=[COLLEGE, LYCEE], names={COLLEGE: COLLEGE_NAME, LYCEE: LYCEE_NAME})


def _exports(folder, year, college, lycee, **kwargs):
    folder.mkdir(parents=True)
    return [write_export(folder / "ExportXML_ElevesSansAdresses.zip", college, uai=COLLEGE,
                         **year_kwargs(year, **kwargs)),
            write_export(folder / "ExportXML_ElevesSansAdresses (1).zip", lycee, uai=LYCEE,
                         **year_kwargs(year, **kwargs))]


def _drop(qtbot, window, paths):
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS) as ready:
        drop_file(window.importer.drop_page.drop_zone, paths)
    return ready.args[0]


def test_dropping_two_exports_imports_both_in_one_go(qtbot, window, dialogs, data_dir, tmp_path):
    _declare(data_dir)
    first = _exports(tmp_path / "2025", 2025, COLLEGE_2025, LYCEE_2025)
    analysis = _drop(qtbot, window, first)
    page = window.importer.drop_page
    assert page.file_label.text() == ("Fichiers : ExportXML_ElevesSansAdresses.zip, "
                                      "ExportXML_ElevesSansAdresses (1).zip")
    assert page.values["establishment"].text() == f"{COLLEGE_NAME} ({COLLEGE})\n{LYCEE_NAME} ({LYCEE})"
    assert page.values["pupils"].text() == "29"
    assert page.import_button.isVisible()
    assert len(analysis.exports) == 2

    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert report.counts["users_created"] == 29 and set(report.per_uai) == {COLLEGE, LYCEE}
    assert window.importer.users_page.counter_values["created"].text() == "29"

    # The sheets name each pupil's own establishment.
    dialogs.save_path = tmp_path / "identifiants.pdf"
    with qtbot.waitSignal(window.importer.credentials.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.report_page.save_button, Qt.MouseButton.LeftButton)
    from pypdf import PdfReader

    texts = [p.extract_text() for p in PdfReader(dialogs.save_path).pages]
    assert pdf_pages(dialogs.save_path) == len(texts)
    assert any(LYCEE_NAME in t for t in texts) and any(COLLEGE_NAME in t for t in texts)

    # A year later, both again: the pupils who moved up are transferred, shown in their own tab.
    window.importer.new_import()
    second = _exports(tmp_path / "2026", 2026, COLLEGE_2026, LYCEE_2026)
    analysis = _drop(qtbot, window, second)
    assert analysis.plans["keep"].counts["users_transferred"] == 2
    assert "transférés d'un établissement à l'autre" in page.plan_label.text()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = window.importer.choice_dialog
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert report.counts["users_transferred"] == 2 and report.counts["users_reactivated"] == 0
    assert window.importer.users_page.counter_values["transferred"].text() == "2"
    window.importer.show_step(3)
    assert window.importer.report_page.table("transferred").model.rowCount() == 2


def test_one_export_much_newer_than_the_other_suggests_importing_both(qtbot, window, data_dir, tmp_path):
    _declare(data_dir)
    first = _exports(tmp_path / "2025", 2025, COLLEGE_2025, LYCEE_2025)
    _drop(qtbot, window, first)
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS):
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    window.importer.new_import()
    college_only = _exports(tmp_path / "2026", 2026, COLLEGE_2026, LYCEE_2026)[0]
    _drop(qtbot, window, college_only)
    page = window.importer.drop_page
    # In sight above the import button, not folded away with the file's points of attention.
    assert page.caution.isVisible()
    assert "importez les deux fichiers ensemble" in page.caution.text() and LYCEE_NAME in page.caution.text()
    assert page.import_button.isVisible()


def test_the_accounts_workspace_shows_each_account_uai_only_in_a_cite(qtbot, window, data_dir, tmp_path):
    from elea_desktop.importer.engine import run_import
    from tests.importer.helpers import export_of
    from ui.sections.accounts.model import UAI

    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(COLLEGE_2025, uai=COLLEGE, **year_kwargs(2025)), None)
    with qtbot.waitSignal(window.accounts.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.accounts.view.isColumnHidden(UAI)  # one establishment: nothing to tell apart

    _declare(data_dir)
    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(LYCEE_2025, uai=LYCEE, **year_kwargs(2025)), "keep")
    with qtbot.waitSignal(window.accounts.loaded, timeout=WAIT_MS):
        window.accounts.changed_directory()
    section = window.accounts
    assert not section.view.isColumnHidden(UAI)
    assert section.model.headerData(UAI, Qt.Orientation.Horizontal) == "UAI"
    uais = {section.proxy.index(r, UAI).data() for r in range(section.proxy.rowCount())}
    assert uais == {COLLEGE, LYCEE}
    section.view.sortByColumn(UAI, Qt.SortOrder.DescendingOrder)
    assert section.proxy.index(0, UAI).data() == LYCEE


def test_reglages_declare_rename_and_remove_an_establishment(qtbot, data_dir):
    from elea_desktop.importer.engine import run_import
    from tests.importer.helpers import export_of
    from ui.dialogs.settings import SettingsDialog

    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(COLLEGE_2025, uai=COLLEGE, **year_kwargs(2025)), None)
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    group = dialog.cite_group
    assert group.title() == "Cité scolaire : UAI rattachés" and group.table.rowCount() == 0
    assert dialog.cite_label.text() == "aucun UAI rattaché"
    dialog.show()
    qtbot.mouseClick(dialog.cite_button, Qt.MouseButton.LeftButton)
    assert dialog.cite_dialog.isVisible()

    # A mistyped UAI is refused at once, in French; nothing is added.
    group.uai_edit.setText("0752387A")
    qtbot.mouseClick(group.add_button, Qt.MouseButton.LeftButton)
    assert "n'est pas un UAI valable" in dialog.cite_dialog.message.text() and group.table.rowCount() == 0

    group.uai_edit.clear()
    group.uai_edit.setText("0752387m")
    group.name_edit.setText(LYCEE_NAME)
    qtbot.mouseClick(group.add_button, Qt.MouseButton.LeftButton)
    assert group.uais() == {LYCEE: LYCEE_NAME}
    qtbot.mouseClick(dialog.cite_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.cite_dialog.isVisible() and dialog.cite_label.text() == LYCEE
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settings = saved.args[0]
    assert [(u.uai, u.name, u.primary) for u in settings.uais] == [(COLLEGE, None, True),
                                                                   (LYCEE, LYCEE_NAME, False)]

    # Reopened: the lycée is listed; rename it in the table, then take it back (no account yet).
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    group = dialog.cite_group
    assert group.uais() == {LYCEE: LYCEE_NAME}
    group.table.item(0, 1).setText("Lycée Jean-Zay")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].name_of(LYCEE) == "Lycée Jean-Zay"
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    # « Annuler » in the small window puts the list back.
    qtbot.mouseClick(dialog.cite_button, Qt.MouseButton.LeftButton)
    dialog.cite_group.table.selectRow(0)
    qtbot.mouseClick(dialog.cite_group.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.cite_dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.cite_group.uais() == {LYCEE: "Lycée Jean-Zay"}
    qtbot.mouseClick(dialog.cite_button, Qt.MouseButton.LeftButton)
    dialog.cite_group.table.selectRow(0)
    qtbot.mouseClick(dialog.cite_group.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.cite_dialog.ok_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].other_uais == ()


def test_reglages_refuse_to_remove_an_establishment_with_accounts_and_save_nothing(qtbot, data_dir):
    from elea_desktop.importer.engine import run_import
    from tests.gui.conftest import directory_dump
    from tests.importer.helpers import export_of
    from ui.dialogs.settings import SettingsDialog

    _declare(data_dir)
    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(LYCEE_2025, uai=LYCEE, **year_kwargs(2025)), None)
    before = directory_dump(data_dir)
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.url_edit.setText("https://elea.example")
    dialog.cite_group.table.selectRow(0)
    qtbot.mouseClick(dialog.cite_group.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "ne peut plus être retiré" in dialog.error_label.text()
    assert directory_dump(data_dir) == before
