"""Where data and bundled resources live, resolved in one place."""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
    """``--data-dir`` wins, then ``ELEA_DESKTOP_DATA_DIR``, then the platform default."""
    chosen = override or os.environ.get(DATA_DIR_ENV) or default_data_dir()
    path = Path(chosen).expanduser()
    if create:
        path.mkdir(parents=True, exist_ok=True)
        if sys.platform != "win32":
            os.chmod(path, 0o700)  # pupils' data: owner only
    return path


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
