"""Step 1 – Dépôt du fichier: the drop zone, the reading, then the summary or the plain-French refusal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.sections.common import button, card, footer, lead, page_widget, title
from ui.text import nbsp, plural

SIECLE_PATH = "Dans SIECLE : Exportations › En XML › Élèves sans adresse"


MAX_FILES = 5  # a cité scolaire's establishments, one export each


def local_files_from_mime(mime) -> list[Path]:
    """The local files of a drag (file managers send file:// URLs), at most ``MAX_FILES``."""
    if mime is None or not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]
    return paths[:MAX_FILES]


def local_file_from_mime(mime) -> Path | None:
    """The first local file of a drag."""
    paths = local_files_from_mime(mime)
    return paths[0] if paths else None


class DropZone(QFrame):
    """« Faites glisser le fichier ici… OU Sélectionnez un fichier sur votre ordinateur »."""

    file_dropped = Signal(Path)
    files_dropped = Signal(list)  # several files at once: a cité scolaire's exports
    browse_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAcceptDrops(True)
        self.setAccessibleName("Zone de dépôt du fichier SIECLE")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(6)
        layout.addStretch(1)
        self.title = QLabel("Faites glisser le fichier ici…")
        self.title.setObjectName("dropTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.or_label = QLabel("OU")
        self.or_label.setObjectName("dropOr")
        self.or_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.or_label)
        self.browse = QPushButton("Sélectionnez un fichier sur votre ordinateur")
        self.browse.setObjectName("primary")
        self.browse.setAccessibleName("Sélectionnez un fichier sur votre ordinateur")
        self.browse.setToolTip("Ouvre l'explorateur de fichiers (fichiers .zip ou .xml)")
        self.browse.clicked.connect(self.browse_requested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.browse)
        row.addStretch(1)
        layout.addLayout(row)
        self.hint = QLabel("Fichier « .zip » ou « .xml » — " + SIECLE_PATH)
        self.hint.setObjectName("muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def set_compact(self, compact: bool, title: str | None = None) -> None:
        # Once a file is read the summary matters more: the zone shrinks but stays usable.
        self.title.setText(title or ("Faites glisser un autre fichier ici…" if compact
                                     else "Faites glisser le fichier ici…"))
        # Compact: the title and the button only, so that the summary and its button fit a small screen.
        self.or_label.setVisible(not compact)
        self.hint.setVisible(not compact)
        self.layout().setContentsMargins(20, 8 if compact else 18, 20, 8 if compact else 18)
        self.setMinimumHeight(0 if compact else 240)
        self.setMaximumHeight(self.layout().minimumSize().height() + 4 if compact else 16777215)

    def _set_hover(self, hover: bool) -> None:
        self.setProperty("hover", "true" if hover else "false")
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event):  # noqa: N802 - Qt API
        if self.isEnabled() and local_file_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
            self._set_hover(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event):  # noqa: N802 - Qt API
        if self.isEnabled() and local_file_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event):  # noqa: N802 - Qt API
        self._set_hover(False)
        event.accept()

    def dropEvent(self, event):  # noqa: N802 - Qt API
        self._set_hover(False)
        paths = local_files_from_mime(event.mimeData())
        if not self.isEnabled() or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        if len(paths) == 1:
            self.file_dropped.emit(paths[0])
        else:
            self.files_dropped.emit(paths)

    def set_cite(self, uais: int) -> None:
        """A cité scolaire: say that its establishments' exports can be dropped together."""
        lead_text = ("Fichier « .zip » ou « .xml » — " if uais < 2 else
                     f"Cité scolaire : un fichier par établissement ({uais}), déposés ensemble — ")
        self.hint.setText(lead_text + SIECLE_PATH)


class DropPage(QWidget):
    file_chosen = Signal(Path)
    files_chosen = Signal(list)
    browse_requested = Signal()
    import_requested = Signal()
    held_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        page, layout = page_widget("Étape 1 – Dépôt du fichier")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(page, 1)
        layout.addWidget(title("Dépôt du fichier"))
        self.lead = lead(
            "Sélectionnez ou déposez le fichier « Élèves sans adresse » exporté depuis l'application SIECLE. "
            "Il est lu sur cet ordinateur : rien n'est envoyé sur Internet."
        )
        layout.addWidget(self.lead)
        self.held_box = QFrame()
        self.held_box.setObjectName("banner")
        held_layout = QHBoxLayout(self.held_box)
        held_layout.setContentsMargins(14, 8, 14, 8)
        self.held_text = QLabel()
        self.held_text.setWordWrap(True)
        held_layout.addWidget(self.held_text, 1)
        self.held_button = button("Retrouver ces identifiants",
                                  tip="Imprimer ou enregistrer les identifiants de la dernière importation")
        self.held_button.clicked.connect(self.held_requested)
        held_layout.addWidget(self.held_button)
        self.held_box.hide()
        layout.addWidget(self.held_box)
        self.drop_zone = DropZone()
        self.drop_zone.file_dropped.connect(self.file_chosen)
        self.drop_zone.files_dropped.connect(self.files_chosen)
        self.drop_zone.browse_requested.connect(self.browse_requested)
        layout.addWidget(self.drop_zone, 1)

        self.reading = QProgressBar()
        self.reading.setRange(0, 0)  # indeterminate: reading takes a second at most
        self.reading.setFormat("Lecture du fichier…")
        self.reading.setTextVisible(True)
        self.reading.setAccessibleName("Lecture du fichier en cours")
        layout.addWidget(self.reading)

        self.error_box = QFrame()
        self.error_box.setObjectName("errorBox")
        error_layout = QVBoxLayout(self.error_box)
        self.error_title = QLabel("Ce fichier ne peut pas être utilisé")
        self.error_title.setObjectName("errorTitle")
        error_layout.addWidget(self.error_title)
        self.error_text = QLabel()
        self.error_text.setObjectName("errorText")
        self.error_text.setWordWrap(True)
        self.error_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_text.setAccessibleName("Explication")
        error_layout.addWidget(self.error_text)
        error_hint = QLabel("Rien n'a été modifié. Déposez ensuite le bon fichier dans la zone ci-dessus.")
        error_hint.setObjectName("muted")
        error_hint.setWordWrap(True)
        error_layout.addWidget(error_hint)
        layout.addWidget(self.error_box)
        self.error_spacer = QWidget()  # takes the room the summary would use, so the box stays near the zone
        layout.addWidget(self.error_spacer, 1)

        self.summary_card, summary_layout = card()
        self.file_label = QLabel()
        self.file_label.setObjectName("cardTitle")
        summary_layout.addWidget(self.file_label)
        # What the user must weigh before importing (a partial export…): first, in the engine's words.
        self.caution = QLabel()
        self.caution.setObjectName("caution")
        self.caution.setWordWrap(True)
        self.caution.setAccessibleName("À vérifier avant l'importation")
        summary_layout.addWidget(self.caution)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}
        self.field_labels: dict[str, QLabel] = {}
        fields = [
            ("establishment", "Établissement"), ("year", "Année scolaire"), ("exported", "Date d'export"),
            ("pupils", "Élèves inscrits"), ("classes", "Classes"), ("left", "Élèves sortis"),
            ("without_class", "Élèves sans classe"), ("accounts", "Comptes existants"),
        ]
        for index, (key, label_text) in enumerate(fields):
            row, col = divmod(index, 2)
            label = QLabel(label_text + " :")
            label.setObjectName("muted")
            value = QLabel("—")
            value.setObjectName("summaryValue")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label_text)
            label.setBuddy(value)
            grid.addWidget(label, row, col * 2)
            grid.addWidget(value, row, col * 2 + 1)
            self.values[key] = value
            self.field_labels[key] = label
        self.default_labels = dict(fields)  # a staff file (STS-web) shows its own labels
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        summary_layout.addLayout(grid)
        self.plan_label = QLabel()
        self.plan_label.setObjectName("planLine")
        self.plan_label.setWordWrap(True)
        self.plan_label.setAccessibleName("Ce que l'importation va faire")
        summary_layout.addWidget(self.plan_label)
        # The reader's notices open on demand in their own list: closed, they take one line.
        self.warnings_label = QToolButton()
        self.warnings_label.setObjectName("disclosure")
        self.warnings_label.setAccessibleName("Points d'attention du fichier")
        self.warnings_label.setCheckable(True)
        self.warnings_label.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.warnings_label.setArrowType(Qt.ArrowType.RightArrow)
        self.warnings_label.toggled.connect(self._toggle_warnings)
        summary_layout.addWidget(self.warnings_label)
        self.warnings = QListWidget()
        self.warnings.setAccessibleName("Points d'attention du fichier")
        self.warnings.setMinimumHeight(60)
        self.warnings.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        summary_layout.addWidget(self.warnings, 1)
        summary_layout.addStretch(0)
        layout.addWidget(self.summary_card, 1)

        actions = footer(outer)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        actions.addWidget(self.status, 1)
        self.import_button = button("Importer les comptes  ›", primary=True,
                                    tip="Vérifie le fichier puis vous propose de créer les comptes")
        self.import_button.clicked.connect(self.import_requested)
        actions.addWidget(self.import_button)
        self.reset()

    def _toggle_warnings(self, opened: bool) -> None:
        # Open, the list takes the drop zone's room: the summary, the list and Importer fit a small screen.
        self.drop_zone.setVisible(not opened)
        self.warnings.setVisible(opened)
        self.warnings_label.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)

    def show_held(self, text: str | None) -> None:
        """Credentials of an earlier session not yet handed out: a reminder above the drop zone."""
        self.held_text.setText(text or "")
        self.held_box.setVisible(bool(text))

    # -- states --------------------------------------------------------------------------------------
    def reset(self) -> None:
        self.lead.show()
        self.drop_zone.setEnabled(True)
        self.drop_zone.set_compact(False)
        self.reading.hide()
        self.error_box.hide()
        self.summary_card.hide()
        self.import_button.hide()
        self.error_spacer.hide()
        self.status.clear()

    def show_reading(self, path: Path | list) -> None:
        self.drop_zone.setEnabled(False)
        self.error_box.hide()
        self.error_spacer.hide()
        self.summary_card.hide()
        self.import_button.hide()
        names = [p.name for p in path] if isinstance(path, list) else [path.name]
        self.reading.setFormat("Lecture de " + " et ".join(f"« {name} »" for name in names) + "…")
        self.reading.show()

    def show_error(self, message: str) -> None:
        self.reset()
        self.error_title.setText("Ce fichier ne peut pas être utilisé")
        self.error_text.setText(nbsp(message))
        self.drop_zone.set_compact(True, "Faites glisser le bon fichier ici…")
        self.lead.hide()
        self.error_box.show()
        self.error_spacer.show()
        self.error_text.setFocus()

    def show_summary(self, summary: dict, warnings: list[str], *, blocking: str | None,
                     status: str = "") -> None:
        """The file's summary; ``blocking`` (e.g. another school's file) replaces the import button."""
        can_import = blocking is None
        self.reading.hide()
        self.error_spacer.hide()
        self.error_box.setVisible(not can_import)
        self.error_title.setText("Ce fichier ne peut pas être importé")
        self.error_text.setText(nbsp(blocking or ""))
        self.drop_zone.setEnabled(True)
        self.drop_zone.set_compact(True)
        self.lead.hide()  # the file is there: its summary and the import button matter now
        self.file_label.setText(summary.get("file", ""))
        # A refusal wins everywhere: no caution, no plan, no « l'importation reste possible ».
        cautions = [] if blocking else list(summary.get("cautions", []))
        self.caution.setText(nbsp("\n".join(f"⚠ {text}" for text in cautions)))
        self.caution.setVisible(bool(cautions))
        labels = {**self.default_labels, **summary.get("labels", {})}
        for key, value in self.values.items():
            value.setText(str(summary.get(key, "—")))
            self.field_labels[key].setText(labels[key] + " :")
            value.setAccessibleName(labels[key])
        self.plan_label.setText(summary.get("plan", ""))
        self.plan_label.setVisible(bool(summary.get("plan")) and blocking is None)
        self.warnings.clear()
        self.warnings.addItems(warnings)
        count = plural(len(warnings), "point d'attention", "points d'attention")
        self.warnings_label.setText(f"{count[0].upper()}{count[1:]} dans le fichier"
                                    + ("" if blocking else " — l'importation reste possible"))
        self.warnings_label.setAccessibleName(self.warnings_label.text())
        self.warnings_label.setChecked(False)
        self.drop_zone.show()
        self.warnings_label.setVisible(bool(warnings))
        self.summary_card.show()
        self.import_button.setVisible(can_import)
        self.import_button.setEnabled(can_import)
        self.status.setText(status)
        if can_import:
            self.import_button.setFocus()

    def mark_imported(self) -> None:
        """Looking back at step 1 after the import: the file is done, another one can be dropped."""
        self.import_button.hide()
        self.status.setText("Ce fichier a été importé. Déposez-en un autre pour une nouvelle importation.")

    def set_busy(self, busy: bool, status: str = "") -> None:
        """While the dry runs are computed: nothing can be dropped or clicked twice."""
        self.drop_zone.setEnabled(not busy)
        self.import_button.setEnabled(not busy)
        self.status.setText(status)
