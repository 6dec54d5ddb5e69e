"""The pinned Qt binding keeps reference counts right: no work-around patches it.

PySide6 6.12.0 on CPython 3.11 takes one reference away from ``True`` on every ``Signal.emit()`` and
``disconnect()``, and one from ``None`` on every call of a C++ ``void`` method; the process aborts with
``bool_dealloc`` after a few hundred emits. The probe runs in a
subprocess so that a leaking binding cannot take the test run down with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc
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

def calls(count):
    for number in range(count):
        source.valued.connect(slot)
        source.bare.emit()
        source.valued.emit(number)
        source.valued.disconnect(slot)
        source.setObjectName("source")  # a C++ void method

calls(20)  # first calls fill the binding's caches, which moves the counts once
received.clear()
gc.collect()
gc.disable()  # a collection midway frees unrelated objects that held None, which would blur the count
true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
calls(10_000)
print(true_before - sys.getrefcount(True), none_before - sys.getrefcount(None), len(received))
"""


def test_signals_and_void_calls_do_not_leak_references():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, f"the binding aborted the process:\n{result.stderr[-2000:]}"
    true_lost, none_lost, received = map(int, result.stdout.split())
    assert received == 10_000
    # the leaking binding loses one reference per call (10,000 here, if it survives); a sound one only
    # a few dozen at most, freed by the interpreter's own bookkeeping and not growing with the calls
    assert true_lost < 100 and none_lost < 100, (true_lost, none_lost)


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
