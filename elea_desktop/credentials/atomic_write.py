"""Write an output file all at once: a temporary file in the same folder, then an atomic rename.

A crash, a full disk or a cancelled export never leaves a half-written PDF or CSV under the name the
user chose (a truncated credential sheet looks complete on screen and is then missing pupils).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from elea_desktop.credentials.staged_outputs import current_stage
from elea_desktop.errors import OutputError

T = TypeVar("T")


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], T], *, what: str) -> T:
    """Call ``write(temp_path)``, then move the temporary file onto ``path``.

    ``what`` names the document in French for error messages (« la fiche des identifiants »).
    An ``OSError`` becomes an ``OutputError``; any other exception (a cancellation raised from a
    progress callback, a bug) propagates unchanged. In every failing case the temporary file is
    removed and an existing file at ``path`` is left untouched.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"Impossible d'enregistrer {what} : le dossier « {folder} » n'existe pas.")
    if target.is_dir():
        raise OutputError(f"Impossible d'enregistrer {what} : « {target} » est un dossier.")
    if target.exists() and not target.is_file():
        # /dev/full, a pipe, a socket: renaming onto it would replace the node by a file of passwords
        raise OutputError(f"Impossible d'enregistrer {what} : « {target} » n'est pas un fichier ordinaire "
                          "(périphérique, tube…). Choisissez un nom de fichier dans un dossier.")
    try:
        # mkstemp creates the file 0600: these documents hold passwords, the owner alone reads them.
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"Impossible d'enregistrer {what} dans « {folder} » : {exc.strerror or exc}. "
            "Choisissez un dossier où vous pouvez écrire.",
            details=str(exc),
        ) from exc
    os.close(fd)
    temp = Path(temp_name)
    stage = current_stage()
    try:
        if stage is not None:
            stage.record(temp, target)  # renamed after the import's COMMIT (staged_outputs)
        result = write(temp)
        if stage is None:
            os.replace(temp, target)
    except OSError as exc:
        _remove(temp)
        raise OutputError(
            f"Impossible d'enregistrer {what} « {target} » : {exc.strerror or exc}. "
            "Vérifiez que le fichier n'est pas ouvert dans un autre programme et qu'il reste de la place.",
            details=str(exc),
        ) from exc
    except BaseException:
        _remove(temp)
        raise
    return result


def _remove(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()
