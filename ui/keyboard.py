"""Enter presses the focused button in the main window, as Space does.

Qt's push buttons take Enter only inside dialogs (the ``autoDefault`` mechanism); in a main window the key
is ignored and travels up to the window, where this filter presses the button that has the focus. Dialogs
keep Qt's rule: Enter presses the default button chosen for them (``ui.dialogs.confirm``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _EnterPressesFocusedButton(QObject):
    def eventFilter(self, watched, event):  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress or event.key() not in ENTER_KEYS:
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        focused = QApplication.focusWidget()
        if (modifiers == Qt.KeyboardModifier.NoModifier and isinstance(focused, QAbstractButton)
                and focused.window() is watched and focused.isEnabled() and focused.isVisible()):
            focused.animateClick()
            return True
        return False


def enter_presses_focused_button(window: QWidget) -> None:
    keys = _EnterPressesFocusedButton(window)
    window.installEventFilter(keys)
    window._enter_keys = keys  # type: ignore[attr-defined]  # kept alive with the window
