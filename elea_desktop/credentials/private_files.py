"""Small files written whole or not at all, optionally readable by their owner only (the vault's files).

Each write goes to a temporary file in the same folder, reaches the disk (fsync), then takes the final name
in one step; the temporary file never outlives the call, whatever fails.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def _written_temporary(path: Path, data: bytes, *, private: bool) -> Iterator[Path]:
    """A temporary file next to ``path`` holding ``data`` on disk; removed on leaving, renamed or not."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o600 if private else 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if private and sys.platform != "win32":
            os.chmod(tmp, 0o600)  # the umask may have been looser than we asked
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_new_file(path: Path, data: bytes, *, private: bool) -> bool:
    """Create ``path`` with ``data`` unless it already exists (atomically); ``False`` if it did."""
    with _written_temporary(path, data, private=private) as tmp:
        try:
            if sys.platform == "win32":
                os.rename(tmp, path)  # fails when the target exists: create-if-absent
            else:
                os.link(tmp, path)  # idem, and never replaces
        except FileExistsError:
            return False
        return True


def replace_file(path: Path, data: bytes, *, private: bool) -> None:
    """Write ``path`` atomically, replacing it if present."""
    with _written_temporary(path, data, private=private) as tmp:
        os.replace(tmp, path)
