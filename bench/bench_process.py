"""The whole job as a process: the real commands timed as a user or a script runs them, beside a lower bound.

Run standalone: ``.venv/bin/python bench/bench_process.py [--runs N]``. Every figure is the median of
``--runs`` rounds; in each round every command runs once, right beside its lower bound (alternating which
goes first), so that a slow minute on a shared machine slows both: the **ratio** is the figure to trust,
the absolute times only on a quiet host. The lower bound (``lower_bound.py``) does the same work with the
same libraries and nothing else: lxml parse, minimal usernames, SQLite ``executemany``, a reportlab canvas
of the same pages of slips (and the CSV), no checks. ``python -c pass`` is the lower bound of ``--help``.

Targets (issue 17): first import of 5,000 pupils with ``--pdf`` ≤ 1.3× the lower bound; re-import
(``keep``) ≤ 0.5 s; ``--help`` ≤ 0.15 s; ``inspect`` of 5,000 ≤ 0.4 s; 20,000 pupils with PDF and CSV
≤ 3 s and ≤ 120 MB peak RSS, cost growing linearly (time per pupil at 1,000, 5,000 and 20,000); PDF of
5,000 ≤ 0.6 MB. Peak memory is the child's ``ru_maxrss`` (``os.wait4``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.siecle_factory import build_xml, build_zip, generate_pupils  # noqa: E402

PY = sys.executable
MAIN = str(REPO / "main.py")
LOWER = str(REPO / "bench" / "lower_bound.py")
SIZES = (1_000, 5_000, 20_000)
TARGET_PDF_MB = 0.6


@dataclass
class Case:
    label: str
    product: list[str]
    lower: list[str] | None
    fresh_dir: bool = True  # the product's data folder is emptied before each run
    target_ratio: float | None = None
    target_seconds: float | None = None
    target_mb: float | None = None
    pupils: int | None = None
    times: list[float] = field(default_factory=list)
    lower_times: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    lower_rss: list[float] = field(default_factory=list)


# As a user runs them: with the bytecode cache (an installed or frozen build has it).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock seconds and peak RSS (MB) of ``command`` as a child process; fails loudly on an error."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO,
                             env=CHILD_ENV)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} → {child.returncode}\n{stderr.decode(errors='replace')}")
    return elapsed, usage.ru_maxrss / 1024


def build_cases(root: Path, exports: dict[int, Path]) -> list[Case]:
    def data(name: str) -> str:
        return str(root / name)

    e5 = str(exports[5_000])
    cases = [
        Case("python main.py --help", [PY, MAIN, "--help"], [PY, "-c", "pass"], fresh_dir=False,
             target_seconds=0.15),
        Case("inspect, 5 000 élèves", [PY, MAIN, "inspect", e5], [PY, LOWER, e5, data("lb"), "--parse-only"],
             fresh_dir=False, target_seconds=0.4),
        Case("1re importation + PDF, 5 000 élèves",
             [PY, MAIN, "import", e5, "--data-dir", data("first"), "--pdf", data("first.pdf")],
             [PY, LOWER, e5, data("lb"), "--pdf"], target_ratio=1.3),
        # Runs on the folder the first import just filled: same export, nothing to change.
        Case("réimportation keep, 5 000 élèves",
             [PY, MAIN, "import", e5, "--passwords", "keep", "--data-dir", data("first")],
             [PY, LOWER, e5, data("lb"), "--parse-only"], fresh_dir=False, target_seconds=0.5),
    ]
    for size in SIZES:
        export = str(exports[size])
        cases.append(Case(
            f"1re importation + PDF + CSV, {_n(size)} élèves",
            [PY, MAIN, "import", export, "--data-dir", data(f"all{size}"), "--pdf", data(f"all{size}.pdf"),
             "--moodle-csv", data(f"all{size}.csv")],
            [PY, LOWER, export, data("lb"), "--pdf", "--csv"],
            target_seconds=3.0 if size == 20_000 else None, target_mb=120.0 if size == 20_000 else None,
            pupils=size,
        ))
    return cases


def _n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def data_folder(case: Case) -> Path | None:
    if "--data-dir" in case.product:
        return Path(case.product[case.product.index("--data-dir") + 1])
    return None


def one_round(cases: list[Case], root: Path, lower_first: bool) -> None:
    for case in cases:
        folder = data_folder(case)
        if case.fresh_dir and folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(root / "lb", ignore_errors=True)
        runs = [("lower", case.lower), ("product", case.product)]
        if not lower_first:
            runs.reverse()
        for kind, command in runs:
            if command is None:
                continue
            seconds, rss = timed(command)
            if kind == "lower":
                case.lower_times.append(seconds)
                case.lower_rss.append(rss)
            else:
                case.times.append(seconds)
                case.rss.append(rss)


def fmt_s(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


def verdict(ok: bool) -> str:
    return "OK" if ok else "DÉPASSÉ"


def report(cases: list[Case], runs: int, pdf_size: float) -> tuple[list[tuple[str, ...]], bool]:
    rows = [("Mesure", "Application", "Borne basse", "Rapport", "Cible", "")]
    all_ok = True
    for case in cases:
        median = statistics.median(case.times)
        lower = statistics.median(case.lower_times) if case.lower_times else None
        # Ratio per round, then the median: both sides of a ratio ran in the same minute.
        pairs = zip(case.times, case.lower_times, strict=True)
        ratio = statistics.median(p / q for p, q in pairs) if lower else None
        targets, oks = [], []
        if case.target_ratio is not None:
            targets.append(f"≤ {case.target_ratio:.1f}×".replace(".", ","))
            oks.append(ratio is not None and ratio <= case.target_ratio)
        if case.target_seconds is not None:
            targets.append(f"≤ {fmt_s(case.target_seconds)}")
            oks.append(median <= case.target_seconds)
        ok = all(oks)
        all_ok &= ok
        shown_ratio = f"{ratio:.2f}×".replace(".", ",") if ratio else ""
        rows.append((case.label, fmt_s(median), fmt_s(lower) if lower else "", shown_ratio,
                     ", ".join(targets), verdict(ok) if oks else ""))
        if case.target_mb is not None:
            peak = statistics.median(case.rss)
            ok = peak <= case.target_mb
            all_ok &= ok
            lower_peak = statistics.median(case.lower_rss)
            rows.append(("  pic de mémoire (RSS)", f"{peak:.0f} Mo", f"{lower_peak:.0f} Mo",
                         f"{peak / lower_peak:.2f}×".replace(".", ","),
                         f"≤ {case.target_mb:.0f} Mo", verdict(ok)))
    per_pupil = [(c.pupils, statistics.median(c.times) / c.pupils * 1e6,
                  statistics.median(c.lower_times) / c.pupils * 1e6) for c in cases if c.pupils]
    for pupils, product, lower in per_pupil:
        rows.append((f"  par élève, {_n(pupils)} élèves", f"{product:.0f} µs", f"{lower:.0f} µs",
                     f"{product / lower:.2f}×".replace(".", ","), "", ""))
    ok = pdf_size <= TARGET_PDF_MB
    all_ok &= ok
    rows.append(("Taille du PDF, 5 000 élèves", f"{pdf_size:.2f} Mo".replace(".", ","), "", "",
                 f"≤ {TARGET_PDF_MB} Mo".replace(".", ","), verdict(ok)))
    return rows, all_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="rounds (medians); default 3")
    parser.add_argument("--write-exports", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_exports:
        for size in SIZES:
            path = Path(args.write_exports) / f"ExportXML_ElevesSansAdresses-{size}.zip"
            path.write_bytes(build_zip(build_xml(generate_pupils(size))))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        exports = {size: root / f"ExportXML_ElevesSansAdresses-{size}.zip" for size in SIZES}
        # In a child: Linux carries a process's peak RSS across fork and exec, so this process must stay small
        # for the children's ru_maxrss to be theirs.
        subprocess.run([PY, __file__, "--write-exports", str(root)], check=True)
        cases = build_cases(root, exports)
        one_round(cases[:3], root, lower_first=True)  # warm-up: file caches, .pyc files
        for case in cases:
            case.times.clear(), case.lower_times.clear(), case.rss.clear(), case.lower_rss.clear()
        for run in range(args.runs):
            one_round(cases, root, lower_first=run % 2 == 0)
        pdf_size = (root / "first.pdf").stat().st_size / 1e6
        rows, ok = report(cases, args.runs, pdf_size)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"Commandes complètes en processus, médianes de {args.runs} tours, à côté de la borne basse "
          f"(lower_bound.py ; « python -c pass » pour --help)")
    for row in rows:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
