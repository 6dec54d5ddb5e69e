"""Import engine: first import of a generated 5,000-pupil export, then a re-import of the same file.

Run standalone: ``.venv/bin/python bench/bench_import.py``. Targets (issue #3, without the PDF): first import
under 0.5 s, re-import (``keep`` mode) under 0.3 s. Reading the file is not counted (``bench_reader.py``
measures it); everything else is: planning, the backup copy, the single transaction, password generation and
encryption, the commit. Times are medians of several runs in fresh data folders (the minimum is shown too:
on a shared machine it is the least disturbed figure). Memory: peak of Python allocations (``tracemalloc``)
during one run of each, on top of the export already in memory.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

# The OS keyring may be missing or slow here: use the vault's key-file fallback, as CI does.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from elea_desktop.directory.store import Directory  # noqa: E402
from elea_desktop.importer.engine import run_import  # noqa: E402
from elea_desktop.siecle.reader import read_export  # noqa: E402
from tests.siecle_factory import build_xml, build_zip, generate_pupils  # noqa: E402

PUPILS = 5_000
RUNS = 5
TARGET_FIRST = 0.5
TARGET_AGAIN = 0.3


def one_round(export, folder: Path) -> tuple[float, float]:
    with Directory.open(folder) as directory:
        started = time.perf_counter()
        first = run_import(directory, export, None)
        middle = time.perf_counter()
        again = run_import(directory, export, "keep")
        ended = time.perf_counter()
    assert first.counts["users_created"] == PUPILS and first.counts["passwords_generated"] == PUPILS
    assert again.counts["users_unchanged"] == PUPILS and again.counts["passwords_generated"] == 0
    return middle - started, ended - middle


def peak_memory(export, folder: Path) -> tuple[float, float]:
    with Directory.open(folder) as directory:
        tracemalloc.start()
        run_import(directory, export, None)
        first = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        run_import(directory, export, "keep")
        again = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return first / 2**20, again / 2**20


def main() -> int:
    export = read_export(build_zip(build_xml(generate_pupils(PUPILS))), name="bench.zip")
    firsts, agains = [], []
    with tempfile.TemporaryDirectory() as root:
        one_round(export, Path(root) / "warm-up")
        for run in range(RUNS):
            first, again = one_round(export, Path(root) / f"run{run}")
            firsts.append(first)
            agains.append(again)
        memory_first, memory_again = peak_memory(export, Path(root) / "memory")
    first, again = statistics.median(firsts), statistics.median(agains)
    rows = [
        ("Export", f"{PUPILS} élèves, {len(export.classes())} classes", "", ""),
        (f"Première importation (médiane de {RUNS})", f"{first:.3f} s", f"< {TARGET_FIRST} s",
         _verdict(first, TARGET_FIRST)),
        ("  meilleure", f"{min(firsts):.3f} s", "", ""),
        (f"Réimportation, mode keep (médiane de {RUNS})", f"{again:.3f} s", f"< {TARGET_AGAIN} s",
         _verdict(again, TARGET_AGAIN)),
        ("  meilleure", f"{min(agains):.3f} s", "", ""),
        ("Pic des allocations Python, 1re importation", f"{memory_first:.0f} Mo", "", ""),
        ("Pic des allocations Python, réimportation", f"{memory_again:.0f} Mo", "", ""),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    print("Moteur d'importation (elea_desktop.importer.engine.run_import, sans PDF)")
    for row in rows:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0 if first < TARGET_FIRST and again < TARGET_AGAIN else 1


def _verdict(value: float, target: float) -> str:
    return "OK" if value < target else "DÉPASSÉ"


if __name__ == "__main__":
    sys.exit(main())
