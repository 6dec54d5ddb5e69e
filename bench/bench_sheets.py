"""Benchmark: credential sheets for a 5,000-pupil batch (about 500 pages), per layout.

Targets (issue 4): under 1 s and under 150 MB for the whole document.
Time is the best of ``--repeat`` runs without tracing (tracemalloc slows Python down several times);
memory is the tracemalloc peak of one more, traced run, plus the process's peak RSS at the end.
Run: ``.venv/bin/python bench/bench_sheets.py [--pupils N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from elea_desktop.credentials.batch import Credential, CredentialBatch  # noqa: E402
from elea_desktop.credentials.fonts import register_fonts  # noqa: E402
from elea_desktop.credentials.sheets import LAYOUTS, write_credential_sheets  # noqa: E402

TARGET_SECONDS = 1.0
TARGET_MB = 150.0

FIRST = ["Éloïse", "Cœur", "Łukasz", "Şükrü", "Thị Hương", "Awa", "Jean-Baptiste", "Zoé", "Maël", "Inès"]
LAST = ["Dupont", "Lebrun", "Wąż", "Yılmaz", "Nguyễn", "N'Diaye", "de La Fontaine", "Martin", "Émery",
        "Ortiz"]


def make_batch(pupils: int) -> CredentialBatch:
    classes = [f"{level}{letter}" for level in (6, 5, 4, 3) for letter in "ABCDEFGHIJKL"]
    credentials = tuple(
        Credential(
            username=f"eleve.{i:05d}",
            password=f"Kp{i % 97:02d}-mx{i % 89:02d}",
            first_name=FIRST[i % len(FIRST)],
            last_name=f"{LAST[(i // 10) % len(LAST)]} {i}",
            class_code=classes[i % len(classes)],
        )
        for i in range(pupils)
    )
    return CredentialBatch(1, datetime.datetime(2026, 9, 7, 9, 0), "import", "0750680G",
                           "Collège Jean Moulin", "https://elea.ac-paris.fr/", 2026, credentials)


def measure(batch: CredentialBatch, per_page: int, qr: bool, roster: bool, folder: Path, repeat: int):
    out = folder / f"sheets-{per_page}-{int(qr)}-{int(roster)}.pdf"
    options = {"per_page": per_page, "qr": qr, "roster": roster}
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        info = write_credential_sheets(out, batch, **options)
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    write_credential_sheets(out, batch, **options)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), peak / 2**20, info.page_count, out.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    register_fonts()  # one-off start-up cost, not per document
    batch = make_batch(args.pupils)
    # Warm-up: reportlab builds its font tables and caches on first use.
    with tempfile.TemporaryDirectory() as tmp:
        write_credential_sheets(Path(tmp) / "warm.pdf", make_batch(50), qr=True)
    print(f"Credential sheets, {args.pupils} pupils — targets: < {TARGET_SECONDS:.1f} s, "
          f"< {TARGET_MB:.0f} MB")
    print(f"{'layout':>8} {'QR':>4} {'roster':>7} {'pages':>6} {'best (s)':>9} {'peak py (MB)':>13} "
          f"{'PDF (KiB)':>10}  result")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        configs = [(per_page, qr, False) for per_page in LAYOUTS for qr in (False, True)]
        configs.append((10, True, True))  # the optional teacher roster adds a page per class or so
        for per_page, qr, roster in configs:
            elapsed, peak, pages, size = measure(batch, per_page, qr, roster, Path(tmp), args.repeat)
            good = elapsed < TARGET_SECONDS and peak < TARGET_MB
            ok &= good
            yes_no = {True: "yes", False: "no"}
            print(f"{per_page:>8} {yes_no[qr]:>4} {yes_no[roster]:>7} {pages:>6} {elapsed:>9.3f} "
                  f"{peak:>13.1f} {size / 1024:>10.0f}  {'OK' if good else 'TOO SLOW/BIG'}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / 2**20 if sys.platform == "darwin" else rss / 1024
    ok &= rss_mb < TARGET_MB
    verdict = "OK" if rss_mb < TARGET_MB else "TOO BIG"
    print(f"process peak RSS (ru_maxrss, whole run): {rss_mb:.1f} MB {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
