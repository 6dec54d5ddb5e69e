"""Build the Windows bundle and installer under Wine and prove they work: ``make windows`` (Linux).

1. sets up what it needs (scripts/wine_toolchain.py: Windows wheels of pyproject's dependencies, the
   embeddable Windows CPython, Inno Setup, a Wine prefix with the test-only stand-in DLLs);
2. ``python.exe -m PyInstaller build.spec`` under Wine → ``dist/windows/EleaDesktop/``, and checks it
   (one MSVC runtime, the newest; no stand-in DLL; QtPdf; no QML; each font once);
3. runs the frozen ``EleaDesktop.exe --smoke --report …`` (offscreen): the 8 checks, Windows Credential
   Manager included;
4. compiles ``installer/EleaDesktop.iss`` with ISCC, no warning allowed →
   ``dist/installer/EleaDesktop-<version>-setup.exe`` (and an upgrade setup with a newer version number);
5. installs, runs, upgrades and uninstalls it in a fresh prefix (scripts/windows_install_checks.py).

Prints one line per check and a table at the end; stops at the first failure (exit code 1). Run it under
``xvfb-run`` (the setup needs a display even when silent): the Makefile does. ``--reuse-bundle`` skips
the PyInstaller step when ``dist/windows/EleaDesktop`` exists (development only; CI always builds).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from pathlib import Path

import wine_toolchain as toolchain
from msvc_runtime import RUNTIME_DLL, pe_file_version
from package_linux import CHECK_LINE, EXPECTED_CHECKS
from package_linux import _check_name as check_name
from version_info import project_version
from windows_install_checks import InstallCycle
from wine_env import Wine, WineError, win_path

ROOT = toolchain.ROOT
DIST = ROOT / "dist" / "windows"
BUNDLE = DIST / "EleaDesktop"
INSTALLER_DIR = ROOT / "dist" / "installer"
WORK = toolchain.WORK
LOGS = WORK / "logs"
FIGURES = ROOT / "artifacts" / "windows-figures.json"
TARGET_BUNDLE_MIB = 150.0
TARGET_SMOKE_S = 10.0


class Stop(Exception):
    """The first failed check: make windows stops there."""


class Run:
    def __init__(self) -> None:
        self.checks: list[tuple[str, bool]] = []
        self.figures: dict = {"version": project_version()}

    def check(self, condition: bool, message: str) -> bool:
        print(f"{'OK  ' if condition else 'ÉCHEC'} {message}", flush=True)
        self.checks.append((message, condition))
        if not condition:
            raise Stop(message)
        return True


def upgrade_version(version: str) -> str:
    """A higher version number than ``version`` for the upgrade test: 0.1.0 → 0.1.1."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:3]]
    numbers += [0] * (3 - len(numbers))
    numbers[2] += 1
    return ".".join(map(str, numbers))


def build_bundle(run: Run, wine: Wine) -> None:
    if shutil.which("x86_64-w64-mingw32-gcc") is None:
        raise Stop("gcc-mingw-w64-x86-64-win32 absent")
    if "--reuse-bundle" in sys.argv and (BUNDLE / "EleaDesktop.exe").is_file():
        print("(bundle réutilisé : --reuse-bundle)", flush=True)
        return
    started = time.perf_counter()
    LOGS.mkdir(parents=True, exist_ok=True)
    command = [
        win_path(toolchain.python_exe()), "-m", "PyInstaller", "--noconfirm", "--clean",
        "--distpath", win_path(DIST), "--workpath", win_path(WORK / "pyinstaller"),
        win_path(ROOT / "build.spec"),
    ]  # fmt: skip
    result = wine.run(command, timeout=3600, check=False, cwd=ROOT)
    (LOGS / "pyinstaller.log").write_text(result.stdout, encoding="utf-8")
    elapsed = time.perf_counter() - started
    run.figures["build_seconds"] = round(elapsed, 1)
    if result.returncode != 0:
        print("\n".join(result.stdout.splitlines()[-25:]), file=sys.stderr)
    run.check(
        result.returncode == 0 and (BUNDLE / "EleaDesktop.exe").is_file(),
        f"bundle Windows construit par PyInstaller sous Wine en {elapsed:.0f} s (logs/pyinstaller.log)",
    )


def bundle_facts(run: Run) -> None:
    files = [path for path in BUNDLE.rglob("*") if path.is_file()]
    names = [path.relative_to(BUNDLE).as_posix() for path in files]
    lower = [name.lower() for name in names]
    stand_ins = [name for name in names if Path(name).name.lower() in toolchain.STAND_IN_NAMES]
    run.check(
        not stand_ins,
        f"aucune DLL de substitution Wine dans le bundle ({', '.join(toolchain.STAND_IN_NAMES)})",
    )
    runtimes: dict[str, list[Path]] = {}
    for path in files:
        if RUNTIME_DLL.match(path.name):
            runtimes.setdefault(path.name.lower(), []).append(path)
    doubles = {name: paths for name, paths in runtimes.items() if len(paths) > 1}
    vcruntime = runtimes.get("vcruntime140.dll", [])
    version = ".".join(map(str, pe_file_version(vcruntime[0]))) if vcruntime else "absent"
    run.check(bool(vcruntime) and not doubles,
              f"un seul runtime MSVC par DLL (VCRUNTIME140.dll {version} à "
              f"{vcruntime[0].parent.relative_to(BUNDLE).as_posix() if vcruntime else '?'})"
              + (f" ; en double : {sorted(doubles)}" if doubles else ""))  # fmt: skip
    run.figures["vcruntime140"] = version
    for library in ("qt6pdf.dll", "qt6printsupport.dll", "qoffscreen.dll", "qwindows.dll"):
        run.check(any(name.endswith("/" + library) for name in lower), f"{library} présent")
    qml = [name for name in names if re.search(r"Qt6?(Qml|Quick)|/qml/", name)]
    run.check(not qml, "aucune bibliothèque QML/Quick" + (f" ({qml[:3]})" if qml else ""))
    fonts = sorted(
        name for name in lower if name.startswith("_internal/resources/fonts/") and name.endswith(".ttf")
    )
    source = sorted(
        p.name.lower() for p in (ROOT / "resources" / "fonts").iterdir() if p.suffix.lower() == ".ttf"
    )
    run.check([Path(f).name for f in fonts] == source, f"polices embarquées ({len(fonts)} TTF)")
    size = sum(path.stat().st_size for path in files)
    run.figures.update(bundle_mib=round(size / 2**20, 1), bundle_files=len(files))
    run.check(
        size / 2**20 < TARGET_BUNDLE_MIB,
        f"taille du bundle {size / 2**20:.1f} Mio ({len(files)} fichiers) < {TARGET_BUNDLE_MIB:.0f} Mio",
    )


def smoke(run: Run, wine: Wine, exe: Path, label: str) -> dict:
    """``EleaDesktop.exe --smoke --report`` (windowed exe: the lines come from the report file)."""
    LOGS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"\W+", "-", label)
    report = LOGS / f"smoke-{slug}.txt"
    report.unlink(missing_ok=True)
    started = time.perf_counter()
    result = wine.run([win_path(exe), "--smoke", "--report", win_path(report)], timeout=600, check=False,
                      extra_env={"QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    wall = time.perf_counter() - started
    lines = report.read_text(encoding="utf-8").splitlines() if report.is_file() else []
    for line in lines:
        print(f"    {line}")
    checks = [line for line in lines if CHECK_LINE.match(line)]
    names = {check_name(line) for line in checks}
    failed = [line for line in checks if not line.startswith("OK  ")]
    missing = [name for name in EXPECTED_CHECKS if name not in names]
    keyring_line = next((line for line in checks if line.startswith("OK  trousseau")), "")
    total = re.search(r"^Total : ([\d.]+) s", "\n".join(lines), re.MULTILINE)
    seconds = float(total.group(1)) if total else None
    run.check(
        result.returncode == 0 and not failed and not missing,
        f"--smoke ({label}) : {len(checks) - len(failed)}/{len(EXPECTED_CHECKS)} vérifications OK, "
        f"code {result.returncode}, {wall:.1f} s processus compris"
        + (f" ; manquantes : {missing}" if missing else "")
        + (f" ; échecs : {failed}" if failed else ""),
    )
    run.check("WinVault" in keyring_line, f"trousseau : Gestionnaire d'identification Windows ({label})")
    run.check(
        seconds is not None and seconds < TARGET_SMOKE_S,
        f"--smoke en {seconds} s (dans l'application) < {TARGET_SMOKE_S:.0f} s",
    )
    return {"passed": True, "smoke_seconds": seconds, "smoke_wall_seconds": round(wall, 1)}


def compile_setup(run: Run, wine: Wine, iscc: Path, version: str, output: Path) -> Path:
    started = time.perf_counter()
    numeric = ".".join((re.findall(r"\d+", version) + ["0", "0", "0"])[:3])
    command = [win_path(iscc), f"/DAppVersion={version}", f"/DAppNumericVersion={numeric}",
               f"/O{win_path(output)}", win_path(ROOT / "installer" / "EleaDesktop.iss")]  # fmt: skip
    result = wine.run(command, timeout=1800, check=False)
    (LOGS / f"iscc-{version}.log").write_text(result.stdout, encoding="utf-8")
    elapsed = time.perf_counter() - started
    lines = result.stdout.splitlines()
    warnings = [line.strip() for line in lines if re.search(r"\bwarnings?\b", line, re.I)]
    setup = output / f"EleaDesktop-{version}-setup.exe"
    if result.returncode != 0:
        print("\n".join(result.stdout.splitlines()[-20:]), file=sys.stderr)
    run.check(
        result.returncode == 0 and setup.is_file(),
        f"ISCC compile l'installeur {version} en {elapsed:.0f} s ({setup.relative_to(ROOT)})",
    )
    run.check(not warnings, "ISCC sans avertissement" + (f" : {warnings}" if warnings else ""))
    run.figures.setdefault("iscc_seconds", round(elapsed, 1))
    return setup


def print_table(run: Run) -> None:
    f = run.figures
    rows = [
        ("Taille du bundle (dist/windows/EleaDesktop)",
         f"{f.get('bundle_mib', '—')} Mio ({f.get('bundle_files', '—')} fichiers)"),
        ("Taille de l'installeur", f"{f.get('setup_mib', '—')} Mio"),
        ("--smoke du bundle (dans l'application)", f"{f.get('smoke_seconds', '—')} s"),
        ("--smoke de l'application installée", f"{f.get('installed_smoke_seconds', '—')} s"),
        ("Construction PyInstaller sous Wine", f"{f.get('build_seconds', '—')} s"),
        ("Compilation ISCC", f"{f.get('iscc_seconds', '—')} s"),
        ("make windows, au total", f"{f.get('total_seconds', '—')} s"),
    ]  # fmt: skip
    print(f"\n{'Mesure':<48} Valeur")
    print("-" * 80)
    for label, value in rows:
        print(f"{label:<48} {value}")
    print(f"\n{'Vérification':<96} Verdict")
    print("-" * 104)
    for message, passed in run.checks:
        print(f"{message[:95]:<96} {'OK' if passed else 'ÉCHEC'}")


def main() -> int:
    if not sys.platform.startswith("linux"):
        print("package_windows.py tourne sous Linux (Wine) ; sous Windows : installer/build-windows.ps1")
        return 2
    started = time.perf_counter()
    run = Run()
    version = run.figures["version"]
    try:
        wine, iscc = toolchain.prepare()
        run.figures["windows_python"] = toolchain.windows_version(wine)
        run.check(
            True, f"outils prêts (Python Windows et libxml2 : {run.figures['windows_python']}, {iscc.name})"
        )
        build_bundle(run, wine)
        bundle_facts(run)
        run.figures.update(smoke(run, wine, BUNDLE / "EleaDesktop.exe", "bundle"))
        setup = compile_setup(run, wine, iscc, version, INSTALLER_DIR)
        run.figures["setup_mib"] = round(setup.stat().st_size / 2**20, 1)
        newer = upgrade_version(version)
        upgrade = compile_setup(run, wine, iscc, newer, WORK / "upgrade-setup")
        tester = Wine(WORK / "prefix-install", toolchain.HOME)
        run.figures["fresh_prefix_seconds"] = round(tester.create(toolchain.stand_in_dlls()), 1)
        cycle = InstallCycle(tester, BUNDLE, run.check, lambda w, exe, label: smoke(run, w, exe, label))
        cycle.install(setup, version, LOGS)
        cycle.run_installed()
        cycle.upgrade(upgrade, newer, LOGS)
        cycle.uninstall(LOGS)
        installed_stand_ins = [
            p
            for p in (WORK / "prefix-install" / "drive_c").rglob("*")
            if p.name.lower() in toolchain.STAND_IN_NAMES and "system32" not in p.parts
        ]
        run.check(
            not installed_stand_ins, "aucune DLL de substitution hors de system32 (installation comprise)"
        )
        run.figures.update(cycle.figures)
        tester.kill()
        wine.kill()
    except (Stop, WineError, RuntimeError, OSError) as error:
        if not isinstance(error, Stop):
            run.checks.append((str(error).splitlines()[0], False))
            print(f"ÉCHEC {error}", file=sys.stderr)
        run.figures["total_seconds"] = round(time.perf_counter() - started)
        print_table(run)
        return 1
    run.figures["total_seconds"] = round(time.perf_counter() - started)
    print_table(run)
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(run.figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nChiffres écrits dans {FIGURES.relative_to(ROOT)}. Installeur Windows vérifié.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
