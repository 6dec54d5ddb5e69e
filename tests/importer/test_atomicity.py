"""All or nothing: a failure, a cancellation or a killed process leaves the directory exactly as before."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from elea_desktop.directory.backups import list_backups
from elea_desktop.directory.store import DB_NAME, Directory
from elea_desktop.errors import ImportCancelled
from elea_desktop.importer import testhooks
from elea_desktop.importer.engine import run_import
from tests.importer.helpers import dump, export_of, moved, year_kwargs
from tests.siecle_factory import generate_pupils, write_export

ROOT = Path(__file__).resolve().parents[2]
PUPILS = generate_pupils(300, classes=["5A", "5B", "4A", "4B"])
NEXT_YEAR = [moved(p, class_code=f"{int(p.class_code[0]) - 1}{p.class_code[1:]}") for p in PUPILS]


@pytest.fixture
def directory(data_dir):
    with Directory.open(data_dir) as opened:
        run_import(opened, export_of(PUPILS, **year_kwargs(2025)), None)
        yield opened


@pytest.mark.parametrize("stage", ["fail:classes", "fail:users:100", "fail:commit"])
def test_injected_failure_between_stages_changes_nothing(directory, data_dir, monkeypatch, stage):
    before = dump(data_dir)
    monkeypatch.setenv(testhooks.ENV, stage)
    with pytest.raises(testhooks.InjectedFailure):
        run_import(directory, export_of(NEXT_YEAR, **year_kwargs(2026)), "new")
    assert dump(data_dir) == before
    # The directory is still usable, and the same import then goes through.
    report = run_import(directory, export_of(NEXT_YEAR, **year_kwargs(2026)), "new")
    assert report.counts["users_updated"] == 300


def test_failing_progress_callback_rolls_back(directory, data_dir):
    before = dump(data_dir)

    def progress(event):
        if event.stage == "users" and event.done >= 150:
            raise RuntimeError("window closed")

    with pytest.raises(RuntimeError):
        run_import(directory, export_of(NEXT_YEAR, **year_kwargs(2026)), "new", progress=progress)
    assert dump(data_dir) == before


def test_cancel_during_users_stage_changes_nothing(directory, data_dir):
    before = dump(data_dir)
    events = []

    def cancel():
        return len(events) > 0 and events[-1].stage == "users" and events[-1].done >= 100

    with pytest.raises(ImportCancelled) as caught:
        run_import(directory, export_of(NEXT_YEAR, **year_kwargs(2026)), "new", progress=events.append,
                   cancel=cancel)
    assert "aucune modification" in caught.value.message
    assert dump(data_dir) == before
    assert events[-1].done < 300  # it stopped early, not after writing everything


def test_dry_run_writes_nothing(directory, data_dir):
    before = dump(data_dir)
    files = sorted(p.name for p in data_dir.rglob("*"))
    db_bytes = (data_dir / DB_NAME).read_bytes()
    report = run_import(directory, export_of(NEXT_YEAR, **year_kwargs(2026)), "new", dry_run=True)
    assert report.dry_run and report.batch_id is None and report.import_id is None
    assert report.counts["users_updated"] == 300 and report.counts["passwords_generated"] == 300
    assert (data_dir / DB_NAME).read_bytes() == db_bytes
    assert sorted(p.name for p in data_dir.rglob("*")) == files
    assert dump(data_dir) == before


def test_backups_are_taken_before_each_import_and_the_last_five_kept(directory, data_dir):
    assert len(list_backups(data_dir)) == 1
    for day in range(16, 23):
        run_import(directory, export_of(PUPILS, **year_kwargs(2025, day=f"{day}/09")), "keep")
    backups = list_backups(data_dir)
    assert len(backups) == 5
    # The newest copy is the state just before the last import: it holds 7 imports (1 + 6).
    import sqlite3

    conn = sqlite3.connect(backups[-1])
    assert conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 7
    conn.close()


def test_a_failed_or_cancelled_import_keeps_the_existing_backups(directory, data_dir, monkeypatch):
    for day in range(16, 21):
        run_import(directory, export_of(PUPILS, **year_kwargs(2025, day=f"{day}/09")), "keep")
    kept = list_backups(data_dir)
    assert len(kept) == 5
    calls = []

    def cancel_after_start() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(ImportCancelled):
        run_import(directory, export_of(NEXT_YEAR, **year_kwargs(2026)), "new", cancel=cancel_after_start)
    monkeypatch.setenv(testhooks.ENV, "fail:users:10")
    with pytest.raises(testhooks.InjectedFailure):
        run_import(directory, export_of(NEXT_YEAR, **year_kwargs(2026)), "new")
    assert list_backups(data_dir) == kept


# ----------------------------------------------------------------------- a real process, really killed

def _cli(*args, env=None, **kwargs):
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.fixture(scope="module")
def big_exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    year1 = generate_pupils(5000, seed=3)
    year2 = [moved(p, class_code=f"{int(p.class_code[0]) - 1}{p.class_code[1:]}") for p in year1
             if not p.class_code.startswith("3")]
    year2 += generate_pupils(1500, classes=[f"6{c}" for c in "ABCDEF"], seed=4, id_start=20000)
    return (write_export(folder / "y1.zip", year1, **year_kwargs(2025)),
            write_export(folder / "y2.zip", year2, **year_kwargs(2026)))


@pytest.mark.slow
@pytest.mark.parametrize("hook", ["block:users:2500", "kill:users:4000", "kill:commit"])
def test_killing_the_import_process_leaves_the_directory_unchanged(big_exports, data_dir, hook):
    year1, year2 = big_exports
    first = _cli("import", str(year1), "--json")
    out, err = first.communicate()
    assert first.returncode == 0, err
    assert json.loads(out)["users_created"] == 5000
    before = dump(data_dir)

    env = {**os.environ, testhooks.ENV: hook}
    victim = _cli("import", str(year2), "--passwords", "new", env=env)
    if hook.startswith("block"):
        # Wait for the marker the hook prints inside the transaction, then kill from outside.
        for line in victim.stderr:
            if line.startswith(testhooks.MARKER):
                break
        else:
            pytest.fail(f"the import ended before the hook: {victim.wait()}")
        victim.kill()  # SIGKILL; TerminateProcess on Windows
    victim.communicate()
    # POSIX: killed by SIGKILL. Windows: TerminateProcess's exit code (1 from Popen.kill, SIGTERM's 15
    # from the hook's os.kill)
    assert victim.returncode in ({1, signal.SIGTERM} if os.name == "nt" else {-signal.SIGKILL})

    assert dump(data_dir) == before
    # The next run recovers and completes the same import.
    again = _cli("import", str(year2), "--passwords", "new", "--json")
    out, err = again.communicate()
    assert again.returncode == 0, err
    assert json.loads(out)["users_created"] == 1500
