"""Reading time and peak memory of the SIECLE reader on a generated 5,000-pupil zipped export.

Run standalone: ``.venv/bin/python bench/bench_reader.py``. Targets (issue #2): under 0.2 s and 100 MB.
Time is the median of several reads after a warm-up (the minimum is shown too: on a shared machine it is
the least disturbed figure). Memory is measured in a fresh process that only reads the file, so that
generating the export does not count: peak RSS (``ru_maxrss``, whole process, libxml2 included) and the
peak of Python allocations (``tracemalloc``).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from elea_desktop.siecle.reader import read_export  # noqa: E402
from tests.siecle_factory import build_xml, build_zip, generate_pupils  # noqa: E402

PUPILS = 5_000
RUNS = 15
TARGET_SECONDS = 0.2
TARGET_MB = 100

# Executed in a child process: imports, then one read; reports the memory high-water marks.
# Linux's ru_maxrss survives exec (a child reports its parent's peak), so VmHWM is preferred when present.
MEMORY_PROBE = """
import json, sys, tracemalloc
sys.path.insert(0, sys.argv[1])
from elea_desktop.siecle.reader import read_export

def peak_rss_kib():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    try:
        import resource
    except ImportError:
        return 0  # Windows: no portable figure without extra packages
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

before = peak_rss_kib()
if sys.argv[3] == "python":
    tracemalloc.start()
export = read_export(sys.argv[2])
peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else 0
print(json.dumps({"pupils": export.students_total, "rss_before_kib": before, "rss_kib": peak_rss_kib(),
                  "python_peak": peak}))
"""


def time_reads(data: bytes) -> tuple[float, float, float]:
    read_export(data)  # warm-up: imports, regex compilation, allocator
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        read_export(data)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def measure_memory(path: Path, mode: str) -> dict:
    """``mode`` "rss": untraced run (tracemalloc's own bookkeeping would inflate RSS); "python": traced."""
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(REPO), str(path), mode],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return json.loads(result.stdout)


def main() -> int:
    xml = build_xml(generate_pupils(PUPILS))
    data = build_zip(xml)
    export = read_export(data)
    assert export.students_total == PUPILS
    median, best, cpu = time_reads(data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ExportXML_ElevesSansAdresses.zip"
        path.write_bytes(data)
        memory = measure_memory(path, "rss")
        python_mb = measure_memory(path, "python")["python_peak"] / (1024 * 1024)
    rss_mb = memory["rss_kib"] / 1024
    rows = [
        ("Export", f"{PUPILS} élèves, {len(export.classes())} classes", "", ""),
        ("Taille XML / zip", f"{len(xml) / 1e6:.1f} Mo / {len(data) / 1e3:.0f} ko", "", ""),
        (f"Lecture (médiane de {RUNS})", f"{median:.3f} s", f"< {TARGET_SECONDS} s",
         _verdict(median, TARGET_SECONDS)),
        ("Lecture (meilleure)", f"{best:.3f} s", "", ""),
        ("Temps CPU (médiane)", f"{cpu:.3f} s", "", ""),
        ("Pic mémoire du processus (RSS)", f"{rss_mb:.0f} Mo", f"< {TARGET_MB} Mo",
         _verdict(rss_mb, TARGET_MB)),
        ("  dont avant la lecture", f"{memory['rss_before_kib'] / 1024:.0f} Mo", "", ""),
        ("Pic des allocations Python", f"{python_mb:.0f} Mo", f"< {TARGET_MB} Mo",
         _verdict(python_mb, TARGET_MB)),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    print("Lecteur SIECLE (elea_desktop.siecle.reader.read_export)")
    for row in rows:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    met = median < TARGET_SECONDS and rss_mb < TARGET_MB
    return 0 if met else 1


def _verdict(value: float, target: float) -> str:
    return "OK" if value < target else "DÉPASSÉ"


if __name__ == "__main__":
    sys.exit(main())
