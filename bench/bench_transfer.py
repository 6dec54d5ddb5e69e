"""Directory export and restore with 5,000 accounts and a held batch of 5,000 passwords, against their lower
bound in the same run: the scrypt derivation every export and every restore must pay (it is meant to be
slow). Medians of several runs; prints the file size too.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PUPILS, RUNS = 5000, 5
PASSPHRASE = "cartable vert sous la pluie"


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> int:
    from elea_desktop.directory import sealed_file, transfer
    from elea_desktop.directory.store import Directory
    from elea_desktop.importer.engine import run_import
    from tests.importer.helpers import export_of
    from tests.siecle_factory import generate_pupils

    work = Path(tempfile.mkdtemp(prefix="elea-bench-transfer-"))
    source, target, file = work / "ancien", work / "nouveau", work / "annuaire.elea"
    for folder in (source, target):
        folder.mkdir(mode=0o700)
    with Directory.open(source) as directory:
        run_import(directory, export_of(generate_pupils(PUPILS)), None)
    rows = {"scrypt (borne inférieure)": [], "export": [], "restauration (remplace)": []}
    for _ in range(RUNS):
        rows["scrypt (borne inférieure)"].append(timed(lambda: sealed_file._derive(
            PASSPHRASE, os.urandom(16), sealed_file.LOG2_N, sealed_file.R, sealed_file.P)))
        rows["export"].append(timed(lambda: transfer.export_directory(source, file, PASSPHRASE)))
        rows["restauration (remplace)"].append(timed(
            lambda: transfer.restore_directory(target, file, PASSPHRASE, replace=True)))
    bound = statistics.median(rows["scrypt (borne inférieure)"])
    print(f"Annuaire de {PUPILS} comptes, lot de {PUPILS} mots de passe conservés ; fichier "
          f"{file.stat().st_size / 1024:.0f} Kio")
    print(f"{'Mesure':<28}{'médiane':>10}{'pire':>10}{'× borne':>10}")
    for name, values in rows.items():
        median = statistics.median(values)
        print(f"{name:<28}{median:>9.2f}s{max(values):>9.2f}s{median / bound:>10.2f}")
    shutil.rmtree(work, ignore_errors=True)  # pupils' data, even generated: nothing left behind
    return 0


if __name__ == "__main__":
    sys.exit(main())
