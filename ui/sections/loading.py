"""What the Comptes and Lots sections share: they read the directory on a worker when shown, again after
another section changed it, and say so when the directory cannot be read."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from elea_desktop.errors import EleaError
from ui.dialogs import errors
from ui.workers import Job

# What every subclass must define itself (``error_title`` and ``show_failed`` have defaults).
REQUIRED = ("nav_label", "load_work", "show_state")


class DirectorySection(QWidget):
    """Subclasses define ``nav_label``, ``load_work()`` (the Job work function that reads the section's state
    from the directory) and ``show_state(state)`` (shows it, on the GUI thread), optionally
    ``error_title`` and ``show_failed()``; ``loaded`` fires once the state is shown. A class without one
    of the three is refused when it is defined (``__init_subclass__``)."""

    loaded = Signal()
    error_title = "Base des comptes"

    def __init_subclass__(cls, **kwargs):
        # The contract is checked when the class is defined, so a section missing a hook fails at import
        # (and in every test), not on a worker the first time a user opens it. ABCMeta cannot do it:
        # Shiboken's metaclass conflicts with it.
        super().__init_subclass__(**kwargs)
        missing = [name for name in REQUIRED
                   if getattr(cls, name, None) is getattr(DirectorySection, name, None)]
        if missing:
            raise TypeError(f"{cls.__name__} must define {', '.join(missing)} (see DirectorySection)")

    def __init__(self, shell, parent: QWidget | None = None):
        super().__init__(parent)
        self.shell = shell
        self.data_dir = shell.data_dir
        self.jobs = shell.jobs
        self._stale = True
        self._loading = False
        shell.directory_changed.connect(self._directory_changed)

    def activate(self) -> None:
        if self._stale and not self._loading:
            self.reload()

    def _directory_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def changed_directory(self) -> None:
        """This section changed accounts or batches: every section reloads (this one at once)."""
        self.shell.directory_changed.emit()

    def reload(self) -> None:
        self._loading = True
        self.jobs.start(Job(self.nav_label, self.load_work()), on_success=self._loaded,
                        on_failure=self._load_failed)

    def _loaded(self, state) -> None:
        self._loading = False
        self._stale = False
        self.show_state(state)
        self.loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.show_failed()
        self.report_failure(exc)

    def report_failure(self, exc: BaseException) -> None:
        if isinstance(exc, EleaError):
            errors.show_error(self, self.error_title, exc.message)
        else:
            self.report_unexpected(exc)

    def report_unexpected(self, exc: BaseException) -> None:
        """Also what ``CredentialsActions`` calls on its window (a section) for an unexpected failure."""
        self.shell.report_unexpected(exc)

    def show_failed(self) -> None:
        """Hook: what the section shows when the directory could not be read."""
