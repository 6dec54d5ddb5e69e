"""STS-web staff export: reading and importing the file of a large lycée (400 staff, 60 divisions).

Run standalone: ``.venv/bin/python bench/bench_staff.py``. Target (issue 15): reading under 0.1 s.
Reading is timed in-process (median of 15 after a warm-up, minimum shown) beside a lower bound in the same
run: lxml parsing the same bytes into a tree with the same locked-down options, nothing else. The whole job
is also timed as a user runs it, as processes: ``main.py inspect FILE --json`` and ``main.py import FILE``
(first import, then a re-import in ``keep`` mode), medians of 3 in fresh data folders.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from lxml import etree  # noqa: E402

from elea_desktop.exports import read_any  # noqa: E402
from elea_desktop.siecle.parser import _PARSER_OPTIONS  # noqa: E402
from tests.sts_factory import build_sts_xml, generate_staff  # noqa: E402

STAFF = 400
DIVISIONS = 60
RUNS = 15
PROCESS_RUNS = 3
TARGET_READ = 0.1


def sts_file() -> tuple[bytes, int]:
    """A zipped export shaped like a real one: every division lists its services and their teachers."""
    staff = generate_staff(STAFF)
    teachers = [m.sts_id for m in staff if m.function == "ENS"]
    services = []
    for division in range(DIVISIONS):
        for subject in range(12):
            teacher = teachers[(division * 12 + subject) % len(teachers)]
            services.append(
                f'<SERVICE CODE_MATIERE="{20000 + subject}" CODE_MOD_COURS="CG"><ENSEIGNANTS>'
                f'<ENSEIGNANT ID="{teacher}" TYPE="epp"><COTISATION>N</COTISATION></ENSEIGNANT>'
                f"</ENSEIGNANTS></SERVICE>")
    xml = build_sts_xml(staff).replace(b"<SERVICES>", ("<SERVICES>" + "".join(services)).encode())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sts_emp_0750680G_2025.xml", xml)
    return buffer.getvalue(), len(xml)


def timed(function, runs: int) -> list[float]:
    function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def process(*args, data_dir: Path) -> float:
    env = {**os.environ, "ELEA_DESKTOP_DATA_DIR": str(data_dir)}
    started = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "main.py"), *map(str, args)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    data, xml_size = sts_file()
    export = read_any(data, name="sts_emp_0750680G_2025.zip")
    assert export.staff_total == STAFF
    read = timed(lambda: read_any(data, name="sts_emp_0750680G_2025.zip"), RUNS)

    def lower_bound():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            etree.fromstring(archive.read(archive.namelist()[0]), etree.XMLParser(**_PARSER_OPTIONS))

    bound = timed(lower_bound, RUNS)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sts_emp_0750680G_2025.zip"
        path.write_bytes(data)
        inspect, first, again = [], [], []
        for run in range(PROCESS_RUNS):
            data_dir = Path(folder) / f"data{run}"
            inspect.append(process("inspect", path, "--json", data_dir=data_dir))
            first.append(process("import", path, "--json", data_dir=data_dir))
            again.append(process("import", path, "--passwords", "keep", "--json", data_dir=data_dir))
        bare = [process("--version", data_dir=Path(folder) / "bare")
                for _ in range(PROCESS_RUNS)]
    print(f"STS-web : {STAFF} personnels, {DIVISIONS} divisions, XML {xml_size / 1024:.0f} Kio, "
          f"zip {len(data) / 1024:.0f} Kio")
    print(f"{'mesure':<38}{'médiane':>10}{'min':>10}{'borne':>10}{'ratio':>8}")
    read_median = statistics.median(read)
    print(f"{'lecture (in-process)':<38}{read_median:>9.4f}s{min(read):>9.4f}s"
          f"{statistics.median(bound):>9.4f}s{read_median / statistics.median(bound):>8.2f}")
    bare_median = statistics.median(bare)
    for label, values in (("processus inspect --json", inspect), ("processus import (première)", first),
                          ("processus import --passwords keep", again)):
        median = statistics.median(values)
        print(f"{label:<38}{median:>9.3f}s{min(values):>9.3f}s{bare_median:>9.3f}s"
              f"{median / bare_median:>8.2f}")
    print("(borne : lxml seul pour la lecture ; « main.py --version » pour les processus)")
    ok = read_median < TARGET_READ
    print(f"Objectif lecture < {TARGET_READ} s : {'atteint' if ok else 'MANQUÉ'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
