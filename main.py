"""Éléa Desktop entry point.

No argument (or a file path) opens the window; a subcommand runs headless without importing Qt.
"""

from __future__ import annotations

import sys

SUBCOMMANDS = {"inspect", "import", "accounts", "credentials", "settings"}
CLI_FLAGS = {"-h", "--help", "--version"}


def subcommand_first(argv: list[str]) -> list[str]:
    """``--data-dir DIR inspect X`` → ``inspect X --data-dir DIR``: people put a global option first too."""
    if argv[:1] == ["--data-dir"] and len(argv) > 2 and argv[2] in SUBCOMMANDS:
        return [argv[2], *argv[:2], *argv[3:]]
    if argv and argv[0].startswith("--data-dir=") and len(argv) > 1 and argv[1] in SUBCOMMANDS:
        return [argv[1], argv[0], *argv[2:]]
    return argv


def main(argv: list[str] | None = None) -> int:
    argv = subcommand_first(list(sys.argv[1:] if argv is None else argv))
    if argv and argv[0] == "--smoke":
        if sys.stderr is not None:
            import faulthandler

            faulthandler.enable()  # a crash in Qt still shows where it happened
        from ui.smoke import main as smoke_main

        return smoke_main(argv[1:])
    if argv and (argv[0] in SUBCOMMANDS or argv[0] in CLI_FLAGS):
        from elea_desktop.cli import main as cli_main

        return cli_main(argv)
    from ui.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
