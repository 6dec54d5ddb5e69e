"""The core stays Qt-free and the command line never loads Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "elea_desktop").rglob("*.py")
        if any(name.split(".")[0] in {"PySide6", "shiboken6", "ui"} for name in _imported_modules(path))
    ]
    assert offenders == []


def test_cli_help_does_not_load_qt():
    probe = (
        "import sys, runpy; sys.argv = ['main.py', '--help'];\n"
        "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('QT_LOADED' if any(m.startswith('PySide6') for m in sys.modules) else 'QT_FREE')"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "QT_FREE"
    assert "inspect" in result.stdout
