"""Text checks of the packaging files that cannot run here (Inno Setup, PowerShell, Windows resource)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"
ISS = ROOT / "installer" / "EleaDesktop.iss"
PS1 = ROOT / "installer" / "build-windows.ps1"
VERSION_TEMPLATE = ROOT / "installer" / "version_info.txt.in"
# Generated once, never to change: Windows recognises upgrades and the uninstaller by it.
APP_ID = "2E73C274-EF43-43C6-9277-02E563EF14A9"

sys.path.insert(0, str(ROOT / "scripts"))
import version_info  # noqa: E402


def _iss_lines() -> list[str]:
    return [line.strip() for line in ISS.read_text(encoding="utf-8-sig").splitlines()]


def _directive(name: str) -> str:
    values = [line.split("=", 1)[1] for line in _iss_lines() if line.startswith(f"{name}=")]
    assert len(values) == 1, f"{name} must be set exactly once in {ISS.name}"
    return values[0]


# -- build.spec --------------------------------------------------------------------------------------
def test_spec_is_valid_python():
    ast.parse(SPEC.read_text(encoding="utf-8"))


def test_spec_one_folder_windowed_without_upx():
    text = SPEC.read_text(encoding="utf-8")
    assert "upx=True" not in text
    assert text.count("upx=False") == 2  # EXE and COLLECT
    assert "console=False" in text
    assert "exclude_binaries=True" in text and "COLLECT(" in text  # one folder, not one file
    assert 'NAME = "EleaDesktop"' in text and "name=NAME" in text


def test_spec_reads_the_version_from_pyproject():
    text = SPEC.read_text(encoding="utf-8")
    assert "tomllib.load" in text and '"pyproject.toml"' in text and '["project"]["version"]' in text
    assert not re.search(r"VERSION\s*=\s*['\"]\d", text), "the version must not be written in the spec"


def test_spec_bundles_resources_icon_and_keyring_backends():
    text = SPEC.read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in text
    assert "elea-desktop.ico" in text and "version=version_file" in text
    assert 'collect_submodules("keyring.backends")' in text
    assert "win32ctypes" in text
    assert 'collect_submodules("reportlab.graphics.barcode")' in text  # rl_exec imports


def test_spec_excludes_unused_modules_but_keeps_pdf_printing():
    text = SPEC.read_text(encoding="utf-8")
    excludes = ast.literal_eval(re.search(r"^excludes = (\[.*?^\])", text, re.S | re.M).group(1))
    assert "tkinter" in excludes and "PySide6.QtQml" in excludes and "PySide6.QtQuick" in excludes
    for needed in ("PySide6.QtPdf", "PySide6.QtPrintSupport", "PySide6.QtNetwork", "PySide6.QtSvg", "PIL"):
        assert needed not in excludes, f"{needed} is needed at run time"
    assert 'KEPT_TRANSLATIONS = {"qtbase_fr", "qt_fr"}' in text


# -- Inno Setup ------------------------------------------------------------------------------------------
def test_iss_is_utf8_with_bom():
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf"), "Inno Setup reads a BOM-less script as ANSI"


def test_iss_per_user_install():
    assert _directive("PrivilegesRequired") == "lowest"
    assert _directive("PrivilegesRequiredOverridesAllowed") == "dialog"
    assert _directive("DefaultDirName") == r"{autopf}\{#AppName}"
    assert '#define AppName "Éléa Desktop"' in _iss_lines()


def test_iss_stable_app_id():
    assert _directive("AppId") == "{{" + APP_ID + "}"
    assert re.fullmatch(r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", APP_ID)


def test_iss_french_wizard_shortcuts_and_uninstaller():
    lines = _iss_lines()
    assert 'Name: "french"; MessagesFile: "compiler:Languages\\French.isl"' in lines
    assert not any(line.startswith('Name: "english"') for line in lines)
    desktop_task = next(line for line in lines if line.startswith('Name: "desktopicon"'))
    assert "Flags: unchecked" in desktop_task
    assert any(line.startswith(r'Name: "{autoprograms}\{#AppName}"') for line in lines)
    assert any(
        line.startswith(r'Name: "{autodesktop}\{#AppName}"') and "Tasks: desktopicon" in line
        for line in lines
    )
    assert not any(re.match(r"Uninstallable\s*=\s*(no|false|0)", line, re.I) for line in lines)
    assert _directive("UninstallDisplayIcon") == r"{app}\{#AppExeName}"


def test_iss_takes_the_version_from_the_command_line():
    lines = _iss_lines()
    assert "#ifndef AppVersion" in lines
    assert _directive("AppVersion") == "{#AppVersion}"
    assert "OutputBaseFilename=EleaDesktop-{#AppVersion}-setup" in lines
    source = r'Source: "..\dist\windows\EleaDesktop\*"'
    assert any(source in line and "recursesubdirs" in line for line in lines)


def test_iss_signing_is_a_commented_placeholder():
    lines = _iss_lines()
    assert "; SignTool=signtool $f" in lines
    assert not any(line.startswith("SignTool=") for line in lines)


def test_iss_refuses_windows_10_builds_qt6_cannot_run():
    # Qt 6 supports Windows 10 1809 (build 17763) and later; "10.0" let older builds install and fail.
    assert _directive("MinVersion") == "10.0.17763"


def test_iss_needs_inno_setup_6_3_and_says_ci_compiles_it():
    assert _directive("ArchitecturesAllowed") == "x64compatible"  # new in Inno Setup 6.3
    header = "\n".join(line for line in _iss_lines() if line.startswith(";"))
    assert "Inno Setup 6.3 or later" in header
    assert "The CI compiles it" in header
    assert "cannot be compiled" not in header


# -- PowerShell ----------------------------------------------------------------------------------------
def test_build_script_steps():
    text = PS1.read_text(encoding="ascii")  # ASCII only: PowerShell 5.1 reads BOM-less files as ANSI
    for step in (
        '"-m", "venv", ".venv"',
        '".[build]"',
        "scripts\\version_info.py",
        '"-m", "PyInstaller"',
        '"build.spec"',
        '"--smoke", "--report"',
        '"/DAppVersion=$Version"',
        "installer\\EleaDesktop.iss",
        "Get-FileHash -Algorithm SHA256",
    ):
        assert step in text, step
    assert '$ErrorActionPreference = "Stop"' in text and "$LASTEXITCODE -ne 0" in text


def test_build_script_finds_inno_setup_6_3_or_7():
    text = PS1.read_text(encoding="ascii")
    assert 'foreach ($major in @("7", "6"))' in text
    assert "Inno Setup $major\\ISCC.exe" in text
    assert "Inno Setup 6.3 or later" in text
    assert "Inno Setup 6 (" not in text and "(Inno Setup 6)" not in text


# -- Version resource ------------------------------------------------------------------------------------
def test_version_template_has_the_placeholders():
    text = VERSION_TEMPLATE.read_text(encoding="utf-8")
    body = text[text.index("VSVersionInfo(") :]
    assert body.count("@VERSION_TUPLE@") == 2 and body.count("@VERSION@") == 2
    assert "StringTable(\n          '040C04B0'" in text
    assert "VarStruct('Translation', [1036, 1200])" in text


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("2.0.1rc1", (2, 0, 1, 0)),
        ("3.4.5+local.7", (3, 4, 5, 0)),
    ],
)
def test_version_tuple(version, expected):
    assert version_info.version_tuple(version) == expected


def test_version_tuple_rejects_too_large_numbers():
    with pytest.raises(ValueError):
        version_info.version_tuple("70000.0.0")


def test_filled_version_file_parses_as_vsversioninfo(tmp_path):
    """PyInstaller's own parser reads the filled file (its Windows-only imports are stubbed out)."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    output = version_info.write_version_file(tmp_path / "version_info.txt")
    assert not re.search(r"@[A-Z_]+@", output.read_text(encoding="utf-8"))
    probe = (
        "import sys, types\n"
        "sys.modules.setdefault('pefile', types.ModuleType('pefile'))\n"
        "import PyInstaller.compat as compat\n"
        "compat.win32api = None\n"
        "from PyInstaller.utils.win32 import versioninfo\n"
        f"info = versioninfo.load_version_info_from_text_file({str(output)!r})\n"
        "table = info.kids[0].kids[0]\n"
        "strings = {s.name: s.val for s in table.kids}\n"
        "fields = [table.name, strings['FileVersion'], strings['ProductName'], str(info.ffi.fileVersionMS)]\n"
        "print('|'.join(fields))\n"
        "info.toRaw()\n"
    )
    # the child prints "Éléa": UTF-8 on every OS (Windows pipes default to the ANSI code page)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", env=env
    )
    assert result.returncode == 0, result.stderr
    table, file_version, product, version_ms = result.stdout.strip().split("|")
    assert table == "040C04B0" and file_version == version
    major, minor = version_info.version_tuple(version)[:2]
    assert int(version_ms) == (major << 16) | minor
    assert product == "Éléa Desktop"
