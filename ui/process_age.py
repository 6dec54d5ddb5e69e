"""How long this process has existed, as the operating system counts it (``--startup-time``).

Measured from the OS's own record of the process creation, so that the interpreter start-up and, in a
frozen build, the bootloader are counted too: a timer started in Python would miss them.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def process_age() -> float | None:
    """Seconds since this process was created by the OS, or None if the platform does not tell.

    Linux: ``/proc/self/stat`` field 22 (start time in clock ticks after boot, 10 ms resolution)
    against ``CLOCK_BOOTTIME``. Windows: ``GetProcessTimes`` creation time against the system time.
    In a PyInstaller one-folder build the bootloader runs Python in the same process, so this
    includes the bootloader, the interpreter start-up and every import.
    """
    try:
        if sys.platform.startswith("linux"):
            stat = Path("/proc/self/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()  # the command name may contain spaces
            start_ticks = int(fields[19])  # field 22 overall; fields[0] is field 3
            started = start_ticks / os.sysconf("SC_CLK_TCK")
            return time.clock_gettime(time.CLOCK_BOOTTIME) - started
        if sys.platform == "win32":
            return _windows_process_age()
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return None


def _windows_process_age() -> float | None:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    filetime_p = ctypes.POINTER(wintypes.FILETIME)
    # HANDLE is 64-bit: without restype/argtypes ctypes would pass the pseudo-handle as a 32-bit int
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.GetProcessTimes.argtypes = [wintypes.HANDLE, filetime_p, filetime_p, filetime_p, filetime_p]
    kernel32.GetProcessTimes.restype = wintypes.BOOL
    kernel32.GetSystemTimeAsFileTime.argtypes = [filetime_p]
    creation, exit_, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
    if not kernel32.GetProcessTimes(
        kernel32.GetCurrentProcess(),
        ctypes.byref(creation),
        ctypes.byref(exit_),
        ctypes.byref(kernel),
        ctypes.byref(user),
    ):
        return None
    kernel32.GetSystemTimeAsFileTime(ctypes.byref(now))

    def ticks(value: wintypes.FILETIME) -> int:
        return (value.dwHighDateTime << 32) | value.dwLowDateTime

    return (ticks(now) - ticks(creation)) / 10_000_000  # FILETIME counts 100 ns
