"""Work-around for a reference-count bug of PySide6 6.12.0 on CPython 3.11.

``SignalInstance.emit()`` (and ``disconnect()``) return ``True`` without owning a reference to it: each
call from Python takes one reference away from the ``True`` singleton. On CPython < 3.12 (where bools are
not immortal) a few thousand emits — one import of 5,000 pupils sends a few hundred — end in
« Fatal Python error: bool_dealloc » at the latest when the application quits. Measured here:
1,000 ``emit()`` calls in a bare QCoreApplication abort the process.

Every Python-side emit of the window goes through ``emit()`` below, which gives back the reference the
binding took, measured once at start-up (so a fixed PySide6, or CPython ≥ 3.12, gets no compensation).
Giving an extra reference to ``True`` would be harmless anyway: it is never freed.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None
_stolen: int | None = None


class _Probe(QObject):
    fired = Signal()


def stolen_per_emit() -> int:
    """How many references to ``True`` one ``emit()`` takes away (0 with a correct binding)."""
    global _stolen
    if _stolen is None:
        if sys.version_info >= (3, 12):
            _stolen = 0  # immortal bools: nothing to compensate, nothing can crash
        else:
            probe = _Probe()
            before = sys.getrefcount(True)
            for _ in range(8):
                probe.fired.emit()
            lost = before - sys.getrefcount(True)
            _incref_times(True, max(0, lost))
            _stolen = max(0, round(lost / 8))
    return _stolen


def _incref_times(value, count: int) -> None:
    for _ in range(count):
        _incref(value)


def emit(signal, *args) -> None:
    """``signal.emit(*args)`` without draining the ``True`` singleton."""
    result = signal.emit(*args)
    lost = stolen_per_emit()
    if lost and isinstance(result, bool):
        _incref_times(result, lost)


def disconnect(signal, slot) -> None:
    result = signal.disconnect(slot)
    lost = stolen_per_emit()
    if lost and isinstance(result, bool):
        _incref_times(result, lost)


stolen_per_emit()  # measured at import, on the GUI thread, before any worker thread runs


class keep_none_alive:  # noqa: N801 - used as a context manager, reads like one
    """The same 6.12.0 bug for ``None``: every call of a C++ ``void`` method drops one reference to it.

    A vector print job makes tens of thousands of such calls (QPainter.drawText, setPen…) where the
    process holds about 11,000 references to ``None``: without this it ends in « none_dealloc ». Whatever
    the block took is given back at its end (``step()`` does it midway); a correct binding loses nothing,
    and an extra reference to ``None`` is harmless. Goes away with the pin of a fixed PySide6.
    """

    def __enter__(self):
        self._mark = sys.getrefcount(None)
        return self

    def step(self) -> None:
        if sys.version_info < (3, 12):
            _incref_times(None, max(0, self._mark - sys.getrefcount(None)))
        self._mark = sys.getrefcount(None)

    def __exit__(self, *exc):
        self.step()
        return False
