"""One copy of each Microsoft Visual C++ runtime DLL in the Windows bundle: the newest.

python.org's CPython ships ``VCRUNTIME140.dll`` (14.38 for 3.11.9) and the PySide6/shiboken6 wheels ship
their own (14.44): PyInstaller collects both, one at the bundle root, one in ``PySide6/``. Windows loads a
DLL name once per process, so which copy wins depends on which module loads first: the process would run
Qt with python's older runtime. :func:`keep_newest_runtime` (called by build.spec) keeps, for each runtime
DLL name, only the copy with the highest file version, at the root of ``_internal`` (where the bootloader
points the DLL search path, so python311.dll and the Qt DLLs both get it). The runtime is backward
compatible: the newest serves modules built with an older one, never the other way round.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

RUNTIME_DLL = re.compile(r"^(vcruntime140(_1)?|msvcp140(_[a-z0-9_]+)?|concrt140)\.dll$", re.IGNORECASE)
# VS_FIXEDFILEINFO starts with this signature, then the structure version, then the file version
_FIXED_FILE_INFO = struct.pack("<I", 0xFEEF04BD)


def pe_file_version(path: str | Path) -> tuple[int, int, int, int]:
    """The file version of a Windows DLL or EXE from its version resource, (0, 0, 0, 0) without one."""
    data = Path(path).read_bytes()
    index = data.find(_FIXED_FILE_INFO)
    if index < 0 or len(data) < index + 16:
        return (0, 0, 0, 0)
    most, least = struct.unpack_from("<II", data, index + 8)
    return (most >> 16, most & 0xFFFF, least >> 16, least & 0xFFFF)


def _basename(dest: str) -> str:
    return re.split(r"[\\/]", dest)[-1]


def keep_newest_runtime(binaries: list[tuple], version_of=pe_file_version) -> tuple[list[tuple], list[str]]:
    """``binaries`` (PyInstaller TOC entries ``(dest, src, typecode)``) with one entry per runtime DLL
    name: the newest, placed at the bundle root (a name found once is left alone). Returns the new list
    and one line per replaced group."""
    groups: dict[str, list[tuple]] = {}
    for entry in binaries:
        name = _basename(entry[0])
        if RUNTIME_DLL.match(name):
            groups.setdefault(name.lower(), []).append(entry)
    chosen: dict[str, tuple] = {}
    notes: list[str] = []
    for key, entries in groups.items():
        if len(entries) == 1:
            continue  # a single copy stays where its package put it
        versions = {entry[1]: version_of(entry[1]) for entry in entries}
        newest = max(entries, key=lambda entry: versions[entry[1]])
        chosen[key] = (_basename(newest[0]), newest[1], newest[2])
        kept = ".".join(map(str, versions[newest[1]]))
        dropped = ", ".join(
            f"{entry[0]} {'.'.join(map(str, versions[entry[1]]))}" for entry in entries if entry is not newest
        )
        notes.append(f"{chosen[key][0]} {kept} (from {newest[0]}) replaces {dropped}")
    result: list[tuple] = []
    for entry in binaries:
        key = _basename(entry[0]).lower()
        if key in chosen:
            if chosen[key] is not None:
                result.append(chosen[key])
                chosen[key] = None  # placed once
            continue
        result.append(entry)
    return result, notes
