"""The folders the file dialogs open in: the one used last time, else where such files usually are.

Kept in the user's Qt settings (the registry on Windows, ~/.config elsewhere), not in the data folder:
it is a habit of the person at this computer, not a fact about the school's accounts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

EXPORT, SAVE = "export", "save"
_DEFAULTS = {
    EXPORT: QStandardPaths.StandardLocation.DownloadLocation,  # where the browser puts SIECLE's export
    SAVE: QStandardPaths.StandardLocation.DocumentsLocation,
}


def _settings() -> QSettings:
    return QSettings("Éléa Desktop", "elea-desktop")


def default_folder(kind: str) -> Path:
    location = QStandardPaths.writableLocation(_DEFAULTS[kind])
    return Path(location) if location and Path(location).is_dir() else Path.home()


def start_folder(kind: str) -> Path:
    remembered = _settings().value(f"dossiers/{kind}", "")
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    return default_folder(kind)


def remember(kind: str, folder: Path) -> None:
    settings = _settings()
    settings.setValue(f"dossiers/{kind}", str(folder))
    settings.sync()
