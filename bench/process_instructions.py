"""Instructions executed by the whole commands as processes, counted by valgrind (callgrind).

The wall-clock figures of ``bench_process.py`` move by a factor of two or three on a shared host; the
instruction count of the same process does not (within a fraction of a percent), so it is the figure to
compare two versions with. Needs ``valgrind`` (``apt-get install valgrind``) and takes a few minutes. Not
part of ``make bench``, which reports times.

    .venv/bin/python bench/process_instructions.py [--tree OTHER_CHECKOUT]

``--tree`` also counts another checkout of the repository (e.g. ``git worktree add /tmp/before main``)
with this virtual environment, side by side. Children run with the bytecode cache, as an installed build.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.siecle_factory import build_xml, build_zip, generate_pupils  # noqa: E402

PUPILS = 5_000
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(command: list[str], cwd: Path) -> int:
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                            cwd=cwd, env=CHILD_ENV, capture_output=True, text=True, check=False)
    found = COLLECTED.search(result.stderr)
    if result.returncode != 0 or not found:
        raise RuntimeError(f"{' '.join(command)} → {result.returncode}\n{result.stderr[-2000:]}")
    return int(found.group(1))


def cases(export: Path, work: Path) -> list[tuple[str, list[str], bool]]:
    """(label, arguments of main.py, whether the data folder is emptied first)."""
    data = str(work / "data")
    return [
        ("python main.py --help", ["--help"], False),
        ("import --help", ["import", "--help"], False),
        (f"inspect, {PUPILS} élèves", ["inspect", str(export)], False),
        (f"1re importation + PDF, {PUPILS} élèves",
         ["import", str(export), "--data-dir", data, "--pdf", str(work / "f.pdf")], True),
        ("réimportation keep", ["import", str(export), "--passwords", "keep", "--data-dir", data], False),
    ]


def count_tree(tree: Path, export: Path, work: Path) -> list[int]:
    subprocess.run([sys.executable, str(tree / "main.py"), "--help"], cwd=tree, env=CHILD_ENV,
                   capture_output=True, check=True)  # the bytecode cache, before counting
    counts = []
    for _, arguments, fresh in cases(export, work):
        if fresh:
            shutil.rmtree(work / "data", ignore_errors=True)
        counts.append(instructions([sys.executable, "main.py", *arguments], tree))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, help="another checkout to count beside this one")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind est introuvable : apt-get install valgrind", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        export = work / "ExportXML_ElevesSansAdresses.zip"
        export.write_bytes(build_zip(build_xml(generate_pupils(PUPILS))))
        bare = instructions([sys.executable, "-c", "pass"], work)
        ours = count_tree(REPO, export, work)
        other = count_tree(args.tree.resolve(), export, work) if args.tree else None
    print(f"Instructions exécutées (valgrind), processus entiers ; python -c pass : {bare / 1e6:,.0f} M")
    for index, (label, _, _) in enumerate(cases(export, work)):
        line = f"  {label:<34} {ours[index] / 1e6:>9,.0f} M"
        if other is not None:
            line += f"   autre arbre : {other[index] / 1e6:>9,.0f} M ({ours[index] / other[index]:.2f}×)"
        print(line.replace(",", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
