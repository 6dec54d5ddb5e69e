"""``main.py --smoke`` from the source tree (the frozen bundle runs the same code in ``make package``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ui import smoke

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_CHECKS = [
    "Qt",
    "modules",
    "polices",
    "trousseau",
    "export exemple",
    "import",
    "fiches PDF",
    "fenêtre",
]


def _run_smoke(*extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--smoke", *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.mark.slow
def test_smoke_passes_every_check(tmp_path):
    """Headless, no credential store (conftest sets fail.Keyring): the key-file fallback is used and said."""
    started = time.perf_counter()
    result = _run_smoke("--report", str(tmp_path / "report.txt"))
    elapsed = time.perf_counter() - started
    lines = result.stdout.splitlines()
    checks = [line for line in lines if line.startswith(("OK  ", "ÉCHEC"))]
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line for line in checks if not line.startswith("OK  ")] == []
    names = [line[4:].split(" (", 1)[0] for line in checks]
    assert names == EXPECTED_CHECKS
    assert lines[-1].startswith("Total : ") and "réussi" in lines[-1]
    keyring_line = next(line for line in checks if line.startswith("OK  trousseau"))
    assert "repli" in keyring_line  # the fallback is reported, never silent
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").splitlines() == lines
    assert elapsed < smoke.SMOKE_TARGET_SECONDS


@pytest.mark.slow
def test_smoke_leaves_nothing_in_the_data_folder(tmp_path):
    env = dict(os.environ, ELEA_DESKTOP_DATA_DIR=str(tmp_path / "data"), TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    result = _run_smoke(env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary work folder is removed


def _collecting_run(tmp_path: Path) -> tuple[smoke.SmokeRun, list[str]]:
    """A smoke run in ``tmp_path/work`` whose report lines are collected instead of printed."""
    lines: list[str] = []

    class Collect(smoke.Reporter):
        def __init__(self):
            super().__init__(None)
            self.streams = []

        def line(self, text):
            lines.append(text)

    work = tmp_path / "work"
    work.mkdir()
    return smoke.SmokeRun(Collect(), work), lines


def test_a_failing_check_is_one_line_and_the_run_goes_on(tmp_path):
    run, lines = _collecting_run(tmp_path)

    def broken():
        raise RuntimeError("boom\nsecond line")

    run.run("cassé", broken)
    run.run("bon", lambda: "détail")
    assert lines[0] == "ÉCHEC cassé: RuntimeError: boom second line"
    assert lines[1].startswith("OK  bon (détail ; ") and lines[1].endswith(" s)")
    assert run.failures == 1


def test_report_option_without_a_path_is_a_usage_error():
    assert smoke.main(["--report"]) == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/stat is Linux-only")
def test_process_age_is_the_age_of_this_process():
    probe = "import time; from ui.smoke import process_age; time.sleep(0.3); print(process_age())"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    age = float(result.stdout.strip())
    assert 0.3 <= age < 10


def test_fonts_are_listed_once_on_a_case_insensitive_disk(tmp_path, monkeypatch):
    """Windows' glob matches "*.ttf" and "*.TTF" to the same files: simulated here on Linux."""
    case_sensitive_glob = Path.glob

    def case_insensitive_glob(self, pattern, *args, **kwargs):
        matches = {*case_sensitive_glob(self, pattern.lower()), *case_sensitive_glob(self, pattern.upper())}
        return iter(sorted(matches))

    monkeypatch.setattr(Path, "glob", case_insensitive_glob)
    run, lines = _collecting_run(tmp_path)
    run.run("polices", run.check_fonts)
    fonts = sorted(path.stem for path in (ROOT / "resources" / "fonts").iterdir() if path.suffix == ".ttf")
    assert lines[0].startswith(f"OK  polices ({len(fonts)} TTF : "), lines
    listed = lines[0].split(" TTF : ", 1)[1].split(" ; ", 1)[0].split(", ")
    assert sorted(listed) == fonts  # each once
