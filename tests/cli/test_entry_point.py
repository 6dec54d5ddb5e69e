"""``main.py`` as typed: a global option before the subcommand still runs it headless, never the window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "ExportXML_ElevesSansAdresses.zip"
PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['main.py', *sys.argv[1:]]\n"
    "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
    "except SystemExit as stop:\n    code = stop.code\n"
    "qt = any(m.startswith('PySide6') for m in sys.modules)\n"
    "print('QT_LOADED' if qt else 'QT_FREE', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@pytest.mark.parametrize("placement", ["separate", "joined"])
def test_data_dir_before_the_subcommand_runs_it_headless(tmp_path, placement):
    data_dir = str(tmp_path / "donnees")
    options = ["--data-dir", data_dir] if placement == "separate" else [f"--data-dir={data_dir}"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *options, "inspect", str(SAMPLE), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["students_total"] == 60
    assert result.stderr.strip().splitlines()[-1] == "QT_FREE"


def test_subcommand_first_only_moves_a_leading_data_dir():
    assert main.subcommand_first(["--data-dir", "D", "accounts", "--json"]) == [
        "accounts", "--data-dir", "D", "--json"]
    assert main.subcommand_first(["--data-dir=D", "import", "x.zip"]) == ["import", "--data-dir=D", "x.zip"]
    # the window's own forms are left alone: a file to open, or a data folder and a file
    assert main.subcommand_first(["export.zip"]) == ["export.zip"]
    assert main.subcommand_first(["--data-dir", "D", "export.zip"]) == ["--data-dir", "D", "export.zip"]
    assert main.subcommand_first([]) == []


@pytest.mark.parametrize("argv", [["imprt", "x.zip"], ["absent.zip"], ["--data-dir", "D", "acounts"]])
def test_unknown_word_is_a_french_usage_error_without_the_display(tmp_path, argv):
    """Issue 12 item 13: a typo used to start Qt, which aborts without a display."""
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "QT_FREE"
    assert f"« {argv[-1] if argv[0] == '--data-dir' else argv[0]} » n'est ni une commande" in result.stderr
    assert "import" in result.stderr and "inspect" in result.stderr and "accounts" in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="Unix permission modes (1777): Windows uses ACLs")
def test_an_existing_shared_or_foreign_data_folder_is_refused_and_left_as_it_was(capsys, tmp_path):
    """Issue 12 item 7: --data-dir used to chmod an existing folder (1777 → 0700)."""
    from tests.cli.helpers import run

    shared = tmp_path / "partage"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    code, out, err = run(capsys, "accounts", "--json", "--data-dir", shared)
    assert code == 1 and out == ""
    assert "d'autres comptes de l'ordinateur peuvent y écrire" in err and "Rien n'a été modifié" in err
    assert os.stat(shared).st_mode & 0o7777 == 0o1777 and list(shared.iterdir()) == []

    foreign = tmp_path / "autre"
    foreign.mkdir(mode=0o700)
    if os.geteuid() == 0:
        os.chown(foreign, 65534, 65534)  # nobody: the test runs as root in CI
        code, _, err = run(capsys, "accounts", "--json", "--data-dir", foreign)
        assert code == 1 and "appartient à un autre compte" in err and "Traceback" not in err
        assert os.stat(foreign).st_mode & 0o777 == 0o700

    created = tmp_path / "nouveau" / "donnees"
    assert run(capsys, "accounts", "--json", "--data-dir", created)[0] == 0
    assert os.stat(created).st_mode & 0o777 == 0o700  # a folder we create is private
