"""The sync's report: what was done, the conflicts by name, the platform's warnings, why it stopped."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from elea_desktop.platform.report import SyncReport
from ui.sync.batch_banner import BatchBanner
from ui.sync.counts import CountsGrid

# Where to change what stopped the sync (the core's message says why; the button opens the right tab).
SETTINGS_FOR = {
    "password_policy": "general",
    "truncated": "platform",
    "token": "platform",
    "token_expired": "platform",
    "token_invalid": "platform",
    "token_lost": "platform",
    "missing_functions": "platform",
    "missing_function": "platform",
    "not_connected": "platform",
}


CONFLICTS_HINT = ("Ces comptes n'ont pas été envoyés, et rien n'a été changé pour eux sur la plateforme (la "
                  "raison est donnée pour chacun) : voyez avec son administrateur, puis envoyez à nouveau.")


def conflict_line(conflict) -> str:
    return f"{conflict.name} ({conflict.username}) : {conflict.reason}"


def headline(report: SyncReport) -> tuple[str, bool]:
    """The first line of the report and whether it is good news."""
    error = report.error
    if error is None:
        if report.conflicts:
            count = len(report.conflicts)
            what = ("1 compte n'a pas pu être envoyé" if count == 1
                    else f"{count} comptes n'ont pas pu être envoyés")
            return f"Envoi terminé, mais {what} (voir les conflits ci-dessous).", False
        return "✓ L'annuaire est à jour sur la plateforme Éléa.", True
    if error.code == "cancelled":
        return "Envoi interrompu à votre demande.", False
    if error.exit_code == 4:
        return "Envoi incomplet : relancez-le pour le terminer.", False
    return "Envoi arrêté.", False


class SyncReportView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Rapport de l'envoi vers Éléa")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.counts = CountsGrid(done=True)
        layout.addWidget(self.counts)
        self.batch_banner = BatchBanner()
        layout.addWidget(self.batch_banner)
        self.conflicts_title = QLabel()
        self.conflicts_title.setObjectName("cardTitle")
        layout.addWidget(self.conflicts_title)
        self.conflicts_hint = QLabel(CONFLICTS_HINT)
        self.conflicts_hint.setObjectName("muted")
        self.conflicts_hint.setWordWrap(True)
        layout.addWidget(self.conflicts_hint)
        self.conflicts = QListWidget()
        self.conflicts.setAccessibleName("Conflits : comptes non envoyés")
        layout.addWidget(self.conflicts, 1)
        self.warnings_title = QLabel()
        self.warnings_title.setObjectName("cardTitle")
        layout.addWidget(self.warnings_title)
        self.warnings = QListWidget()
        self.warnings.setAccessibleName("Avertissements de la plateforme")
        layout.addWidget(self.warnings, 1)
        self.settings_target: str | None = None

    def show_report(self, report: SyncReport, batch_size: int = 0) -> None:
        text, good = headline(report)
        self.headline.setText(text)
        self.headline.setObjectName("success" if good else "cardTitle")
        self.headline.style().unpolish(self.headline)
        self.headline.style().polish(self.headline)
        error = report.error
        self.error_label.setVisible(error is not None)
        self.error_label.setText(error.message if error is not None else "")
        self.error_label.setAccessibleName(self.error_label.text())
        self.settings_target = SETTINGS_FOR.get(error.code) if error is not None else None
        self.counts.show_report(report)
        if report.batch_id is not None and batch_size:
            self.batch_banner.show_batch(report.batch_id, batch_size)
        else:
            self.batch_banner.hide()
        self._fill(self.conflicts, self.conflicts_title, [conflict_line(c) for c in report.conflicts],
                   "Conflits : comptes non envoyés", CONFLICTS_HINT)
        self._fill(self.warnings, self.warnings_title, list(report.warnings), "Avertissements", "")
        self.conflicts_hint.setVisible(bool(report.conflicts))

    @staticmethod
    def _fill(view: QListWidget, title: QLabel, lines: list[str], name: str, tip: str) -> None:
        view.clear()
        view.addItems(lines)
        title.setText(f"{name} ({len(lines)})")
        title.setToolTip(tip)
        view.setVisible(bool(lines))
        title.setVisible(bool(lines))

    def conflict_texts(self) -> list[str]:
        return [self.conflicts.item(i).text() for i in range(self.conflicts.count())]
