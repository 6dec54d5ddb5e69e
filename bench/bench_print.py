"""Benchmark: the print job IMPRIMER sends, for a 36-page and a 530-page school (issue 16).

Each job runs in its own process, as the window runs it: the batch in memory, ``ui.printing.print_sheets``
(the code path of a real printer) onto a ``QPrinter`` in PDF output mode at the printer's 1200 dpi; the
job's size is the file Qt writes, the figure a CUPS queue receives. Lower bound in the same run: the
reportlab PDF of the same pages (``write_credential_sheets``), which does the same drawing with no
printer in between. ``--raster`` also times the former job (each PDF page as a 300-dpi colour bitmap).

Targets: 36 pages < 2 MB; 530 pages < 30 MB and < 20 s.
Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_print.py [--raster]``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCHOOLS = ((360, 36), (5300, 530))  # pupils, expected pages (30 pupils a class, 10 slips a page)
TARGETS = {36: (2.0, None), 530: (30.0, 20.0)}  # pages: (MB, seconds)
FIRST = ["Éloïse", "Cœur", "Łukasz", "Şükrü", "Thị Hương", "Awa", "Jean-Baptiste", "Zoé", "Maël", "Inès"]
LAST = ["Dupont", "Lebrun", "Wąż", "Yılmaz", "Nguyễn", "N'Diaye", "de La Fontaine", "Martin", "Émery"]


def make_batch(pupils: int):
    from elea_desktop.credentials.batch import Credential, CredentialBatch

    credentials = tuple(
        Credential(f"eleve.{i:05d}", f"Kp{i % 97:02d}-mx{i % 89:02d}q", FIRST[i % len(FIRST)],
                   f"{LAST[(i // 10) % len(LAST)]} {i}", f"{6 - (i // 30) % 4}e {i // 120 + 1}")
        for i in range(pupils)
    )
    return CredentialBatch(1, datetime.datetime(2026, 9, 7, 9), "import", "0750680G", "Collège Jean Moulin",
                           "https://elea.ac-paris.fr/", 2026, credentials)


def child(kind: str, pupils: int, out: str) -> None:
    """One job in this process; prints a JSON line: seconds of the job, pages, bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    batch = make_batch(pupils)
    if kind == "reportlab":
        from elea_desktop.credentials.sheets import write_credential_sheets

        start = time.perf_counter()
        pages = write_credential_sheets(out, batch).page_count
    else:
        from PySide6.QtPrintSupport import QPrinter
        from PySide6.QtWidgets import QApplication

        from ui import printing

        app = QApplication([])  # noqa: F841 - fonts and painting need it
        printer = printing.new_printer("bench")
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(out)
        start = time.perf_counter()
        if kind == "vector":
            pages = printing.print_sheets(printing.sheets_job(batch), printer)
        else:
            pages = raster_job(batch, printer, out)
    elapsed = time.perf_counter() - start
    print(json.dumps({"seconds": elapsed, "pages": pages, "bytes": Path(out).stat().st_size}))


def raster_job(batch, printer, out: str) -> int:
    """The former IMPRIMER: the PDF, then each page as a 300-dpi colour image drawn on the printer."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QPainter

    from elea_desktop.credentials.sheets import write_credential_sheets
    from ui.printing import load_pdf

    pdf = out + ".source.pdf"
    write_credential_sheets(pdf, batch)
    document = load_pdf(Path(pdf))
    printer.setFullPage(True)
    painter = QPainter(printer)
    for page in range(document.pageCount()):
        if page:
            printer.newPage()
        size = document.pagePointSize(page)
        image = document.render(page, QSize(round(size.width() / 72 * 300), round(size.height() / 72 * 300)))
        painter.drawImage(painter.viewport(), image)
    painter.end()
    return document.pageCount()


def run(kind: str, pupils: int, folder: Path) -> dict:
    out = folder / f"{kind}-{pupils}.pdf"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(pupils), str(out)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - start
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raster", action="store_true", help="also time the former bitmap job (36 pages)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2])
        return 0
    print("Print job (QPrinter, PDF output, 1200 dpi) — targets: 36 pages < 2 MB; 530 pages < 30 MB, < 20 s")
    print(f"{'job':>10} {'pages':>6} {'job (s)':>8} {'process (s)':>12} {'size (MB)':>10} "
          f"{'× reportlab size':>17} {'× time':>7}  result")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for pupils, _expected in SCHOOLS:
            bound = run("reportlab", pupils, Path(tmp))
            kinds = ["reportlab", "vector"] + (["raster"] if args.raster and pupils < 1000 else [])
            for kind in kinds:
                result = bound if kind == "reportlab" else run(kind, pupils, Path(tmp))
                pages, size_mb = result["pages"], result["bytes"] / 1e6
                verdict = ""
                if kind == "vector":
                    max_mb, max_s = TARGETS[min(TARGETS, key=lambda p: abs(p - pages))]
                    good = size_mb < max_mb and (max_s is None or result["process"] < max_s)
                    ok &= good
                    verdict = "OK" if good else "TOO SLOW/BIG"
                print(f"{kind:>10} {pages:>6} {result['seconds']:>8.2f} {result['process']:>12.2f} "
                      f"{size_mb:>10.2f} {result['bytes'] / bound['bytes']:>17.1f} "
                      f"{result['seconds'] / bound['seconds']:>7.1f}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
