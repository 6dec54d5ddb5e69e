"""Helpers shared by the subcommands: printing, and opening the directory when a command runs."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(data: Any) -> None:
    """stdout holds only this JSON document."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def say(message: str = "") -> None:
    print(message)


def warn(message: str) -> None:
    print(message, file=sys.stderr)


def open_directory(data_dir):
    """``Directory.open``, imported here so that a command's ``--help`` does not load the directory
    (sqlite3, the models, the importer's helpers)."""
    from elea_desktop.directory.store import Directory

    return Directory.open(data_dir)
