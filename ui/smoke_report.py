"""What ``--smoke`` prints: one line per check, to the console and to the optional ``--report`` file."""

from __future__ import annotations

import sys
from contextlib import suppress
from pathlib import Path
from typing import TextIO

OK = "OK  "
FAILED = "ÉCHEC"


class Reporter:
    """Prints the lines to stdout (or the parent console on Windows) and to an optional report file."""

    def __init__(self, report_path: Path | None = None) -> None:
        self.streams: list[TextIO] = []
        console = sys.stdout if sys.stdout is not None else _windows_parent_console()
        if console is not None:
            self.streams.append(console)
        self._file = None
        if report_path is not None:
            self._file = open(report_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
            self.streams.append(self._file)
        self.lines: list[str] = []

    def line(self, text: str) -> None:
        self.lines.append(text)
        for stream in self.streams:
            with suppress(OSError, ValueError):
                stream.write(text + "\n")
                stream.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _windows_parent_console() -> TextIO | None:
    """A windowed Windows build has ``sys.stdout is None``: write to the console that started us, if any."""
    if sys.platform != "win32":
        return None
    try:
        import ctypes

        attach_parent_process = -1
        if not ctypes.windll.kernel32.AttachConsole(attach_parent_process):  # type: ignore[attr-defined]
            return None
        return open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115 - process lifetime
    except (OSError, AttributeError):
        return None


def format_ok(name: str, detail: str) -> str:
    return f"{OK}{name} ({detail})"


def format_failed(name: str, reason: str) -> str:
    return f"{FAILED} {name}: {reason}"

