"""Réglages › « Plateforme Éléa »: the platform's address, the web-service token, its test, forgetting it.

« Tester la connexion » runs ``moodle connect``'s core function on a worker: the token is checked (site,
release, service account, every function the sync needs) and only then kept in the operating system's
credential store, never in the database, a log or the settings. The field is cleared once the token is
kept, and a kept token is never read back into it. The number of fields per call is saved with the
dialog's other settings.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from elea_desktop.credentials.keyring_backend import backend_label
from elea_desktop.errors import EleaError
from elea_desktop.platform.api import DEFAULT_FIELD_BUDGET, MAX_FIELD_BUDGET, MIN_FIELD_BUDGET
from elea_desktop.platform.connection import FILE, TOKEN_FILE
from ui.dialogs import confirm, errors
from ui.sync import tasks
from ui.workers import Job, JobRunner

TAB_LABEL = "Plate&forme Éléa"
HELP = ("L'administrateur de la plateforme crée pour l'établissement un jeton de service web (Administration "
        "du site > Serveur > Services web > Gérer les jetons ; voir le README, section « Plateforme "
        "Éléa »). Éléa Desktop le garde dans le gestionnaire d'identifiants de cet ordinateur, jamais dans "
        "la base des comptes.")
BUDGET_NOTE = ("Nombre de valeurs envoyées par appel : le réglage « max_input_vars » de PHP sur la "
               "plateforme (1000 par défaut). Ne le changez que si l'administrateur vous le demande.")
NOT_CONNECTED = "Aucune plateforme connectée : les comptes restent sur cet ordinateur."
TESTING = "Vérification auprès de la plateforme… (quelques secondes, davantage si le réseau est lent)"


def _named(widget, name: str, description: str = ""):
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


def _label(object_name: str = "muted") -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    return label


def _token_place(connection) -> str:
    if connection.token_location == FILE:
        return f"dans le fichier « {TOKEN_FILE} » du dossier de données (aucun gestionnaire d'identifiants)"
    from elea_desktop.credentials.keyring_choice import current_backend  # the store the token went to

    return f"dans le {backend_label(current_backend())}"


def connected_text(connection) -> str:
    release = (connection.release or "").split(" (")[0]  # « 4.5.6 (Build: 20250811) »: the version only
    site = f"« {connection.site_name} » (Moodle {release})" if connection.site_name else connection.url
    return f"✓ Connecté à {site}, compte de service « {connection.site_user} »."


def kept_text(connection) -> str:
    return f"Adresse : {connection.url} · jeton conservé {_token_place(connection)}."


class PlatformPage(QWidget):
    """The tab's page. ``checked(ok)`` fires once a test's answer is shown, ``forgotten`` once the token
    is gone; ``connection_changed`` after either changed what is kept."""

    checked = Signal(bool)
    forgotten = Signal()
    connection_changed = Signal()

    def __init__(self, data_dir: Path | str, jobs: JobRunner | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        # The window's runner when there is one (jobs on the directory one at a time); a dialog opened on
        # its own (tests, screenshots) brings its own.
        self.jobs = jobs if jobs is not None else JobRunner(self)
        self.connection = None
        self._saved_budget = DEFAULT_FIELD_BUDGET
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.notice = _label("bannerText")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.state_label = _label("summaryValue")
        layout.addWidget(self.state_label)
        self.kept_label = _label()
        layout.addWidget(self.kept_label)
        layout.addWidget(self._connection_group())
        self.result_label = _label()
        self.result_label.hide()
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        self._load()

    def _connection_group(self) -> QGroupBox:
        group = QGroupBox("Connexion")
        column = QVBoxLayout(group)
        form = QFormLayout()
        self.url_edit = _named(QLineEdit(), "Adresse de la plateforme Éléa",
                               "L'adresse de la page d'accueil d'Éléa, par exemple "
                               "https://0750680g.elea.ac-paris.fr/")
        self.url_edit.setPlaceholderText("https://…")
        url_label = QLabel("Ad&resse :")
        url_label.setBuddy(self.url_edit)
        form.addRow(url_label, self.url_edit)
        self.token_edit = _named(QLineEdit(), "Jeton d'accès au service web",
                                 "Le jeton remis par l'administrateur de la plateforme")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)  # read over a shoulder in a busy office
        self.show_token = _named(QCheckBox("Affic&her"), "Afficher le jeton saisi")
        self.show_token.toggled.connect(lambda shown: self.token_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password))
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_edit, 1)
        token_row.addWidget(self.show_token)
        token_label = QLabel("&Jeton :")
        token_label.setBuddy(self.token_edit)
        form.addRow(token_label, token_row)
        self.budget_spin = _named(QSpinBox(), "Champs par appel", BUDGET_NOTE)
        self.budget_spin.setRange(MIN_FIELD_BUDGET, MAX_FIELD_BUDGET)
        self.budget_spin.setSingleStep(100)
        self.budget_spin.setMaximumWidth(140)
        form.addRow("Champs par appel :", self.budget_spin)
        column.addLayout(form)
        buttons = QHBoxLayout()
        self.test_button = _named(QPushButton("Tester la &connexion"), "Tester la connexion",
                                  "Vérifie l'adresse et le jeton auprès de la plateforme, puis garde "
                                  "le jeton")
        self.test_button.clicked.connect(self.test)
        self.forget_button = _named(QPushButton("&Oublier le jeton"), "Oublier le jeton",
                                    "Efface le jeton de cet ordinateur ; les comptes ne changent pas")
        self.forget_button.clicked.connect(self.forget)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        help_label = _label()
        help_label.setText(HELP)
        column.addWidget(help_label)
        return group

    # -- state ---------------------------------------------------------------------------------------
    def _load(self) -> None:
        try:
            state = tasks.connection_state(self.data_dir)  # one small read, as the other tabs do
        except EleaError as error:
            self._show_result(f"L'état de la connexion ne peut pas être lu : {error.message}", ok=False)
            self.setEnabled(False)
            return
        self.url_edit.setText(state.connection.url if state.connection else state.default_url)
        self._show_connection(state.connection)

    def _show_connection(self, connection) -> None:
        self.connection = connection
        self.forget_button.setEnabled(connection is not None)
        self.kept_label.setVisible(connection is not None)
        if connection is None:
            self.state_label.setText(NOT_CONNECTED)
            self.token_edit.setPlaceholderText("collez ici le jeton d'accès")
        else:
            self.state_label.setText(connected_text(connection))
            self.kept_label.setText(kept_text(connection))
            self.token_edit.setPlaceholderText("jeton conservé ; collez-en un autre pour le remplacer")
            self._saved_budget = connection.field_budget
        self.budget_spin.setValue(connection.field_budget if connection else DEFAULT_FIELD_BUDGET)
        self.state_label.setAccessibleName(self.state_label.text())

    def show_notice(self, text: str) -> None:
        """Why the page was opened (« ENVOYER VERS ÉLÉA » with no platform connected)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        if text:
            self.url_edit.setFocus() if not self.url_edit.text() else self.token_edit.setFocus()

    def _show_result(self, text: str, *, ok: bool) -> None:
        self.result_label.setText(text)
        self.result_label.setObjectName("muted" if ok else "errorText")
        self.result_label.setStyleSheet("" if ok else "color: #b3261e;")
        self.result_label.setAccessibleName(text)
        self.result_label.show()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.test_button, self.url_edit, self.token_edit, self.budget_spin):
            widget.setEnabled(not busy)
        self.forget_button.setEnabled(not busy and self.connection is not None)

    # -- test ----------------------------------------------------------------------------------------
    def test(self) -> None:
        url, token = self.url_edit.text().strip(), self.token_edit.text().strip()
        if not url:
            self._show_result("Saisissez l'adresse de la plateforme, par exemple "
                              "https://0750680g.elea.ac-paris.fr/.", ok=False)
            self.url_edit.setFocus()
            self.checked.emit(False)
            return
        self._set_busy(True)
        self._show_result(TESTING, ok=True)
        work = partial(tasks.test_connection, self.data_dir, url, token, self.budget_spin.value())
        self.jobs.start(Job("platform-test", work), on_success=self._tested, on_failure=self._test_failed)

    def _tested(self, result: tasks.CheckResult) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog was closed while the platform answered: what was kept stays kept
        self._set_busy(False)
        self.token_edit.clear()  # kept in the credential store now: not in a widget's memory
        self.show_token.setChecked(False)
        self._show_connection(result.connection)
        text = ("Connexion vérifiée : le jeton est enregistré." if result.saved
                else "Connexion vérifiée avec le jeton conservé.")
        self._show_result(" ".join([text, *result.warnings]), ok=True)
        self.notice.hide()
        if result.saved:
            self.connection_changed.emit()
        self.checked.emit(True)

    def _test_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        if not isinstance(exc, EleaError):
            errors.show_unexpected(self, exc)
            self.checked.emit(False)
            return
        unchanged = " La connexion enregistrée reste la même." if self.connection is not None else ""
        self._show_result(f"La connexion n'a pas abouti. {exc.message}{unchanged}", ok=False)
        # The token is what to change: refused, expired, or missing a function or a capability.
        if exc.code in ("token_invalid", "token_missing", "token_expired", "missing_function",
                        "missing_functions", "access_denied", "token", "token_lost"):
            self.token_edit.setFocus()
        elif exc.code == "wrong_url":
            self.url_edit.setFocus()
        self.checked.emit(False)

    # -- forget --------------------------------------------------------------------------------------
    def forget(self) -> None:
        if self.connection is None:
            return
        if not confirm.ask(self, "Oublier le jeton", "Oublier le jeton d'accès à la plateforme Éléa ?",
                           informative="Les comptes ne pourront plus être envoyés depuis cet ordinateur tant "
                                       "qu'un jeton n'aura pas été saisi de nouveau. Rien ne change sur la "
                                       "plateforme ni dans la base des comptes.",
                           yes="Oublier le jeton", destructive=True):
            return
        self._set_busy(True)
        self.jobs.start(Job("platform-forget", partial(tasks.forget, self.data_dir)),
                        on_success=self._forgot, on_failure=self._test_failed)

    def _forgot(self, _had_one: bool) -> None:
        if not shiboken6.isValid(self):
            return
        self._show_connection(None)
        self._set_busy(False)
        self._show_result("Le jeton a été effacé de cet ordinateur.", ok=True)
        self.connection_changed.emit()
        self.forgotten.emit()

    # -- saved with the dialog -----------------------------------------------------------------------
    def save(self, directory) -> None:
        """Inside the dialog's save transaction: the number of fields per call, when it changed."""
        from elea_desktop.platform import connection as platform_connection

        budget = self.budget_spin.value()
        if self.connection is not None and budget != self._saved_budget:
            platform_connection.set_budget(directory, budget)
            self._saved_budget = budget
