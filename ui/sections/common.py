"""Small builders shared by the pages, so every page looks and reads the same."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.text import nbsp


def page_widget(name: str) -> tuple[QScrollArea, QVBoxLayout]:
    """A page inside a frameless scroll area: on a small or zoomed screen it scrolls, never overlaps."""
    page = QWidget()
    page.setObjectName("page")
    layout = QVBoxLayout(page)
    layout.setContentsMargins(28, 18, 28, 18)
    layout.setSpacing(12)
    scroll = QScrollArea()
    scroll.setObjectName("pageScroll")
    scroll.setAccessibleName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(page)
    return scroll, layout


def title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    label.setAccessibleName(text)
    return label


def lead(text: str) -> QLabel:
    label = QLabel(nbsp(text))
    label.setObjectName("pageLead")
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return label


def card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 12)
    return frame, layout


def button(text: str, *, primary: bool = False, accessible: str | None = None, tip: str = "") -> QPushButton:
    widget = QPushButton(text)
    if primary:
        widget.setObjectName("primary")
    widget.setAccessibleName(accessible or text)
    if tip:
        widget.setToolTip(tip)
        widget.setAccessibleDescription(tip)
    return widget


def footer(outer: QVBoxLayout) -> QHBoxLayout:
    """The page's action row, outside the scroll area: the next button is always on screen."""
    bar = QWidget()
    bar.setObjectName("footer")
    row = QHBoxLayout(bar)
    row.setContentsMargins(28, 8, 28, 12)
    outer.addWidget(bar)
    return row


def fit_to_screen(window: QWidget, preferred=(1180, 700), minimum=(860, 500)) -> None:
    """Sized for a 1366×768 office screen (taskbar and title bar included: 1180×680), centred; more room
    is not taken. A 1024×600 netbook leaves 1000×512; 1366×768 at 125 % about 1090×580."""
    from PySide6.QtGui import QGuiApplication

    window.setMinimumSize(*minimum)
    screen = window.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry() if screen else None
    width, height = preferred
    if available is not None and available.width() > 0:
        width = min(width, available.width() - 24)
        height = min(height, available.height() - 48)
    window.resize(max(width, minimum[0]), max(height, minimum[1]))
    if available is not None and available.width() > 0:
        frame = window.frameGeometry()
        frame.moveCenter(available.center())
        window.move(frame.topLeft())


def window_title(section: str, name: str | None, uai: str | None) -> str:
    """« Comptes · Collège Jean Moulin (0750680G) »: which section, for which establishment."""
    who = f"{name} ({uai})" if name and uai else (name or uai)
    return f"{section} · {who}" if who else section


def section_layout(widget: QWidget, text: str) -> tuple[QVBoxLayout, QLabel]:
    """A section's frame: its title with a muted count beside it; returns the layout and the count label."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(28, 16, 28, 12)
    layout.setSpacing(10)
    head = QHBoxLayout()
    head.addWidget(title(text))
    head.addSpacing(16)
    count = QLabel()
    count.setObjectName("muted")
    head.addWidget(count, 1)
    layout.addLayout(head)
    return layout, count


def records_table(name: str, model, *, many: bool = False) -> QTableView:
    """A read-only table of records, selected by whole rows, at a fixed row height so that Qt never
    measures thousands of rows; ``many`` allows a multiple selection."""
    view = QTableView()
    view.setAccessibleName(name)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if many
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    rows_header = view.verticalHeader()
    rows_header.hide()
    rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows_header.setDefaultSectionSize(view.fontMetrics().height() + 12)
    return view
