"""Running Windows programs under Wine for ``make windows`` and ``make windows-test`` (test scaffolding).

One :class:`Wine` per prefix (a fake ``C:`` drive and registry under ``build/windows/``). Facts from
``../shared/reference/windows-under-wine.md``: a 64-bit prefix set to Windows 10 (a new prefix says
Windows 7, which ``MinVersion`` refuses); no Mono or Gecko prompts; no menu entries written into the
Linux desktop; the user folders (Desktop, Documents…) as real folders, not symlinks to ``$HOME``; the two
missing system DLLs replaced by the stand-ins of ``scripts/wine/`` (never shipped). A Windows console
program whose standard output is a regular Unix file dies at start, so output is always read through a
pipe. The setup needs an X display even when silent: ``make windows`` runs under ``xvfb-run``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path, PureWindowsPath

USER_FOLDERS = ("Desktop", "Documents", "Downloads", "Music", "Pictures", "Videos", "Templates")


class WineError(RuntimeError):
    """A Wine command failed (the message says which, with the end of its output)."""


def win_path(path: Path) -> str:
    """The Windows path of a Linux path, through Wine's ``Z:`` drive (the whole Linux file system)."""
    return str(PureWindowsPath("Z:\\", *Path(path).resolve().parts[1:]))


class Wine:
    def __init__(self, prefix: Path, home: Path) -> None:
        self.prefix = prefix
        self.home = home

    @property
    def drive_c(self) -> Path:
        return self.prefix / "drive_c"

    def user_dir(self) -> Path:
        users = [p for p in (self.drive_c / "users").iterdir() if p.name not in ("Public", "public")]
        return users[0]

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTHON", "VIRTUAL_ENV", "ELEA_", "XDG_", "QT_"))
        }
        env.update(
            WINEPREFIX=str(self.prefix),
            WINEARCH="win64",
            WINEDEBUG="-all",
            # no Mono/Gecko download prompts; no .desktop files written into the Linux menus
            WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d",
            HOME=str(self.home),
        )
        env.update(extra or {})
        return env

    def run(
        self,
        args: list[str],
        *,
        timeout: float,
        check: bool = True,
        cwd: Path | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess:
        """``wine ARGS`` with its output read through a pipe (never a file: see the module docstring).

        Waits for the program, not for the end of its output: the Wine services a command starts
        (wineserver, winedevice…) inherit the pipe and keep it open long after the program ended."""
        process = subprocess.Popen(
            ["wine", *args], env=self.env(extra_env), cwd=cwd, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        assert process.stdout is not None
        stream = process.stdout
        chunks: list[bytes] = []
        reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: stream.read1(65536), b"")))
        reader.daemon = True
        reader.start()
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            process.kill()
            self.kill()
            raise WineError(f"wine {' '.join(args[:3])} : pas fini en {timeout:.0f} s") from error
        reader.join(timeout=5)  # what the program wrote before it ended
        output = b"".join(chunks).decode("utf-8", errors="replace")
        if check and code != 0:
            tail = "\n".join(output.splitlines()[-30:])
            raise WineError(f"wine {' '.join(args[:3])} : code {code}\n{tail}")
        return subprocess.CompletedProcess(process.args, code, output, None)

    def wait(self) -> None:
        """Until every process of the prefix has ended and the registry is written to disk."""
        subprocess.run(["wineserver", "-w"], env=self.env(), timeout=300, check=False)

    def kill(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env(), timeout=60, check=False)

    def create(self, stand_ins: list[Path]) -> float:
        """A new prefix (any previous one removed), Windows 10, real user folders, the stand-in DLLs."""
        started = time.perf_counter()
        if self.prefix.exists():
            self.kill()
            shutil.rmtree(self.prefix)
        self.prefix.parent.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(parents=True, exist_ok=True)
        self.run(["wineboot", "--init"], timeout=600)
        self.wait()
        self.run(["winecfg", "/v", "win10"], timeout=300)
        self.wait()
        for user in (self.drive_c / "users").iterdir():
            for name in USER_FOLDERS:
                folder = user / name
                if folder.is_symlink():
                    folder.unlink()
                    folder.mkdir()
        system32 = self.drive_c / "windows" / "system32"
        for dll in stand_ins:
            shutil.copy2(dll, system32 / dll.name)
        return time.perf_counter() - started

    def is_ready(self) -> bool:
        return (self.prefix / "system.reg").is_file() and (self.drive_c / "windows" / "system32").is_dir()
