"""Test-only fault injection between import stages, driven by one environment variable.

``ELEA_DESKTOP_TEST_HOOK=<action>:<stage>[:<count>]`` with action ``fail`` (raise), ``kill`` (SIGKILL this
process, TerminateProcess on Windows) or ``block`` (print a marker on stderr, then wait forever for the
test to kill us); stage
``classes``, ``users`` (after at least ``count`` accounts were written) or ``commit`` (just before
COMMIT). It lets the atomicity tests stop a real ``python main.py import`` inside its transaction
without timing guesses.
Unset (always, outside tests) it costs one dictionary lookup per checkpoint.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

ENV = "ELEA_DESKTOP_TEST_HOOK"
MARKER = "ELEA-TEST-HOOK-REACHED"


class InjectedFailure(RuntimeError):
    pass


def checkpoint(stage: str, done: int = 0) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    action, _, rest = spec.partition(":")
    wanted_stage, _, count = rest.partition(":")
    if wanted_stage != stage or done < int(count or 0):
        return
    os.environ.pop(ENV, None)  # once per process
    if action == "fail":
        raise InjectedFailure(f"injected failure at {stage} ({done})")
    if action == "kill":
        # SIGKILL on POSIX; on Windows os.kill(SIGTERM) is TerminateProcess, just as abrupt
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    if action == "block":
        print(f"{MARKER} {stage} {done}", file=sys.stderr, flush=True)
        threading.Event().wait()
