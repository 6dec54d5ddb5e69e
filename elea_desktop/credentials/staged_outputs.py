"""Outputs of an import that appear under their final names only once the import is committed.

Inside ``stage.active()``, :func:`write_atomically` writes each document to its temporary file beside the
target and defers the rename; ``publish()`` renames them all after the COMMIT, ``discard()`` deletes them
after a failure. A process killed in between leaves temporaries (owner-only) but never a complete-looking
``fiches.pdf`` whose passwords were never saved: their paths are listed in a journal in the data folder,
and the next start deletes them (:func:`sweep`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

JOURNAL_PREFIX = "sorties-en-attente-"
# A journal older than this belongs to a process that died (writing an import's files takes seconds).
STALE_AFTER_S = 60.0

_active: ContextVar[OutputStage | None] = ContextVar("elea_output_stage", default=None)


class OutputStage:
    def __init__(self, data_dir: Path) -> None:
        self.journal = Path(data_dir) / f"{JOURNAL_PREFIX}{os.getpid()}.txt"
        self.pending: list[tuple[Path, Path]] = []

    @contextlib.contextmanager
    def active(self) -> Iterator[OutputStage]:
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)

    def record(self, temp: Path, target: Path) -> None:
        """Called by write_atomically once ``temp`` exists: listed before anything is written into it."""
        self.pending.append((temp, target))
        with open(self.journal, "a", encoding="utf-8") as handle:
            handle.write(f"{temp}\n")
            handle.flush()
            os.fsync(handle.fileno())

    def publish(self) -> None:
        for temp, target in self.pending:
            os.replace(temp, target)
        self.pending.clear()
        self.journal.unlink(missing_ok=True)

    def discard(self) -> None:
        for temp, _ in self.pending:
            with contextlib.suppress(OSError):
                temp.unlink()
        self.pending.clear()
        self.journal.unlink(missing_ok=True)


def current_stage() -> OutputStage | None:
    return _active.get()


def sweep(data_dir: Path, *, older_than_s: float = STALE_AFTER_S) -> int:
    """Delete the temporaries listed by journals of processes that died; returns how many were deleted."""
    removed = 0
    limit = time.time() - older_than_s
    for journal in Path(data_dir).glob(f"{JOURNAL_PREFIX}*.txt"):
        try:
            if journal.stat().st_mtime >= limit:
                continue
            names = journal.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for name in names:
            with contextlib.suppress(OSError):
                Path(name).unlink()
                removed += 1
        with contextlib.suppress(OSError):
            journal.unlink()
    return removed
