"""Tab reaches every control of the page in reading order (bars first, then top to bottom, left to right),
and every control it reaches has a name a screen reader can say."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from tests.gui.conftest import WAIT_MS, make_export


def _walk(qtbot, window) -> list[QWidget]:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT_MS)
    start = QApplication.focusWidget()
    seen = [start]
    for _ in range(200):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is start:
            return seen
        assert current not in seen, f"Tab loops without coming back: {current.accessibleName()}"
        seen.append(current)
    raise AssertionError("the focus chain never comes back to its start")


def _buttons_of(page: QWidget, window) -> set[QWidget]:
    return {b for b in page.findChildren(QAbstractButton)
            if b.isVisibleTo(window) and b.isEnabled() and b.focusPolicy() & Qt.FocusPolicy.TabFocus}


def _check(qtbot, window, page):
    chain = _walk(qtbot, window)
    # The chain is a ring: read it from the control nearest the top left corner (the section bar).
    corner = min(range(len(chain)), key=lambda i: (chain[i].mapTo(window, QPoint(0, 0)).y(),
                                                   chain[i].mapTo(window, QPoint(0, 0)).x()))
    chain = chain[corner:] + chain[:corner]
    assert chain[0].window() is window and not page.isAncestorOf(chain[0])
    assert all(w.accessibleName() for w in chain), [type(w).__name__ for w in chain if not w.accessibleName()]
    missing = _buttons_of(page, window) - set(chain)
    assert not missing, [b.accessibleName() or b.text() for b in missing]
    inside = [w for w in chain if page.isAncestorOf(w)]
    positions = [w.mapTo(window, QPoint(0, 0)) for w in inside]
    rows = [(p.y() // 12, p.x()) for p in positions]  # same row: within 12 px
    assert rows == sorted(rows), [(w.accessibleName(), p.y(), p.x()) for w, p in zip(inside, positions,
                                                                                    strict=True)]


def test_step_one_focus_chain(qtbot, window, dialogs, tmp_path):
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        window.importer.open_file(make_export(tmp_path / "a", 12, export_date=None))
    _check(qtbot, window, window.importer.drop_page)


def test_report_focus_chain(qtbot, window, dialogs, tmp_path):
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS):
        with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
            window.importer.open_file(make_export(tmp_path / "a", 12))
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    window.importer.show_step(3)
    window.importer.report_page.table("created")
    _check(qtbot, window, window.importer.report_page)
