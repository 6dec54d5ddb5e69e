"""Error messages: expected ones in plain French, unexpected ones with details the user can copy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _message(parent: QWidget | None, icon: QMessageBox.Icon, title: str, message: str) -> None:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(message)
    box.exec()


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """An expected problem (refused file, refused import): the French message says what to do."""
    _message(parent, QMessageBox.Icon.Warning, title, message)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    _message(parent, QMessageBox.Icon.Information, title, message)


class CrashDialog(QDialog):
    """Shown for an unexpected error: a calm sentence, then details to copy into a support request."""

    def __init__(self, details: str, log_path: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Éléa Desktop — erreur inattendue")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "<b>Une erreur inattendue s'est produite.</b><br>"
            "Aucune donnée n'a été perdue : une importation interrompue ne modifie rien.<br>"
            "Copiez les détails ci-dessous et transmettez-les à votre assistance informatique."
            + (f"<br>Journal : <code>{log_path}</code>" if log_path else "")
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Détails de l'erreur")
        self.details.setFont(QFont("monospace"))
        self.details.setMinimumHeight(200)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copier les détails")
        copy.setAccessibleName("Copier les détails")
        copy.clicked.connect(self.copy_details)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def show_crash(parent: QWidget | None, details: str, log_path: str | None) -> None:
    CrashDialog(details, log_path, parent).exec()


def show_unexpected(parent: QWidget | None, exc: BaseException) -> None:
    """A failure nobody foresaw: logged with its traceback, then shown with details to copy."""
    import logging

    from ui.app import log_path

    details = getattr(exc, "traceback_text", None) or repr(exc)
    logging.getLogger("ui").error("Unexpected error shown to the user:\n%s", details)
    path = log_path()
    show_crash(parent, details, str(path) if path else None)
