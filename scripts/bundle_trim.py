"""Trimming helpers for build.spec (PyInstaller TOC lists of ``(dest, src, typecode)``).

PyInstaller resolves the shared-library dependencies of every collected binary during ``Analysis``.
When the spec then drops a Qt plugin (say the GTK platform theme), the system libraries it pulled in
(GTK, cairo, pango…) are still listed. :func:`drop_orphan_libraries` removes exactly those: top-level
libraries reachable (through ELF ``DT_NEEDED``) from a dropped binary and from no kept one. Libraries
unrelated to the dropped binaries are never touched, so anything a hook collected on purpose stays.

:func:`strip_debug_info` replaces binaries carrying DWARF debug info by ``strip --strip-debug`` copies.
Both are Linux-only and no-ops elsewhere (or without binutils).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[(?P<name>[^\]]+)\]")


def _linux_with_binutils() -> bool:
    return sys.platform.startswith("linux") and bool(shutil.which("readelf") and shutil.which("strip"))


def needed_libraries(path: str) -> set[str]:
    """The ``DT_NEEDED`` sonames of an ELF file (empty if it is not one)."""
    output = subprocess.run(["readelf", "-d", "-W", path], capture_output=True, text=True).stdout
    return {match.group("name") for match in _NEEDED.finditer(output)}


def _closure(roots: list[str], by_name: dict[str, str], needed: dict[str, set[str]]) -> set[str]:
    """Top-level library names reachable from ``roots`` (source paths) through DT_NEEDED."""
    seen: set[str] = set()
    pending = [name for src in roots for name in needed.get(src, ())]
    while pending:
        name = pending.pop()
        if name in seen or name not in by_name:
            continue
        seen.add(name)
        pending.extend(needed.get(by_name[name], ()))
    return seen


def drop_orphan_libraries(kept: list, dropped: list) -> tuple[list, list[str]]:
    """``kept`` without the top-level libraries that only ``dropped`` binaries needed."""
    if not _linux_with_binutils() or not dropped:
        return kept, []
    top_level = {Path(dest).name: src for dest, src, _ in kept if "/" not in dest and "\\" not in dest}
    needed = {src: needed_libraries(src) for _, src, _ in [*kept, *dropped]}
    roots = [src for dest, src, _ in kept if Path(dest).name not in top_level or "/" in dest]
    # libraries are roots too when nothing in the bundle needs them (e.g. collected by a hook)
    needed_by_anything = {name for names in needed.values() for name in names}
    roots += [src for name, src in top_level.items() if name not in needed_by_anything]
    wanted = _closure(roots, top_level, needed)
    pulled_by_dropped = _closure([src for _, src, _ in dropped], top_level, needed)
    orphans = sorted(pulled_by_dropped - wanted)
    result = [entry for entry in kept if not ("/" not in entry[0] and entry[0] in orphans)]
    return result, orphans


def strip_debug_info(binaries: list, out_dir: Path) -> tuple[list, list[str]]:
    """Binaries with a ``.debug_info`` section replaced by ``strip --strip-debug`` copies (symbols kept)."""
    if not _linux_with_binutils():
        return binaries, []
    result = []
    stripped = []
    for dest, src, typecode in binaries:
        sections = subprocess.run(["readelf", "-S", "-W", src], capture_output=True, text=True).stdout
        if ".debug_info" in sections:
            target = out_dir / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["strip", "--strip-debug", "-o", str(target), src], check=True)
            stripped.append(dest)
            src = str(target)
        result.append((dest, src, typecode))
    return result, stripped
