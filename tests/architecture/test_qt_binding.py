"""The pinned Qt binding keeps reference counts right: no work-around patches it.

PySide6 6.12.0 on CPython 3.11 takes one reference away from ``True`` on every ``Signal.emit()`` and
``disconnect()``; the process aborts with ``bool_dealloc`` after a few hundred emits. The probe runs in a
subprocess so that a leaking binding cannot take the test run down with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Source(QObject):
    bare = Signal()
    valued = Signal(object)

app = QCoreApplication([])
source = Source()
received = []

def slot(value):
    received.append(value)

before = sys.getrefcount(True)
for number in range(5000):
    source.valued.connect(slot)
    source.bare.emit()
    source.valued.emit(number)
    source.valued.disconnect(slot)
print(before - sys.getrefcount(True), len(received))
"""


def test_signals_do_not_leak_references_to_true():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, f"the binding aborted the process:\n{result.stderr[-2000:]}"
    lost, received = result.stdout.split()
    assert (int(lost), int(received)) == (0, 5000)


def test_no_reference_count_patching_in_the_application():
    """A fixed binding is pinned instead: nothing reaches into the interpreter's reference counts."""
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("ui", "elea_desktop", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if path != Path(__file__).resolve()
        and any(word in path.read_text(encoding="utf-8") for word in ("pythonapi", "Py_IncRef", "Py_DecRef"))
    ]
    assert offenders == []
