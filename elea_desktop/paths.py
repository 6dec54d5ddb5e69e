"""Where data and bundled resources live, resolved in one place."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from elea_desktop.errors import DirectoryError

DATA_DIR_ENV = "ELEA_DESKTOP_DATA_DIR"


def default_data_dir() -> Path:
    """The per-user application data folder of the platform."""
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "EleaDesktop"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "EleaDesktop"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "elea-desktop"


def data_dir(override: str | os.PathLike[str] | None = None, *, create: bool = True) -> Path:
    """``--data-dir`` wins, then ``ELEA_DESKTOP_DATA_DIR``, then the platform default.

    A folder the application creates is made private (0700). An existing folder is never changed: one
    that belongs to another account or that others can write to (``/tmp``, a shared folder) is refused
    with a French ``DirectoryError``, since its files hold pupils' data and encrypted passwords.
    """
    chosen = override or os.environ.get(DATA_DIR_ENV) or default_data_dir()
    path = Path(chosen).expanduser()
    if create:
        _usable_folder(path)
    return path


def _refuse(path: Path, why: str) -> DirectoryError:
    return DirectoryError(
        f"Le dossier de données « {path} » ne peut pas être utilisé : {why}. Rien n'a été modifié. "
        "Choisissez un dossier personnel (option --data-dir DOSSIER), ou laissez l'application utiliser "
        "son dossier habituel."
    )


def _usable_folder(path: Path) -> None:
    if not path.exists():
        try:
            path.mkdir(parents=True)
        except FileExistsError:
            pass  # created meanwhile by another process: checked below like any existing folder
        except OSError as exc:
            raise _refuse(path, f"il n'a pas pu être créé ({exc.strerror or exc})") from exc
        else:
            if sys.platform != "win32":
                os.chmod(path, 0o700)  # ours: pupils' data, owner only
            return
    if not path.is_dir():
        raise _refuse(path, "ce n'est pas un dossier")
    if sys.platform == "win32":
        return
    info = path.stat()
    if info.st_uid != os.geteuid():
        raise _refuse(path, "il appartient à un autre compte de l'ordinateur")
    if info.st_mode & 0o022:
        raise _refuse(path, "d'autres comptes de l'ordinateur peuvent y écrire (dossier partagé)")
    if not os.access(path, os.W_OK | os.X_OK):
        raise _refuse(path, "vous n'avez pas le droit d'y écrire")


def resources_dir() -> Path:
    """``resources/`` from a source checkout or from a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def files_with_suffix(folder: Path, suffix: str) -> list[Path]:
    """The files of ``folder`` ending in ``suffix`` whatever its case, each once, sorted by name.

    Not ``glob("*.ttf") + glob("*.TTF")``: on Windows both patterns match the same files."""
    wanted = suffix.lower()
    return sorted(
        (path for path in folder.iterdir() if path.is_file() and path.suffix.lower() == wanted),
        key=lambda path: path.name.lower(),
    )
