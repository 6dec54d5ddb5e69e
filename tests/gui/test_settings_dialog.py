"""The « Réglages » dialog: loads the directory's settings, shows the entropy live, saves or refuses.

Never exec()'d: the test sets the widgets and clicks the buttons.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QDialog, QLineEdit, QPushButton

from elea_desktop.directory.store import Directory
from elea_desktop.policies.passwords import PasswordPolicy
from tests.gui.conftest import WAIT_MS, directory_dump


@pytest.fixture
def make_dialog(qtbot, data_dir):
    from ui.dialogs.settings import SettingsDialog

    def make():
        dialog = SettingsDialog(data_dir)
        qtbot.addWidget(dialog)
        return dialog

    return make


def test_the_saved_settings_are_loaded(make_dialog, data_dir):
    with Directory.open(data_dir) as directory:
        directory.update_settings(name="Collège Éole", platform_url="https://elea.ac-test.fr",
                                  username_pattern="nom.prenom",
                                  password_policy=PasswordPolicy(length=12, uppercase=True),
                                  email_domain="exemple.invalid", sheet_per_page=8, sheet_roster=True,
                                  sheet_single="letter", moodle_lang="en")
        directory.connection.execute("UPDATE establishment SET uai = '0750680G'")  # as the first import does
    dialog = make_dialog()
    assert dialog.uai_label.text() == "0750680G"
    assert dialog.name_edit.text() == "Collège Éole" and dialog.url_edit.text() == "https://elea.ac-test.fr"
    assert dialog.pattern_combo.currentData() == "nom.prenom"
    assert dialog.length_spin.value() == 12 and dialog.uppercase_check.isChecked()
    assert not dialog.symbol_check.isChecked()
    assert dialog.per_page_combo.currentData() == 8 and dialog.single_combo.currentData() == "letter"
    assert dialog.roster_check.isChecked() and not dialog.qr_check.isChecked()
    assert dialog.email_edit.text() == "exemple.invalid"
    assert "0750680g.invalid" in dialog.email_edit.placeholderText()  # the default, shown
    assert dialog.lang_check.isChecked() and dialog.lang_edit.text() == "en"


def test_defaults_before_the_first_import(make_dialog):
    dialog = make_dialog()
    assert dialog.uai_label.text() == "fixé par la première importation"
    assert dialog.pattern_combo.currentData() == "prenom.nom" and dialog.length_spin.value() == 11
    assert dialog.per_page_combo.currentData() == 10
    assert dialog.single_combo.currentText() == "La fiche seule en haut de la page"
    assert not dialog.lang_check.isChecked() and not dialog.lang_edit.isEnabled()
    assert "<uai>.invalid" in dialog.email_edit.placeholderText()
    assert "ne changent jamais" in dialog.pattern_combo.accessibleDescription()


def test_the_entropy_label_follows_the_password_options(make_dialog):
    dialog = make_dialog()
    # The default passes Moodle's default policy (upper case and symbol) and the CNIL's 50 bits.
    assert dialog.uppercase_check.isChecked() and dialog.symbol_check.isChecked()
    assert dialog.entropy_label.text() == "Entropie : 62,9 bits"
    dialog.uppercase_check.setChecked(False)
    dialog.symbol_check.setChecked(False)
    assert dialog.entropy_label.text() == "Entropie : 54,2 bits"
    assert not dialog.cnil_label.isHidden() and "Au-delà des 50 bits" in dialog.cnil_label.text()
    dialog.length_spin.setValue(10)
    assert dialog.entropy_label.text() == "Entropie : 49,2 bits"
    assert "La CNIL recommande au moins 50 bits" in dialog.cnil_label.text()
    assert "11 caractères suffisent" in dialog.cnil_label.text()
    dialog.length_spin.setValue(8)
    dialog.uppercase_check.setChecked(True)
    assert dialog.entropy_label.text() == "Entropie : 44,6 bits"
    assert "9 caractères suffisent" in dialog.cnil_label.text() and not dialog.cnil_label.isHidden()


def test_save_writes_every_setting_and_emits_saved(make_dialog, qtbot, data_dir):
    dialog = make_dialog()
    dialog.name_edit.setText("  Collège Éole ")
    dialog.url_edit.setText("https://elea.ac-test.fr/")
    dialog.pattern_combo.setCurrentIndex(dialog.pattern_combo.findData("p.nom"))
    dialog.length_spin.setValue(11)
    dialog.symbol_check.setChecked(True)
    dialog.per_page_combo.setCurrentIndex(dialog.per_page_combo.findData(12))
    dialog.qr_check.setChecked(True)
    dialog.roster_check.setChecked(True)
    dialog.single_combo.setCurrentIndex(dialog.single_combo.findData("letter"))
    dialog.email_edit.setText("@Exemple.invalid")
    dialog.lang_check.setChecked(True)
    dialog.lang_edit.setText("fr")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as blocker:
        dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.error_label.isHidden()
    with Directory.open(data_dir) as directory:
        settings = directory.settings()
    assert blocker.args[0] == settings
    assert settings.name == "Collège Éole" and settings.platform_url == "https://elea.ac-test.fr/"
    assert settings.username_pattern == "p.nom"
    assert settings.password_policy == PasswordPolicy(length=11, uppercase=True, symbol=True)
    assert (settings.sheet_per_page, settings.sheet_qr, settings.sheet_roster) == (12, True, True)
    assert settings.sheet_single == "letter"
    assert settings.email_domain == "exemple.invalid" and settings.moodle_lang == "fr"
    assert settings.uai is None  # saving settings never binds an establishment


@pytest.mark.parametrize(("field", "value", "message"), [
    ("url_edit", "elea.ac-test.fr", "https://"),
    ("email_edit", "collège.fr", "nom de domaine"),
    ("lang_edit", "français", "code de langue"),
])
def test_a_bad_value_is_explained_and_nothing_is_saved(make_dialog, data_dir, field, value, message):
    with Directory.open(data_dir) as directory:
        directory.update_settings(name="Collège Éole")
    before = directory_dump(data_dir)
    dialog = make_dialog()
    dialog.per_page_combo.setCurrentIndex(dialog.per_page_combo.findData(8))  # a good change, not saved
    dialog.lang_check.setChecked(True)
    getattr(dialog, field).setText(value)
    dialog.save_button.click()
    assert not dialog.error_label.isHidden() and message in dialog.error_label.text()
    assert dialog.tabs.currentWidget().isAncestorOf(getattr(dialog, field))  # the page of the value
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert directory_dump(data_dir) == before


def test_cancel_saves_nothing(make_dialog, data_dir):
    Directory.open(data_dir).close()
    before = directory_dump(data_dir)
    dialog = make_dialog()
    dialog.name_edit.setText("Autre nom")
    dialog.cancel_button.click()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert directory_dump(data_dir) == before


def test_accessible_keyboard_navigable_and_fits_a_small_screen(make_dialog):
    dialog = make_dialog()
    controls = [w for kind in (QLineEdit, QComboBox, QAbstractSpinBox, QCheckBox, QPushButton)
                for w in dialog.findChildren(kind) if not isinstance(w.parent(), QAbstractSpinBox)]
    assert len(controls) >= 14
    assert [w for w in controls if not w.accessibleName()] == []
    # Tab reaches every control, in the order of the groups.
    chain, widget = [], dialog.name_edit
    while widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    assert all(w in chain for w in controls)
    assert chain.index(dialog.name_edit) < chain.index(dialog.length_spin) < chain.index(dialog.lang_check)
    hint = dialog.sizeHint()
    # 1024 × 600 minus a taskbar (40) and a title bar (30): the smallest screen the window supports.
    assert hint.width() <= 1000 and hint.height() <= 530


def test_staff_functions_as_check_boxes_in_words(make_dialog, qtbot, data_dir):
    from PySide6.QtCore import QPoint, Qt

    dialog = make_dialog()
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.staff_box
    assert box.checks["ENS"].text() == "Enseignant (ENS)" and box.checks["EDU"].text() == "CPE (EDU)"
    qtbot.mouseClick(dialog.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=dialog.tabs.tabBar().tabRect(dialog.tabs.indexOf(box)).center())
    assert dialog.tabs.currentWidget() is box
    qtbot.waitUntil(lambda: box.checks["ADF"].isVisible() and box.checks["ADF"].width() > 0)
    assert box.codes() == ("ENS", "EDU", "DOC", "DIR")
    for code in ("DOC", "ADF"):  # on the box itself: a check box takes clicks on its box and words only
        check = box.checks[code]
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with Directory.open(data_dir) as directory:
        assert directory.settings().staff_functions == ("ENS", "EDU", "DIR", "ADF")
    # None at all is refused with an explanation, and nothing is saved.
    again = make_dialog()
    before = directory_dump(data_dir)
    for check in again.staff_box.checks.values():
        check.setChecked(False)
    assert not again.save()
    assert "au moins une fonction" in again.error_label.text()
    assert directory_dump(data_dir) == before
