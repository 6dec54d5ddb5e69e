"""The Linux-side logic of ``make windows`` / ``make windows-test`` (the Wine runs themselves are CI's)."""

from __future__ import annotations

import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import package_windows  # noqa: E402
import windows_install_checks  # noqa: E402
import windows_tests  # noqa: E402
import wine_toolchain  # noqa: E402
from wine_env import win_path  # noqa: E402


def test_windows_wheels_follow_pyproject_dependencies():
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    wanted = wine_toolchain.requirements()
    for requirement in project["dependencies"] + project["optional-dependencies"]["build"]:
        assert requirement in wanted  # as written, pins included: a pin change is followed
    assert "pip" in wanted


def test_windows_only_dependencies_are_found_in_the_wheels_metadata(tmp_path, monkeypatch):
    def wheel(name: str, *requires: str) -> Path:
        path = tmp_path / f"{name}-1.0-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as archive:
            lines = [f"Name: {name}", "Version: 1.0", *(f"Requires-Dist: {r}" for r in requires)]
            archive.writestr(f"{name}-1.0.dist-info/METADATA", "\n".join(lines) + "\n")
        return path

    win, linux = 'sys_platform == "win32"', 'sys_platform == "linux"'
    wheel("keyring", f"pywin32-ctypes>=0.2.0; {win}", f"SecretStorage>=3.2; {linux}", "jaraco.classes")
    wheel("jaraco.classes")
    wheel("pytest", 'colorama>=0.4; sys_platform == "win32"', 'exceptiongroup; python_version < "3.11"')
    monkeypatch.setattr(wine_toolchain, "WHEELS", tmp_path)
    missing = wine_toolchain._windows_only_missing(wine_toolchain._wheel_names())
    assert missing == ["colorama>=0.4", "pywin32-ctypes>=0.2.0"]


def test_win_path_goes_through_the_z_drive():
    assert win_path(Path("/work/wt14/build.spec")) == r"Z:\work\wt14\build.spec"


def test_upgrade_test_uses_a_higher_version():
    assert package_windows.upgrade_version("0.1.0") == "0.1.1"
    assert package_windows.upgrade_version("2.3") == "2.3.1"
    assert package_windows.upgrade_version("1.0.0rc1") == "1.0.1"


def test_windows_test_leaves_out_exactly_the_qt_tests():
    skipped = {path.relative_to(ROOT).as_posix() for path in windows_tests.qt_test_files()}
    assert "tests/packaging/test_icons.py" in skipped  # imports PySide6
    assert "tests/packaging/test_smoke.py" in skipped  # imports ui
    assert "tests/siecle/test_encoding.py" not in skipped and "tests/test_paths.py" not in skipped
    assert not any(name.startswith("tests/gui/") for name in skipped)  # ignored as a whole


def test_needs_qt_reads_imports_and_fixtures(tmp_path):
    cases = {
        "import PySide6.QtCore\n": True,
        "from ui.smoke import main\n": True,
        "def test_x(qtbot):\n    pass\n": True,
        "from tests.siecle_factory import build_xml\nimport lxml\n": False,
        "def test_y():\n    assert 'PySide6' not in 'core'\n": False,
    }
    for index, (source, expected) in enumerate(cases.items()):
        path = tmp_path / f"test_{index}.py"
        path.write_text(source, encoding="utf-8")
        assert windows_tests.needs_qt(path) is expected, source


def test_wine_stand_ins_are_marked_never_shipped():
    folder = ROOT / "scripts" / "wine"
    sources = sorted(folder.glob("*_stand_in.c"))
    assert [path.name for path in sources] == ["bcryptprimitives_stand_in.c", "icuuc_stand_in.c"]
    for path in [*sources, folder / "README.md"]:
        assert "NEVER SHIPPED" in path.read_text(encoding="utf-8"), path.name
    assert {f"{path.stem.removesuffix('_stand_in')}.dll" for path in sources} == set(
        wine_toolchain.STAND_IN_NAMES
    )


def test_ci_runs_the_windows_build_and_tests_after_the_linux_package():
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    package = text.index("\nmake package")
    assert (
        text.index("\nmake test")
        < package
        < text.index("\nmake windows ")
        < text.index("\nmake windows-test")
    )
    assert "wine32:i386" in text and "DPkg::Lock::Timeout=600" in text


def test_uninstall_key_is_read_from_wines_registry_file():
    key = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\{2E73C274-EF43-43C6-9277-02E563EF14A9}_is1"
    text = (
        "[Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall\\\\Other] 1\n"
        '"DisplayVersion"="9.9"\n\n'
        f"[{key.replace(chr(92), chr(92) * 2)}] 1796312458\n"
        "#time=1dd833cb0e72440\n"
        '"DisplayName"="\\xc9l\\x00e9a Desktop"\n'
        '"DisplayVersion"="0.1.0"\n'
        '"EstimatedSize"=dword:00018ec7\n'
        '"UninstallString"="\\"C:\\\\Program Files\\\\\\xc9l\\x00e9a Desktop\\\\unins000.exe\\""\n\n'
        "[Software\\\\Next] 1\n"
    )
    values = windows_install_checks.parse_registry(text, key)
    assert values == {
        "DisplayName": "Éléa Desktop",
        "DisplayVersion": "0.1.0",
        "UninstallString": '"C:\\Program Files\\Éléa Desktop\\unins000.exe"',
    }
    assert windows_install_checks.parse_registry(text, key + "x") is None
