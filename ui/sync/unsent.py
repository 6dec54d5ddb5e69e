"""The shell's note « Modifications non envoyées vers Éléa »: shown only when a platform is connected and
the directory holds changes it does not have yet; a click opens the send.

Computed on the job runner (the plan of every account, offline, from what the platform held at the last
sync), again whenever a section changed the directory, after a sync and after Réglages closed.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton

from ui.sync import tasks
from ui.workers import Job

TEXT = "● Modifications non envoyées vers Éléa"
TIP = ("L'annuaire de cet ordinateur a changé depuis le dernier envoi (importation, nouveau mot de passe…) : "
       "cliquez pour les envoyer vers la plateforme.")


class UnsentNote(QPushButton):
    refreshed = Signal(object)  # True, False, or None (no platform connected)

    def __init__(self, shell):
        super().__init__(TEXT)
        self.shell = shell
        self.setObjectName("unsentNote")
        self.setAccessibleName("Modifications non envoyées vers Éléa")
        self.setToolTip(TIP)
        self.setAccessibleDescription(TIP)
        self.hide()
        self.clicked.connect(lambda: shell.send_flow.start())
        self._running = False
        self._again = False
        shell.directory_changed.connect(self.refresh)

    def refresh(self) -> None:
        if self._running:
            self._again = True  # one more after the one under way: the directory changed meanwhile
            return
        self._running = True
        self.shell.jobs.start(Job("platform-unsent", partial(tasks.unsent_changes, self.shell.data_dir)),
                              on_success=self._show, on_failure=self._failed)

    def _show(self, unsent: bool | None) -> None:
        self._running = False
        self.setVisible(bool(unsent))
        self.refreshed.emit(unsent)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, _exc: BaseException) -> None:
        # The directory could not be read: the section on screen says why; the note has nothing to add.
        self._show(None)
