"""Printing helpers shared by the subcommands."""

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
