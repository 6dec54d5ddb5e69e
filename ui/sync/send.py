"""The entry of « ENVOYER VERS ÉLÉA » (step 4, Comptes, the unsent-changes note): one flow per window.

Without a platform connected, the flow says so where it can be fixed: Réglages opens on « Plateforme
Éléa » with a note. Otherwise the send dialog opens and reads the platform at once.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Qt, Signal

from elea_desktop.errors import EleaError
from ui.dialogs import errors
from ui.sync import tasks
from ui.sync.dialog import TITLE, SendDialog
from ui.workers import Job

NOT_CONNECTED = ("Pour envoyer les comptes vers Éléa, connectez d'abord la plateforme : saisissez son "
                 "adresse et le jeton d'accès que son administrateur vous a remis, puis cliquez sur « Tester "
                 "la connexion ».")


class SendFlow(QObject):
    dialog_opened = Signal(object)  # the SendDialog
    settings_opened = Signal()  # no platform connected: Réglages › Plateforme Éléa was opened instead

    def __init__(self, shell):
        super().__init__(shell)
        self.shell = shell
        self.dialog: SendDialog | None = None

    def start(self) -> None:
        if self.shell.busy:
            return  # an import is writing the directory: the buttons are disabled meanwhile
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        # A small read, on the runner like every directory access (it waits for a job under way).
        self.shell.jobs.start(Job("platform-connected", partial(tasks.is_connected, self.shell.data_dir)),
                              on_success=self._connected, on_failure=self._failed)

    def _connected(self, connected: bool) -> None:
        if not connected:
            self.shell.open_settings(tab="platform", notice=NOT_CONNECTED)
            self.settings_opened.emit()
            return
        self.dialog = SendDialog(self.shell, self.shell)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.settings_requested.connect(lambda tab: self.shell.open_settings(tab=tab))
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.open()
        self.dialog_opened.emit(self.dialog)

    def _forget_dialog(self, *_args) -> None:
        self.dialog = None

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, EleaError):
            errors.show_error(self.shell, TITLE, exc.message)
        else:
            self.shell.report_unexpected(exc)
