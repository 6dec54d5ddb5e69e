"""Listing bundled files the same way on case-sensitive (Linux) and case-insensitive (Windows) disks."""

from __future__ import annotations

from elea_desktop.paths import files_with_suffix


def test_each_file_is_listed_once_whatever_the_case_of_its_suffix(tmp_path):
    for name in ("b.TTF", "a.ttf", "C.Ttf", "notes.txt", "ttf"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "folder.ttf").mkdir()
    # On Windows glob("*.ttf") and glob("*.TTF") both match all three: the old smoke check listed 6.
    assert [path.name for path in files_with_suffix(tmp_path, ".ttf")] == ["a.ttf", "b.TTF", "C.Ttf"]
