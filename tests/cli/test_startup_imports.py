"""Start-up cost: ``--help`` and ``inspect`` do not load the heavy libraries they do not use.

Each case runs the real entry point in a fresh interpreter and lists the modules it ended up importing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from elea_desktop.cli import COMMAND_MODULES
from tests.siecle_factory import generate_pupils, write_export

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import contextlib, io, json, runpy, sys
sys.argv = [sys.argv[1], *sys.argv[2:]]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        runpy.run_path(sys.argv[0], run_name="__main__")
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""
HEAVY = ("reportlab", "cryptography", "keyring", "PySide6")


def loaded_modules(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "main.py"), *args], cwd=ROOT,
                            capture_output=True, text=True, check=True, timeout=60)
    return set(json.loads(result.stdout.splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


# What a command's ``--help`` must not load either: the readers and the directory are the work's.
WORK = ("lxml", "sqlite3", "zipfile", "elea_desktop.importer", "elea_desktop.directory.store",
        "elea_desktop.exports", "elea_desktop.platform.client")


def work(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == w or m.startswith(w + ".") for w in WORK))


def test_help_loads_no_heavy_library_and_no_command_module():
    modules = loaded_modules("--help")
    assert "elea_desktop.cli" in modules  # the probe really ran the command line
    assert heavy(modules) == []
    assert "importlib.metadata" not in modules  # the version is looked up only for --version
    # The command list comes from SUMMARIES: a command added without its summary line shows up here.
    # The parser's French words (a few lines over argparse) are the only cli module --help needs.
    cli_modules = sorted(m for m in modules if m.startswith("elea_desktop.cli."))
    assert cli_modules == ["elea_desktop.cli.french_argparse"]
    assert work(modules) == []


def test_every_command_has_a_summary_line():
    from elea_desktop.cli import COMMAND_MODULES, SUMMARIES

    assert set(SUMMARIES) == set(COMMAND_MODULES)


# Every registered command, including the ones added later: a newcomer importing its work at the top of
# its module fails here.
@pytest.mark.parametrize("command", sorted(COMMAND_MODULES))
def test_every_command_help_stays_light(command):
    modules = loaded_modules(command, "--help")
    assert COMMAND_MODULES[command] in modules  # its parser really was built
    assert heavy(modules) == []
    assert work(modules) == []


def test_inspect_loads_no_heavy_library(tmp_path):
    export = write_export(tmp_path / "ExportXML_ElevesSansAdresses.zip", generate_pupils(30))
    modules = loaded_modules("inspect", str(export))
    assert "elea_desktop.siecle.reader" in modules or "elea_desktop.exports" in modules
    assert heavy(modules) == []
    assert not any(m.startswith("elea_desktop.importer") for m in modules)


def test_only_the_chosen_command_is_registered():
    modules = loaded_modules("inspect", "--help")
    assert "elea_desktop.cli.inspect_cmd" in modules
    assert "elea_desktop.cli.moodle_cmd" not in modules and "elea_desktop.cli.import_cmd" not in modules
