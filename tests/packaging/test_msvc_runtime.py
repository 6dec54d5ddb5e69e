"""build.spec keeps one MSVC runtime per DLL name in the Windows bundle, the newest, at the root."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import msvc_runtime  # noqa: E402


def _fake_dll(path: Path, version: tuple[int, int, int, int]) -> str:
    most = (version[0] << 16) | version[1]
    least = (version[2] << 16) | version[3]
    fixed = struct.pack("<IIII", 0xFEEF04BD, 0x10000, most, least)
    path.write_bytes(b"MZ" + b"\0" * 200 + fixed + b"\0" * 40)
    return str(path)


def test_pe_file_version_reads_the_fixed_file_info(tmp_path):
    dll = _fake_dll(tmp_path / "a.dll", (14, 44, 35211, 0))
    assert msvc_runtime.pe_file_version(dll) == (14, 44, 35211, 0)
    (tmp_path / "none.dll").write_bytes(b"MZ no resource")
    assert msvc_runtime.pe_file_version(tmp_path / "none.dll") == (0, 0, 0, 0)


def test_the_newest_runtime_replaces_every_other_copy_at_the_root(tmp_path):
    python_copy = _fake_dll(tmp_path / "python-vcruntime140.dll", (14, 38, 33135, 0))
    qt_copy = _fake_dll(tmp_path / "qt-vcruntime140.dll", (14, 44, 35211, 0))
    shiboken_copy = _fake_dll(tmp_path / "shiboken-vcruntime140.dll", (14, 44, 35211, 0))
    msvcp = _fake_dll(tmp_path / "msvcp140.dll", (14, 44, 35211, 0))
    binaries = [
        ("VCRUNTIME140.dll", python_copy, "BINARY"),
        ("python311.dll", str(tmp_path / "python311.dll"), "BINARY"),
        ("PySide6\\VCRUNTIME140.dll", qt_copy, "BINARY"),
        ("shiboken6/vcruntime140.dll", shiboken_copy, "BINARY"),
        ("PySide6\\MSVCP140.dll", msvcp, "BINARY"),
    ]
    kept, notes = msvc_runtime.keep_newest_runtime(binaries)
    runtimes = [entry for entry in kept if "vcruntime" in entry[0].lower()]
    assert runtimes == [("VCRUNTIME140.dll", qt_copy, "BINARY")]
    assert ("python311.dll", str(tmp_path / "python311.dll"), "BINARY") in kept
    assert ("PySide6\\MSVCP140.dll", msvcp, "BINARY") in kept  # a single copy stays where it was
    assert len(kept) == 3
    assert len(notes) == 1 and "14.44.35211.0" in notes[0] and "14.38.33135.0" in notes[0]


def test_build_spec_applies_it():
    text = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "keep_newest_runtime(" in text
