"""Application set-up: arguments, French Qt strings, the rotating log and the crash path."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication

from ui import app as app_module


def test_arguments_take_an_archive_and_a_data_folder():
    args = app_module.parse_args(["/tmp/ExportXML.zip", "--data-dir", "/tmp/d"])
    assert args.archive == "/tmp/ExportXML.zip" and args.data_dir == "/tmp/d"
    assert app_module.parse_args([]).archive is None


def test_application_speaks_french(qtbot):
    application = app_module.create_application([])
    assert application.applicationDisplayName() == "Éléa Desktop"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"


def test_unexpected_error_is_logged_and_shown_with_details(qtbot, data_dir, monkeypatch):
    shown = []
    monkeypatch.setattr("ui.dialogs.errors.show_crash",
                        lambda parent, details, log: shown.append((details, log)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    log_file = app_module.setup_logging(data_dir)
    app_module.install_excepthook(show_dialog=True)
    try:
        raise RuntimeError("quelque chose d'inattendu")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert shown and "quelque chose d'inattendu" in shown[0][0]
    assert shown[0][1] == str(log_file)
    for handler in __import__("logging").getLogger().handlers:
        handler.flush()
    assert "quelque chose d'inattendu" in log_file.read_text(encoding="utf-8")
    assert log_file.parent.parent == data_dir  # the log lives in the data folder


def test_crash_dialog_copies_its_details(qtbot):
    from PySide6.QtGui import QGuiApplication

    from ui.dialogs.errors import CrashDialog

    dialog = CrashDialog("Traceback: détails", "/tmp/elea.log")
    qtbot.addWidget(dialog)
    dialog.copy_details()
    assert QGuiApplication.clipboard().text() == "Traceback: détails"


def test_a_native_crash_leaves_its_python_stacks_in_the_data_folder(tmp_path):
    """A segfault inside Qt cannot be caught; the window's crash file still says where it happened."""
    import subprocess
    import sys
    from pathlib import Path

    crash_file = tmp_path / "plantage-natif.log"
    script = (
        "import ctypes\n"
        "from pathlib import Path\n"
        "from ui.app import enable_crash_traces\n"
        f"enable_crash_traces(Path({str(crash_file)!r}))\n"
        "ctypes.string_at(0)\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, timeout=60)
    assert result.returncode != 0
    text = crash_file.read_text(encoding="utf-8")
    assert "Fatal Python error" in text and "string_at" in text
