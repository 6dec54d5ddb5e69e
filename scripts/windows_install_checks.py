"""The setup's life cycle in a fresh Wine prefix, for ``make windows``: install, run, upgrade, uninstall.

The shipped ``EleaDesktop-<version>-setup.exe`` is installed silently with ``/ALLUSERS`` (Wine 8 does not
implement ``FOLDERID_UserProgramFiles``, so the per-user ``{autopf}`` cannot be expanded there; the
all-users install runs the script unchanged). Then: the installed files are the bundle's, the Start-menu
shortcut and the uninstall key exist, the **installed** application passes ``--smoke`` and writes its data
folder; a setup with a newer version number upgrades it (a stale file planted in ``_internal`` is gone,
the data folder is kept, the uninstall key shows the new version); the uninstaller leaves nothing but the
data folder (the whole ``C:`` drive is compared with its state before the install).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from wine_env import Wine, win_path

APP_ID = "{2E73C274-EF43-43C6-9277-02E563EF14A9}"
# HKLM (the all-users install), as stored in the prefix's system.reg
UNINSTALL_KEY = rf"Software\Microsoft\Windows\CurrentVersion\Uninstall\{APP_ID}_is1"
APP_FOLDER = ("Program Files", "Éléa Desktop")
SHORTCUT = ("ProgramData", "Microsoft", "Windows", "Start Menu", "Programs", "Éléa Desktop.lnk")
SETUP_FLAGS = ["/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/ALLUSERS"]
STALE_FILE = "stale-from-previous-version.dll"
# Wine's own bookkeeping, never the installer's doing
IGNORED = re.compile(r"^(windows/|users/[^/]+/AppData/Local/Temp/|users/[^/]+/Temp/"
                     r"|ProgramData/Microsoft/Windows/"
                     r"Start Menu/Programs/$)", re.IGNORECASE)  # fmt: skip


def drive_files(wine: Wine) -> set[str]:
    root = wine.drive_c
    found = set()
    for path in root.rglob("*"):
        relative = path.relative_to(root).as_posix() + ("/" if path.is_dir() else "")
        if not IGNORED.match(relative):
            found.add(relative)
    return found


def bundle_files(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def _reg_text(value: str) -> str:
    """A string of Wine's registry files: ``\\`` and ``\\xHHHH`` escapes (``wine reg query`` does not
    list the keys Inno Setup writes, so the checks read the file the registry is saved to)."""
    value = re.sub(r"\\x([0-9a-fA-F]{1,4})", lambda m: chr(int(m.group(1), 16)), value)
    return value.replace('\\"', '"').replace("\\\\", "\\")


def registry_values(wine: Wine, key: str) -> dict[str, str] | None:
    """The string values of an HKLM key, or None if the key does not exist (after ``wineserver -w``)."""
    wine.wait()
    return parse_registry((wine.prefix / "system.reg").read_text(encoding="utf-8", errors="replace"), key)


def parse_registry(text: str, key: str) -> dict[str, str] | None:
    header = "[" + key.replace("\\", "\\\\") + "]"
    values: dict[str, str] | None = None
    for line in text.splitlines():
        if values is None:
            if line.startswith(header):
                values = {}
            continue
        if not line.strip() or line.startswith("["):
            break
        match = re.match(r'^"((?:[^"\\]|\\.)*)"="((?:[^"\\]|\\.)*)"$', line)
        if match:
            values[_reg_text(match.group(1))] = _reg_text(match.group(2))
    return values


class InstallCycle:
    def __init__(self, wine: Wine, bundle: Path, check: Callable[[bool, str], bool],
                 smoke: Callable[[Wine, Path, str], dict]) -> None:  # fmt: skip
        self.wine = wine
        self.bundle = bundle
        self.check = check
        self.smoke = smoke
        self.figures: dict = {}

    @property
    def app_dir(self) -> Path:
        return self.wine.drive_c.joinpath(*APP_FOLDER)

    @property
    def data_dir(self) -> Path:
        return self.wine.user_dir() / "AppData" / "Roaming" / "EleaDesktop"

    def _run_setup(self, setup: Path, label: str, log_dir: Path) -> bool:
        started = time.perf_counter()
        log = log_dir / f"setup-{label}.log"
        result = self.wine.run(
            [win_path(setup), *SETUP_FLAGS, f"/LOG={win_path(log)}"], timeout=900, check=False
        )
        self.wine.wait()
        self.figures[f"setup_{label}_seconds"] = round(time.perf_counter() - started, 1)
        return self.check(
            result.returncode == 0, f"{label} silencieuse : code {result.returncode} ({log.name})"
        )

    def install(self, setup: Path, version: str, log_dir: Path) -> bool:
        before = drive_files(self.wine)
        self.before = before
        if not self._run_setup(setup, "installation", log_dir):
            return False
        installed = bundle_files(self.app_dir) if self.app_dir.is_dir() else {}
        expected = bundle_files(self.bundle)
        missing = sorted(set(expected) - set(installed))
        differ = sorted(name for name in expected if name in installed and installed[name] != expected[name])
        extra = sorted(set(installed) - set(expected) - {"unins000.exe", "unins000.dat"})
        ok = self.check(
            not missing and not differ and not extra and "unins000.exe" in installed,
            f"fichiers installés = bundle ({len(expected)} fichiers) + désinstalleur"
            + (f" ; manquants : {missing[:5]}" if missing else "")
            + (f" ; différents : {differ[:5]}" if differ else "")
            + (f" ; en trop : {extra[:5]}" if extra else ""),
        )
        shortcut = self.wine.drive_c.joinpath(*SHORTCUT)
        target = "EleaDesktop.exe"
        ok &= self.check(
            shortcut.is_file() and (target.encode() in shortcut.read_bytes() or target.encode("utf-16-le")
                                    in shortcut.read_bytes()),
            f"raccourci du menu Démarrer ({'/'.join(SHORTCUT[-2:])} → {target})",
        )  # fmt: skip
        values = registry_values(self.wine, UNINSTALL_KEY) or {}
        ok &= self.check(
            values.get("DisplayVersion") == version
            and values.get("DisplayName") == "Éléa Desktop"
            and "unins000.exe" in values.get("UninstallString", ""),
            f"clé de désinstallation HKLM\\…\\Uninstall\\{APP_ID}_is1 "
            f"(« {values.get('DisplayName', '?')} » {values.get('DisplayVersion', 'absente')})",
        )
        return ok

    def run_installed(self) -> bool:
        exe = self.app_dir / "EleaDesktop.exe"
        smoke = self.smoke(self.wine, exe, "application installée")
        self.figures["installed_smoke_seconds"] = smoke.get("smoke_seconds")
        if not smoke.get("passed"):
            return False
        # the application itself creates its data folder (%APPDATA%\EleaDesktop), as on a user's PC
        result = self.wine.run([win_path(exe), "settings", "set", "--name", "Collège d'essai Wine"],
                               timeout=300, check=False)  # fmt: skip
        self.wine.wait()
        written = sorted(p.name for p in self.data_dir.iterdir()) if self.data_dir.is_dir() else []
        return self.check(
            result.returncode == 0 and bool(written),
            f"l'application installée écrit son dossier de données (EleaDesktop : {', '.join(written)})",
        )

    def upgrade(self, setup: Path, version: str, log_dir: Path) -> bool:
        stale = self.app_dir / "_internal" / STALE_FILE
        stale.write_bytes(b"left by an older version")
        data_before = bundle_files(self.data_dir)
        if not self._run_setup(setup, "mise à jour", log_dir):
            return False
        values = registry_values(self.wine, UNINSTALL_KEY) or {}
        ok = self.check(
            values.get("DisplayVersion") == version,
            f"mise à jour vers {version} (DisplayVersion {values.get('DisplayVersion', 'absente')})",
        )
        ok &= self.check(not stale.exists() and (self.app_dir / "EleaDesktop.exe").is_file(),
                         f"fichier périmé de l'ancienne version supprimé ({STALE_FILE})")  # fmt: skip
        ok &= self.check(bundle_files(self.data_dir) == data_before and bool(data_before),
                         f"dossier de données conservé ({len(data_before)} fichiers)")  # fmt: skip
        return ok

    def uninstall(self, log_dir: Path) -> bool:
        started = time.perf_counter()
        uninstaller = self.app_dir / "unins000.exe"
        result = self.wine.run([win_path(uninstaller), "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART",
                                f"/LOG={win_path(log_dir / 'uninstall.log')}"],
                               timeout=600, check=False)  # fmt: skip
        self.wine.wait()
        # the uninstaller removes its own copy from a helper process a moment later
        for _ in range(30):
            if not self.app_dir.exists():
                break
            time.sleep(1)
            self.wine.wait()
        self.figures["uninstall_seconds"] = round(time.perf_counter() - started, 1)
        ok = self.check(result.returncode == 0, f"désinstallation silencieuse : code {result.returncode}")
        ok &= self.check(
            registry_values(self.wine, UNINSTALL_KEY) is None, "clé de désinstallation supprimée"
        )
        left = sorted(drive_files(self.wine) - self.before)
        data_prefix = self.data_dir.relative_to(self.wine.drive_c).as_posix()
        others = [name for name in left if not (name + "/").startswith(data_prefix + "/")
                  and not data_prefix.startswith(name.rstrip("/"))]  # fmt: skip
        kept = [name for name in left if name.startswith(data_prefix + "/")]
        ok &= self.check(not others and bool(kept),
                         f"après désinstallation, seul le dossier de données reste ({len(kept)} éléments)"
                         + (f" ; restent aussi : {others[:6]}" if others else ""))  # fmt: skip
        return ok
