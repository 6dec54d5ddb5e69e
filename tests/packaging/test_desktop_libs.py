"""``scripts/desktop_libs.sh`` (called by ``make run``): the xcb libraries the window needs on Linux are
installed when it may, named in a French command to type when it may not, and nothing is done when none is
missing. Driven with stand-in ``dpkg``, ``id``, ``sudo`` and ``apt-get`` first on the PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "desktop_libs.sh"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux start-up script")


def _tool(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def run(tmp_path, *, installed: str, uid: int, sudo: bool):
    """``installed``: the packages dpkg knows (``*``: every one)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    calls = tmp_path / "apt-calls"
    _tool(bin_dir, "dpkg", '[ "$1" = --print-architecture ] && { echo amd64; exit 0; }\n'
                           f'case " {installed} " in *" ${{2%%:*}} "*|*" * "*) exit 0;; esac; exit 1')
    _tool(bin_dir, "id", f"echo {uid}")
    _tool(bin_dir, "apt-get", f'echo "$@" >> "{calls}"')
    if sudo:
        _tool(bin_dir, "sudo", '[ "$1" = -n ] && exit 0; echo sudo >> ' f'"{calls}"; "$@"')
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    result = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, env=env, timeout=30)
    return result, calls.read_text().splitlines() if calls.exists() else []


def test_nothing_missing_does_nothing(tmp_path):
    result, calls = run(tmp_path, installed="*", uid=1000, sudo=False)
    assert result.returncode == 0 and calls == [] and result.stdout == ""


def test_as_root_the_missing_libraries_are_installed(tmp_path):
    result, calls = run(tmp_path, installed="libxcb-cursor0 libegl1", uid=0, sudo=False)
    assert result.returncode == 0
    install = next(line for line in calls if " install " in f" {line} ")
    assert "libxcb-icccm4" in install and "libxcb-keysyms1" in install
    assert "libxcb-cursor0" not in install and "libegl1" not in install  # only what is missing


def test_without_rights_it_says_which_command_to_type(tmp_path):
    result, calls = run(tmp_path, installed="", uid=1000, sudo=False)
    assert result.returncode == 1 and calls == []
    assert "Installez-les puis relancez « make run »" in result.stderr
    assert "sudo apt-get install" in result.stderr and "libxcb-icccm4" in result.stderr


def test_with_passwordless_sudo_it_installs_through_sudo(tmp_path):
    result, calls = run(tmp_path, installed="", uid=1000, sudo=True)
    assert result.returncode == 0
    assert calls.count("sudo") == 2 and any("install" in line for line in calls)
