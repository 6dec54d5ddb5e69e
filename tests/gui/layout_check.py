"""What a person sees cut: labels and buttons narrower than their text, controls outside the window or
below the fold of a scrolling page. Used by the layout tests at 1366×768 and 1024×600."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QWidget,
)

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractScrollArea)


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    return f"{type(widget).__name__}({widget.objectName() or widget.accessibleName() or label!r})"


def _visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The widget's rectangle in window coordinates, clipped by every scroll area it sits in."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            viewport = parent.viewport()
            rect = rect.intersected(QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size()))
        parent = parent.parentWidget()
    return rect


def problems(window: QWidget) -> list[str]:
    found = []
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window) or widget.window() is not window:
            continue
        if isinstance(widget, QLabel) and widget.text() and not widget.pixmap():
            if widget.wordWrap():
                if widget.height() + 1 < widget.heightForWidth(widget.width()):
                    found.append(f"{_name(widget)} cut: {widget.height()} px high, needs "
                                 f"{widget.heightForWidth(widget.width())}")
            elif widget.width() + 1 < widget.sizeHint().width():
                found.append(f"{_name(widget)} cut: {widget.width()} px, needs {widget.sizeHint().width()}")
        narrow = (widget.width() + 1 < widget.sizeHint().width()
                  or widget.height() + 1 < widget.minimumSizeHint().height())
        if isinstance(widget, QAbstractButton) and widget.text() and narrow:
            found.append(f"{_name(widget)} cut: {widget.width()}×{widget.height()} px, needs "
                         f"{widget.sizeHint().width()}×{widget.minimumSizeHint().height()}")
        if isinstance(widget, QTableView) and widget.model() is not None:
            header = widget.horizontalHeader()
            last = widget.model().columnCount() - 1
            for column in range(widget.model().columnCount()):
                if column == last and header.stretchLastSection():
                    continue
                needed = max(widget.sizeHintForColumn(column), header.sectionSizeHint(column))
                if header.sectionSize(column) + 2 < needed:
                    title = widget.model().headerData(column, Qt.Orientation.Horizontal)
                    found.append(f"{_name(widget)} column « {title} » cut: {header.sectionSize(column)} px, "
                                 f"needs {needed}")
        if isinstance(widget, CONTROLS) and not isinstance(widget.parentWidget(), QComboBox):
            whole = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
            seen = _visible_rect(widget, window)
            if not bounds.contains(whole) or seen.height() < min(widget.height(), 20):
                found.append(f"{_name(widget)} outside the window or below the fold: {whole} (seen {seen})")
    return found
