"""Running the command line in-process, as a test would type it."""

from __future__ import annotations

import json

from elea_desktop.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``main.py ARGV…``."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    """The JSON document printed by a successful ``ARGV… --json``."""
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)
