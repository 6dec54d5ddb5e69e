"""The spec's trimming helpers, on made-up dependency graphs (no PyInstaller run here)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import bundle_trim  # noqa: E402

GRAPH = {
    "/src/QtWidgets.so": {"libQt6Widgets.so.6"},
    "/src/libQt6Widgets.so.6": {"libQt6Gui.so.6"},
    "/src/libQt6Gui.so.6": {"libglib-2.0.so.0", "libfreetype.so.6"},
    "/src/libqgtk3.so": {"libgtk-3.so.0", "libcairo.so.2", "libglib-2.0.so.0"},
    "/src/libcairo.so.2": {"libpixman-1.so.0", "libfreetype.so.6"},
    "/src/libpixman-1.so.0": set(),
    "/src/libglib-2.0.so.0": set(),
    "/src/libfreetype.so.6": set(),
    "/src/libpython3.11.so.1.0": set(),
    "/src/libhook.so": set(),  # collected by a hook, needed by nobody
}


@pytest.fixture
def fake_elf(monkeypatch):
    monkeypatch.setattr(bundle_trim, "_linux_with_binutils", lambda: True)
    monkeypatch.setattr(bundle_trim, "needed_libraries", lambda src: GRAPH.get(src, set()))


def _entry(dest):
    return (dest, "/src/" + Path(dest).name, "BINARY")


def test_only_libraries_of_dropped_plugins_go(fake_elf):
    kept = [
        _entry("PySide6/QtWidgets.so"),
        _entry("PySide6/Qt/lib/libQt6Widgets.so.6"),
        _entry("PySide6/Qt/lib/libQt6Gui.so.6"),
        _entry("libglib-2.0.so.0"),
        _entry("libfreetype.so.6"),
        _entry("libcairo.so.2"),
        _entry("libpixman-1.so.0"),
        _entry("libpython3.11.so.1.0"),
        _entry("libhook.so"),
    ]
    dropped = [_entry("PySide6/Qt/plugins/platformthemes/libqgtk3.so")]
    result, orphans = bundle_trim.drop_orphan_libraries(kept, dropped)
    assert orphans == ["libcairo.so.2", "libpixman-1.so.0"]  # glib and freetype are still needed by Qt
    assert [dest for dest, _, _ in result] == [
        "PySide6/QtWidgets.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libglib-2.0.so.0",
        "libfreetype.so.6",
        "libpython3.11.so.1.0",
        "libhook.so",
    ]


def test_nothing_dropped_means_nothing_removed(fake_elf):
    kept = [_entry("libcairo.so.2"), _entry("libpixman-1.so.0")]
    assert bundle_trim.drop_orphan_libraries(kept, []) == (kept, [])


def test_no_op_without_binutils(monkeypatch):
    monkeypatch.setattr(bundle_trim, "_linux_with_binutils", lambda: False)
    kept = [_entry("libcairo.so.2")]
    assert bundle_trim.drop_orphan_libraries(kept, [_entry("x/libqgtk3.so")]) == (kept, [])
    assert bundle_trim.strip_debug_info(kept, Path("/nonexistent")) == (kept, [])


@pytest.mark.skipif(
    not (sys.platform.startswith("linux") and shutil.which("readelf")), reason="needs Linux and binutils"
)
def test_needed_libraries_reads_a_real_elf_file():
    import _ctypes  # an extension module present in every CPython build

    needed = bundle_trim.needed_libraries(_ctypes.__file__)
    assert any(name.startswith("libc.so") or name.startswith("libffi") for name in needed) or needed == set()
    assert bundle_trim.needed_libraries(__file__) == set()  # not an ELF file
