"""Nothing lost, nothing leaked after a kill (issue 12, items 2, 3 and 5): files beside the directory."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from elea_desktop.directory.backups import backup_database, list_backups, prune_backups
from elea_desktop.importer import testhooks
from tests.importer.helpers import year_kwargs
from tests.siecle_factory import generate_pupils, write_export

ROOT = Path(__file__).resolve().parents[2]
PUPILS = generate_pupils(24, classes=["6A", "6B"])

# the hook's hard kill: SIGKILL on POSIX, TerminateProcess with SIGTERM's exit code 15 on Windows
KILLED = signal.SIGTERM if os.name == "nt" else -signal.SIGKILL


def cli(*args, hook: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ}
    if hook:
        env[testhooks.ENV] = hook
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def held_secrets(path: Path, batch_id: int) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM batch_entries WHERE batch_id = ? AND secret IS NOT NULL",
                            (batch_id,)).fetchone()[0]
    finally:
        conn.close()


def test_a_partial_backup_left_by_a_kill_is_erased_by_a_purge_and_at_the_next_start(tmp_path, data_dir):
    year1 = write_export(tmp_path / "y1.zip", PUPILS, **year_kwargs(2025))
    year2 = write_export(tmp_path / "y2.zip", PUPILS, **year_kwargs(2026))
    assert cli("import", year1, "--json").returncode == 0
    killed = cli("import", year2, "--passwords", "new", hook="kill:backup")
    assert killed.returncode == KILLED
    (part,) = (data_dir / "backups").glob("*.part")
    assert held_secrets(part, 1) == 24  # batch 1's passwords, readable with the key

    purge = cli("credentials", "--purge", "1")
    assert purge.returncode == 0, purge.stderr
    files = [p for p in (data_dir / "backups").iterdir()]
    assert not [p for p in files if p.name.endswith(".part")]
    assert all(held_secrets(p, 1) == 0 for p in files)

    # A kill leaves one again; the next start removes it once it is clearly not being written.
    assert cli("import", year2, "--passwords", "new", hook="kill:backup").returncode == KILLED
    (part,) = (data_dir / "backups").glob("*.part")
    os.utime(part, (time.time() - 120, time.time() - 120))
    assert cli("accounts", "--json").returncode == 0
    assert not part.exists()


def test_backups_are_pruned_by_creation_order_even_with_the_clock_set_back(data_dir):
    conn = sqlite3.connect(":memory:")
    start = datetime(2026, 11, 1, tzinfo=UTC)
    for day in range(5):
        backup_database(conn, data_dir, start + timedelta(days=day))
    newest = backup_database(conn, data_dir, start - timedelta(days=383))  # the clock was set back
    prune_backups(data_dir, keep=5)
    kept = list_backups(data_dir)
    assert len(kept) == 5 and kept[-1] == newest  # the copy just taken is the newest, and it is kept


def test_a_batch_made_with_the_clock_set_back_is_not_purged_once_the_clock_is_right(tmp_path, data_dir):
    from elea_desktop.directory.store import Directory
    from elea_desktop.importer.engine import run_import
    from elea_desktop.siecle.reader import read_export

    right = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    clock = {"now": right - timedelta(days=383)}  # the PC's clock is a year behind at import time
    export = read_export(write_export(tmp_path / "y.zip", PUPILS, **year_kwargs(2026, day="02/12")))
    with Directory.open(data_dir, clock=lambda: clock["now"]) as directory:
        report = run_import(directory, export, None)
        clock["now"] = right  # put right the next day
        assert directory.purge_expired() == 0
        (info,) = directory.list_batches()
        assert info.id == report.batch_id and not info.purged and info.age_days <= 1
        assert len(directory.load_batch(report.batch_id).credentials) == 24
        clock["now"] = right + timedelta(days=31)
        assert directory.purge_expired() == 1  # still purged 30 days after the export it came from
        clock["now"] = right - timedelta(days=400)  # and a clock gone back is a warning, not a purge
        assert any("horloge" in w for w in directory.take_warnings())


def test_a_kill_before_the_commit_leaves_no_sheets_and_no_temporaries_after_the_next_start(tmp_path,
                                                                                          data_dir):
    """Issue 12 item 2: fiches.pdf and moodle.csv used to stay, complete, with passwords never saved."""
    year1 = write_export(tmp_path / "y1.zip", PUPILS, **year_kwargs(2025))
    out = tmp_path / "sorties"
    out.mkdir()
    killed = cli("import", year1, "--pdf", out / "fiches.pdf", "--moodle-csv", out / "moodle.csv",
                 hook="kill:commit")
    assert killed.returncode == KILLED
    assert not [p for p in out.iterdir() if not p.name.startswith(".")]  # no final name at all
    for journal in data_dir.glob("sorties-en-attente-*.txt"):
        os.utime(journal, (time.time() - 120, time.time() - 120))
    assert cli("accounts", "--json").returncode == 0
    assert list(out.iterdir()) == []  # the temporaries are gone too
    assert not list(data_dir.glob("sorties-en-attente-*"))

    done = cli("import", year1, "--pdf", out / "fiches.pdf", "--moodle-csv", out / "moodle.csv", "--json")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["fiches.pdf", "moodle-LISEZMOI.txt", "moodle.csv"]
    assert json.loads(done.stdout)["users_created"] == 24


@pytest.mark.skipif(os.name == "nt", reason="FIFOs are POSIX (Windows has no os.mkfifo)")
def test_an_output_path_that_is_a_device_is_refused_and_left_alone(tmp_path, data_dir):
    """Issue 12 item 6: as root, --moodle-csv /dev/full turned the node into a file of passwords."""
    import stat

    year1 = write_export(tmp_path / "y1.zip", PUPILS, **year_kwargs(2025))
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    result = cli("import", year1, "--moodle-csv", fifo)
    assert result.returncode != 0 and "n'est pas un fichier ordinaire" in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert cli("accounts", "--json").stdout.strip() == "[]"  # and the import was cancelled
