"""The Qt-free test suite run by Windows CPython under Wine: ``make windows-test`` (Linux).

The same ``tests/`` as ``make test``, minus the GUI tests: ``tests/gui`` and every test module that
imports Qt (``PySide6``, ``shiboken6``, ``pytestqt``, ``ui``) or asks for ``qtbot``, found by reading the
files (nothing is listed by hand). What remains is the core, run against the Windows builds of lxml
(libxml2 2.11), sqlite, cryptography…, Windows paths, file locking, line endings and case-insensitive
``glob``: platform differences show up as failures. The interpreter and wheels come from
scripts/wine_toolchain.py (shared with ``make windows``). Extra arguments go to pytest.
"""

from __future__ import annotations

import ast
import sys
import time
from pathlib import Path

import wine_toolchain as toolchain
from wine_env import WineError, win_path

ROOT = toolchain.ROOT
QT_MODULES = {"PySide6", "shiboken6", "pytestqt", "ui"}


def needs_qt(path: Path) -> bool:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in QT_MODULES for a in node.names):
            return True
        top = (getattr(node, "module", None) or "").split(".")[0]
        if isinstance(node, ast.ImportFrom) and node.level == 0 and top in QT_MODULES:
            return True
        if isinstance(node, ast.arg) and node.arg == "qtbot":
            return True
    return False


def qt_test_files() -> list[Path]:
    tests = ROOT / "tests"
    return sorted(path for path in tests.rglob("test_*.py") if "gui" not in path.parts and needs_qt(path))


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    try:
        wine, _iscc = toolchain.prepare()
    except (RuntimeError, WineError, OSError) as error:
        print(f"ÉCHEC préparation : {error}", file=sys.stderr)
        return 1
    skipped = qt_test_files()
    print(f"[windows-test] {toolchain.windows_version(wine)} (Python, libxml2) ; hors tests Qt : tests/gui, "
          + ", ".join(path.relative_to(ROOT).as_posix() for path in skipped), flush=True)
    command = [
        win_path(toolchain.python_exe()), "-m", "pytest", "-p", "no:pytestqt", "-p", "no:cacheprovider",
        "-q", "--ignore", win_path(ROOT / "tests" / "gui"),
        *[arg for path in skipped for arg in ("--ignore", win_path(path))], *argv,
    ]  # fmt: skip
    result = wine.run(command, timeout=3600, check=False, cwd=ROOT,
                      extra_env={"PYTHONDONTWRITEBYTECODE": "1"})  # fmt: skip
    wine.kill()  # a test that failed may leave a Windows process behind: none outlives the run
    print(result.stdout.rstrip())
    elapsed = time.perf_counter() - started
    verdict = "réussis" if result.returncode == 0 else f"ÉCHEC (code {result.returncode})"
    print(f"[windows-test] tests du cœur sous Windows CPython (Wine) : {verdict} en {elapsed:.0f} s")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
