"""The one pattern for background work: a ``Job`` (QObject) moved to its own QThread, signals out.

The work function runs on the worker thread and never touches a widget: it receives ``report`` (emits
``progress`` — delivered to the GUI thread by a queued connection) and ``cancelled`` (reads a flag the
GUI sets). The result or the exception comes back through ``succeeded``/``failed`` on the GUI thread.
No ``terminate()``, no ``processEvents()``: cancellation is cooperative, the engine checks the flag.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

WorkFunction = Callable[[Callable[[Any], None], Callable[[], bool]], Any]


class Job(QObject):
    """Runs ``work(report, cancelled)`` once on a worker thread."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception, with ``traceback_text`` attached
    done = Signal()  # after succeeded/failed, whatever happened

    def __init__(self, name: str, work: WorkFunction, *, min_interval: float = 0.0, always=None):
        """``min_interval`` (seconds) thins out progress events, except those ``always(event)`` keeps:
        a flood of queued events would otherwise be handled in one go and freeze the window."""
        super().__init__()
        self.name = name
        self._work = work
        self._min_interval = min_interval
        self._always = always
        self._last_report = 0.0
        self._cancel = threading.Event()
        self.thread_ident: int | None = None  # which thread ran the work (tests check it is not the GUI's)
        self.running = False

    # -- called from the GUI thread -------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def wait_for_cancel(self, timeout: float) -> bool:
        """Lets a test hold the worker until the GUI has asked to cancel (never used by the window)."""
        return self._cancel.wait(timeout)

    # -- runs on the worker thread --------------------------------------------------------------------
    def _report(self, event) -> None:
        if self._min_interval:
            now = time.monotonic()
            if now - self._last_report < self._min_interval and not (self._always and self._always(event)):
                return
            self._last_report = now
        self.progress.emit(event)

    @Slot()
    def run(self) -> None:
        self.thread_ident = threading.get_ident()
        self.running = True
        try:
            result = self._work(self._report, self._cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI, never kill the thread
            exc = _in_french(exc)
            exc.traceback_text = traceback.format_exc()  # type: ignore[attr-defined]
            if not _is_expected(exc):
                log.error("Job %s failed:\n%s", self.name, exc.traceback_text)  # type: ignore[attr-defined]
            self.running = False
            self.failed.emit(exc)
        else:
            self.running = False
            self.succeeded.emit(result)
        # Hand the object back to the GUI thread before this thread ends: Python frees it there, later,
        # never from a dying thread (deleteLater from the worker raced with the wrapper and crashed).
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())
        self.done.emit()


def _in_french(exc: BaseException) -> BaseException:
    """SQLite's errors (disk full, read-only folder…) become the core's French DirectoryError."""
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        from elea_desktop.directory.sqlite_errors import explain

        french = explain(exc)
        french.__cause__ = exc
        return french
    return exc


def _is_expected(exc: BaseException) -> bool:
    from elea_desktop.errors import EleaError

    return isinstance(exc, EleaError)


class _Relay(QObject):
    """Lives on the GUI thread, so Qt queues the job's signals to it, whatever the callbacks (lambdas too)."""

    def __init__(self, parent: QObject, on_success, on_failure, on_progress):
        super().__init__(parent)
        self._callbacks = (on_success, on_failure, on_progress)

    @Slot(object)
    def success(self, value) -> None:
        if self._callbacks[0] is not None:
            self._callbacks[0](value)

    @Slot(object)
    def failure(self, exc) -> None:
        if self._callbacks[1] is not None:
            self._callbacks[1](exc)

    @Slot(object)
    def progress(self, event) -> None:
        if self._callbacks[2] is not None:
            self._callbacks[2](event)


class JobRunner(QObject):
    """Owns the threads of the window's jobs so none is destroyed while running.

    Jobs run one after the other: they all open the account directory, where SQLite allows one writer
    at a time, and the user's actions then complete in the order they were asked. A queued job starts
    when the previous one has ended.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._threads: dict[Job, tuple[QThread, _Relay]] = {}
        self._queue: list[tuple[Job, tuple]] = []

    def start(self, job: Job, *, on_success=None, on_failure=None, on_progress=None) -> Job:
        if self._threads:
            self._queue.append((job, (on_success, on_failure, on_progress)))
            return job
        return self._start_now(job, on_success, on_failure, on_progress)

    def _start_now(self, job: Job, on_success, on_failure, on_progress) -> Job:
        thread = QThread()
        thread.setObjectName(f"job-{job.name}")
        job.moveToThread(thread)
        relay = _Relay(self, on_success, on_failure, on_progress)
        job.progress.connect(relay.progress)
        job.succeeded.connect(relay.success)
        job.failed.connect(relay.failure)
        thread.started.connect(job.run)
        job.done.connect(thread.quit)
        thread.finished.connect(self._reap)
        self._threads[job] = (thread, relay)
        log.debug("Starting job %s", job.name)
        thread.start()
        return job

    @Slot()
    def _reap(self) -> None:
        # Dropping the last references on the GUI thread frees the job and the finished thread here.
        for job, (thread, relay) in list(self._threads.items()):
            if thread.isFinished():
                thread.wait()
                del self._threads[job]
                relay.deleteLater()
        if not self._threads and self._queue:
            job, callbacks = self._queue.pop(0)
            self._start_now(job, *callbacks)

    @property
    def busy(self) -> bool:
        return bool(self._threads) or bool(self._queue)

    def jobs(self) -> list[Job]:
        return list(self._threads) + [job for job, _ in self._queue]

    def cancel_all(self) -> None:
        self._queue.clear()  # never started: nothing to undo
        for job in self._threads:
            job.cancel()

    def wait_all(self, timeout_ms: int = 30000) -> None:
        """Used only when the application quits: the jobs were asked to cancel, let them end cleanly."""
        for thread, _relay in list(self._threads.values()):
            thread.quit()
            thread.wait(timeout_ms)
