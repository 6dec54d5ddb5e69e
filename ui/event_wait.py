"""Waiting for the window from a script that drives it (screenshots, benchmarks), never from the app itself.

A local event loop runs until a signal fires: the window keeps painting and its workers keep reporting.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QTimer


def wait_for(signal, timeout_ms: int = 60_000) -> list:
    """Runs a local loop until ``signal`` fires; returns its arguments."""
    loop = QEventLoop()
    received: list = []

    def got(*args):
        received.extend(args)
        loop.quit()

    signal.connect(got)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(got)
    if not received and timeout_ms:
        raise TimeoutError(f"no signal within {timeout_ms} ms")
    return received


def settle(ms: int = 150) -> None:
    """Lets the window finish its queued work and paint for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
