"""Instructions executed by one read of the generated 5,000-pupil export, counted by valgrind.

On a shared or throttled host the wall-clock time of the same read varies by half from one minute to the
next; the instruction count does not (within a fraction of a percent), so this is the figure to compare
two versions of the reader with. Needs ``valgrind`` (``apt-get install valgrind``) and takes one to two
minutes. Not part of ``make bench``, which reports times.

    .venv/bin/python bench/reader_instructions.py

One child process reads the export once, another three times, both after the same warm-up read; half the
difference is one read, without the cost of starting Python and importing the modules.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.siecle_factory import build_xml, build_zip, generate_pupils  # noqa: E402

PUPILS = 5_000
READER = """
import sys
sys.path.insert(0, sys.argv[1])
from elea_desktop.siecle.reader import read_export
data = open(sys.argv[2], "rb").read()
for _ in range(1 + int(sys.argv[3])):
    read_export(data)
"""


def instructions(path: Path, reads: int) -> int:
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", READER, str(REPO), str(path), str(reads)],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    match = re.search(r"Collected : (\d+)", result.stderr)
    if not match:
        raise RuntimeError(f"valgrind gave no count:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def main() -> int:
    if not shutil.which("valgrind"):
        print("valgrind est introuvable : installez-le (apt-get install valgrind) puis relancez.")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ExportXML_ElevesSansAdresses.zip"
        path.write_bytes(build_zip(build_xml(generate_pupils(PUPILS))))
        with ThreadPoolExecutor(max_workers=2) as pool:  # two valgrind processes side by side
            one, three = pool.map(lambda reads: instructions(path, reads), (1, 3))
    per_read = (three - one) / 2
    print("Lecteur SIECLE : instructions exécutées (valgrind)")
    print(f"  Export                    {PUPILS} élèves")
    print(f"  Instructions par lecture  {per_read / 1e6:,.0f} millions".replace(",", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
