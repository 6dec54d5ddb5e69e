"""« Réglages »: the establishment's settings, read from and saved to the account directory.

Self-contained: ``SettingsDialog(data_dir, parent)`` loads ``Directory.settings()`` and saves through
``Directory.update_settings`` (one transaction: a refused value saves nothing). Open it with ``open()``
(window-modal, non-blocking); ``saved`` carries the settings as saved, then the dialog closes. A test sets
the widgets and clicks ``save_button``: no event loop is ever spun.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from elea_desktop.directory.models import Establishment
from elea_desktop.directory.settings_rules import PER_PAGE_CHOICES, SINGLE_CHOICES, cnil_hint, column_values
from elea_desktop.directory.store import Directory
from elea_desktop.errors import EleaError
from elea_desktop.policies.passwords import DEFAULT_POLICY, MAX_LENGTH, MIN_LENGTH, PasswordPolicy
from elea_desktop.policies.usernames import PATTERNS
from ui.dialogs.cite_uais import CiteUaisDialog, CiteUaisGroup
from ui.dialogs.settings_platform import TAB_LABEL, PlatformPage
from ui.dialogs.settings_privacy import PRIVACY_TAB, PrivacyBox
from ui.dialogs.staff_functions import StaffFunctionsBox

PATTERN_NOTE = ("Ce modèle ne s'applique qu'aux comptes créés à partir de maintenant : les identifiants "
                "existants ne changent jamais.")
PER_PAGE_LABELS = {8: "8 par page (2 × 4)", 10: "10 par page (2 × 5)", 12: "12 par page (2 × 6)"}
LANG_NOTE = ("Seulement si ce module de langue est installé sur la plateforme : sinon Moodle signale "
             "chaque ligne et compte chaque élève comme modifié.")


CNIL_MET = ("✓ Au-delà des 50 bits que la CNIL recommande lorsque la plateforme limite les tentatives "
            "de connexion.")


def entropy_text(policy: PasswordPolicy) -> str:
    return "Entropie : " + f"{policy.entropy_bits:.1f}".replace(".", ",") + " bits"


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)  # the « & » shortcut moves the focus to the field
    return label


def _named(widget, name: str, description: str = ""):
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


PAGE_WIDTH = 900


def _columns(left_groups, right_groups) -> QWidget:
    page = QWidget()
    columns = QHBoxLayout(page)
    columns.setContentsMargins(0, 0, 0, 0)
    for groups in (left_groups, right_groups):
        column = QVBoxLayout()
        for group in groups:
            column.addWidget(group)
        column.addStretch(1)
        columns.addLayout(column, 1)
    return page


class SettingsDialog(QDialog):
    saved = Signal(object)  # the Establishment as saved

    def __init__(self, data_dir: Path | str, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.setWindowTitle("Réglages")
        layout = QVBoxLayout(self)
        lead = QLabel("Ces réglages valent pour tout l'établissement : ils s'appliquent aux prochains "
                      "comptes, mots de passe, fiches d'identifiants et fichiers pour Moodle.")
        lead.setObjectName("pageLead")
        lead.setWordWrap(True)
        layout.addWidget(lead)
        # The pupils' settings on two pages of two columns each, then the staff's, the platform's and
        # the privacy page: every page fits a 1024 × 600 screen without scrolling.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)  # no frame around the pages: the height a small screen lacks
        self.tabs.addTab(_columns([self._establishment_group(), self._usernames_group()],
                                  [self._passwords_group()]), "&Général")
        self.tabs.addTab(_columns([self._sheets_group()], [self._moodle_group()]), "F&iches et Moodle")
        self.staff_box = StaffFunctionsBox()
        self.tabs.addTab(self.staff_box, "&Personnels (STS-web)")
        self.platform_page = PlatformPage(self.data_dir, getattr(parent, "jobs", None))
        self.tabs.addTab(self.platform_page, TAB_LABEL)
        self.privacy_box = PrivacyBox()
        self.tabs.addTab(self.privacy_box, PRIVACY_TAB)
        layout.addWidget(self.tabs)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Save | standard.Cancel)
        self.save_button = buttons.button(standard.Save)
        self.save_button.setText("&Enregistrer")
        _named(self.save_button, "Enregistrer les réglages")
        self.cancel_button = buttons.button(standard.Cancel)
        self.cancel_button.setText("Annuler")
        _named(self.cancel_button, "Annuler : ne rien modifier")
        self.save_button.clicked.connect(self.save)

        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.settings = self._load()
        self._fill(self.settings)
        # The notes are filled in above: size the dialog for their wrapped height, not the empty one. A tab
        # page does not pass its wrapped labels' height on to the dialog: give it that height itself.
        # Only the two pages of columns: the others' layouts already give their minimum height, which an
        # explicit minimum would override (their fields were then squashed).
        pages = [self.tabs.widget(0), self.tabs.widget(1)]
        # Wide enough for the « Modèle » form not to wrap its label (a tab page hides a wrapped row).
        width = max(PAGE_WIDTH, *(page.sizeHint().width() for page in pages))
        height = max(page.heightForWidth(width) for page in pages)
        for page in pages:
            page.setMinimumSize(width, height)
        self.adjustSize()
        # A page whose text grows (a connection test's result, a notice) makes the dialog taller, up to
        # the screen's height: the tab widget itself keeps the height of the page shown first.
        for page in (self.tabs.widget(i) for i in range(self.tabs.count())):
            page.installEventFilter(self)
        self.tabs.currentChanged.connect(lambda _i: self._fit_page())
        self.name_edit.setFocus()

    # ------------------------------------------------------------------------------------------- groups

    def _establishment_group(self) -> QGroupBox:
        group = QGroupBox("Établissement")
        form = QFormLayout(group)
        self.uai_label = QLabel()
        form.addRow("UAI :", self.uai_label)
        self.name_edit = _named(QLineEdit(), "Nom de l'établissement",
                                "Imprimé sur les fiches d'identifiants ; vide : l'UAI est imprimé.")
        self.name_edit.setPlaceholderText("par exemple Collège Jean Moulin")
        form.addRow("&Nom :", self.name_edit)
        self.url_edit = _named(QLineEdit(), "Adresse de la plateforme Éléa",
                               "Imprimée sur les fiches ; elle commence par https://")
        self.url_edit.setPlaceholderText("https://…")
        form.addRow("Adresse de la &plateforme Éléa :", self.url_edit)
        # Cité scolaire: the other establishments, managed in a small window of their own.
        # Built without a parent and put in its small window when first opened: until then it is not one
        # of this dialog's controls (the Tab order stays the dialog's own).
        self.cite_group = CiteUaisGroup()
        self.cite_dialog: CiteUaisDialog | None = None
        self.cite_label = _note("")
        self.cite_label.setWordWrap(False)  # one line: a wrapped label's height is under-estimated
        self.cite_button = _named(QPushButton("&UAI rattachés…"), "Cité scolaire : UAI rattachés",
                                  "Un collège et un lycée côte à côte : rattacher l'UAI de l'autre "
                                  "établissement")
        self.cite_button.clicked.connect(self.open_cite)
        row = QHBoxLayout()
        row.addWidget(self.cite_label, 1)
        row.addWidget(self.cite_button)
        form.addRow("Cité scolaire :", row)
        return group

    def open_cite(self) -> None:
        """« UAI rattachés… »: the list in a small window-modal window (never exec()'d)."""
        if self.cite_dialog is None:
            self.cite_dialog = CiteUaisDialog(self.cite_group, self)
            self.cite_dialog.finished.connect(lambda _r: self._update_cite_label())
        self.cite_dialog.open()

    def show_platform(self, notice: str = "") -> None:
        """Opened on « Plateforme Éléa » (``notice``: why, e.g. a send asked with no platform connected)."""
        self.tabs.setCurrentWidget(self.platform_page)
        self.platform_page.show_notice(notice)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        # Polished by the window's style sheet only now: its buttons and labels are taller than when the
        # dialog was first sized, and the wrapped notes of the left column would be clipped.
        if self.height() < self.sizeHint().height():
            self.resize(self.width(), self.sizeHint().height())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LayoutRequest and watched is self.tabs.currentWidget():
            QTimer.singleShot(0, self, self._fit_page)  # once the page's layout has taken the change in
        return super().eventFilter(watched, event)

    def _fit_page(self) -> None:
        page = self.tabs.currentWidget()
        if page is None or not page.hasHeightForWidth():
            return
        extra = page.heightForWidth(page.width()) - page.height()
        if extra <= 0:
            return
        height = self.height() + extra
        screen = self.screen()
        if screen is not None:
            height = min(height, max(self.height(), screen.availableGeometry().height() - 40))
        self.resize(self.width(), height)

    def _update_cite_label(self) -> None:
        attached = list(self.cite_group.uais())
        self.cite_label.setText(", ".join(attached) if attached else "aucun UAI rattaché")
        self.cite_label.setToolTip(self.cite_group.summary())
        self.cite_label.setAccessibleName(f"UAI rattachés : {self.cite_label.text()}")

    def _usernames_group(self) -> QGroupBox:
        group = QGroupBox("Identifiants")
        form = QFormLayout(group)
        self.pattern_combo = _named(QComboBox(), "Modèle des identifiants", PATTERN_NOTE)
        for key, label in PATTERNS.items():
            self.pattern_combo.addItem(label, key)
        form.addRow("&Modèle :", self.pattern_combo)
        form.addRow(_note(PATTERN_NOTE))
        return group

    def _passwords_group(self) -> QGroupBox:
        group = QGroupBox("Mots de passe")
        form = QFormLayout(group)
        self.length_spin = _named(QSpinBox(), "Longueur des mots de passe",
                                  f"De {MIN_LENGTH} à {MAX_LENGTH} caractères")
        self.length_spin.setRange(MIN_LENGTH, MAX_LENGTH)
        self.length_spin.setSuffix(" caractères")
        self.length_spin.setMaximumWidth(180)
        form.addRow("&Longueur :", self.length_spin)
        self.uppercase_check = _named(QCheckBox("Au moins une ma&juscule"),
                                      "Mots de passe avec au moins une majuscule")
        self.symbol_check = _named(QCheckBox("Un s&ymbole (! # % * + = ? @)"),
                                   "Mots de passe avec un symbole")
        form.addRow(self.uppercase_check)
        form.addRow(self.symbol_check)
        self.entropy_label = QLabel()
        self.entropy_label.setObjectName("summaryValue")
        form.addRow(self.entropy_label)
        self.cnil_label = _note("")
        form.addRow(self.cnil_label)
        self.length_spin.valueChanged.connect(self._update_entropy)
        self.uppercase_check.toggled.connect(self._update_entropy)
        self.symbol_check.toggled.connect(self._update_entropy)
        return group

    def _sheets_group(self) -> QGroupBox:
        group = QGroupBox("Fiches d'identifiants")
        form = QFormLayout(group)
        self.per_page_combo = _named(QComboBox(), "Coupons par page A4")
        for count in PER_PAGE_CHOICES:
            self.per_page_combo.addItem(PER_PAGE_LABELS[count], count)
        form.addRow("&Coupons par page :", self.per_page_combo)
        self.single_combo = _named(QComboBox(), "Mise en page d'une fiche seule",
                                   "Un nouveau mot de passe ou une réimpression pour un seul compte")
        for key, label in SINGLE_CHOICES.items():
            self.single_combo.addItem(label[0].upper() + label[1:], key)
        form.addRow("Une fiche seule :", self.single_combo)
        self.qr_check = _named(QCheckBox("&QR code de l'adresse de la plateforme"),
                               "QR code de l'adresse de la plateforme sur chaque coupon",
                               "Jamais du mot de passe ; imprimé seulement si l'adresse est renseignée.")
        self.roster_check = _named(QCheckBox("Lis&te de classe pour l'enseignant"),
                                   "Liste de classe pour l'enseignant après chaque classe",
                                   "Une page avec nom, identifiant et mot de passe de chaque élève.")
        form.addRow(self.qr_check)
        form.addRow(self.roster_check)
        return group

    def _moodle_group(self) -> QGroupBox:
        group = QGroupBox("Moodle")
        # A plain column, not a QFormLayout: wrapped notes spanning a form row get clipped by Qt.
        column = QVBoxLayout(group)
        self.email_edit = _named(QLineEdit(), "Domaine des adresses électroniques fictives")
        column.addWidget(_buddy("&Domaine des adresses :", self.email_edit))
        column.addWidget(self.email_edit)
        self.email_note = _note("")
        self.email_note.setWordWrap(False)
        column.addWidget(self.email_note)
        self.lang_check = _named(QCheckBox("Ajouter la colonne l&ang"),
                                 "Ajouter la colonne lang au fichier pour Moodle", LANG_NOTE)
        self.lang_edit = _named(QLineEdit(), "Code de langue de la colonne lang")
        self.lang_edit.setPlaceholderText("fr")
        self.lang_edit.setMaximumWidth(120)
        self.lang_check.toggled.connect(self.lang_edit.setEnabled)
        column.addWidget(self.lang_check)
        column.addWidget(_buddy("Code de lan&gue :", self.lang_edit))
        column.addWidget(self.lang_edit)
        column.addWidget(_note(LANG_NOTE))
        return group

    # ------------------------------------------------------------------------------------- load / save

    def _load(self) -> Establishment:
        try:
            with Directory.open(self.data_dir) as directory:
                settings = directory.settings()
        except EleaError as error:
            self._show_error(f"Les réglages ne peuvent pas être lus : {error.message}")
            self.save_button.setEnabled(False)
            settings = Establishment(uai=None)
        return settings

    def _fill(self, settings: Establishment) -> None:
        self.uai_label.setText(settings.uai or "fixé par la première importation")
        self.uai_label.setAccessibleName(f"UAI : {self.uai_label.text()}")
        self.name_edit.setText(settings.name or "")
        self.url_edit.setText(settings.platform_url or "")
        self.pattern_combo.setCurrentIndex(max(0, self.pattern_combo.findData(settings.username_pattern)))
        policy = settings.password_policy
        self.length_spin.setValue(policy.length)
        self.uppercase_check.setChecked(policy.uppercase)
        self.symbol_check.setChecked(policy.symbol)
        self.per_page_combo.setCurrentIndex(max(0, self.per_page_combo.findData(settings.sheet_per_page)))
        self.single_combo.setCurrentIndex(max(0, self.single_combo.findData(settings.sheet_single)))
        self.qr_check.setChecked(settings.sheet_qr)
        self.roster_check.setChecked(settings.sheet_roster)
        default = settings.default_email_domain or "<uai>.invalid"
        self.email_edit.setText(settings.email_domain or "")
        self.email_edit.setPlaceholderText(f"{default} (par défaut)")
        # Explicit lines, no word wrap: the address cannot be broken, and Qt under-estimates the height of
        # a wrapped label around such a long word (the last line was clipped).
        self.email_note.setText(f"Vide : adresses fictives identifiant@{default},\nqui ne reçoivent aucun "
                                "courriel (Moodle exige\nune adresse pour chaque compte).")
        self.email_edit.setAccessibleDescription(self.email_note.text())
        self.lang_check.setChecked(settings.moodle_lang is not None)
        self.lang_edit.setText(settings.moodle_lang or "fr")
        self.lang_edit.setEnabled(settings.moodle_lang is not None)
        self.cite_group.fill(settings)
        self._update_cite_label()
        self.staff_box.set_codes(settings.staff_functions)
        self.privacy_box.set_years(settings.forget_after_years)
        self._update_entropy()

    def policy(self) -> PasswordPolicy:
        """The password policy as set in the dialog (the minimum of digits keeps its saved value)."""
        saved = getattr(self, "settings", None)  # None while the widgets are being built
        base = saved.password_policy if saved is not None else DEFAULT_POLICY
        return dataclasses.replace(base, length=self.length_spin.value(),
                                   uppercase=self.uppercase_check.isChecked(),
                                   symbol=self.symbol_check.isChecked())

    def _update_entropy(self) -> None:
        try:
            policy = self.policy()
            text, hint = entropy_text(policy), cnil_hint(policy)
        except ValueError as error:  # a saved minimum of digits that no longer fits the length
            text, hint = "Entropie : —", str(error)
        self.entropy_label.setText(text)
        self.entropy_label.setAccessibleName(text)
        # The figure the CNIL asks for stays in sight, met or not (never cut: the label wraps).
        hint = hint or (CNIL_MET if not text.endswith("—") else "")
        self.cnil_label.setText(hint)
        self.cnil_label.setAccessibleName(hint)
        self.cnil_label.setVisible(bool(hint))

    def changes(self) -> dict:
        """Every setting as shown in the dialog, ready for ``update_settings``."""
        return {
            "name": self.name_edit.text(),
            "platform_url": self.url_edit.text(),
            "username_pattern": self.pattern_combo.currentData(),
            "password_policy": self.policy(),
            "email_domain": self.email_edit.text(),
            "sheet_per_page": self.per_page_combo.currentData(),
            "sheet_qr": self.qr_check.isChecked(),
            "sheet_roster": self.roster_check.isChecked(),
            "sheet_single": self.single_combo.currentData(),
            "moodle_lang": (self.lang_edit.text() or "fr") if self.lang_check.isChecked() else None,
            "staff_functions": self.staff_box.codes(),
            "forget_after_years": self.privacy_box.years(),
        }

    def save(self) -> bool:
        """Save every setting, or show why not (nothing saved); True when saved and the dialog closed."""
        changes = self.changes()
        # Field by field first, so that the focus goes to the value to correct.
        for key, widget in (("name", self.name_edit), ("platform_url", self.url_edit),
                            ("email_domain", self.email_edit), ("moodle_lang", self.lang_edit)):
            try:
                column_values({key: changes[key]})
            except EleaError as error:
                self._show_error(error.message)
                # The value to correct may be on another page: show that page first.
                self.tabs.setCurrentIndex(next(i for i in range(self.tabs.count())
                                               if self.tabs.widget(i).isAncestorOf(widget)))
                widget.setFocus()
                widget.selectAll()
                return False
        cite = self.cite_group.changes()
        if not self.settings.uai and cite["add"] and not (changes["name"] or "").strip():
            # No import yet: the first UAI declared becomes the directory's, with the name typed for it.
            changes["name"] = cite["names"].get(cite["add"][0]) or ""
        try:
            with Directory.open(self.data_dir) as directory, directory.transaction():
                # One transaction: a refused UAI or value saves nothing at all.
                directory.update_cite(**cite)
                directory.update_settings(**changes)
                self.platform_page.save(directory)
                self.settings = directory.settings()
        except EleaError as error:
            self._show_error(f"Réglages non enregistrés : {error.message}")
            return False
        self.error_label.hide()
        self.saved.emit(self.settings)
        self.accept()
        return True

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setAccessibleName(message)
        self.error_label.show()
