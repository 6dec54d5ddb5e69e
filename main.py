"""Éléa Desktop entry point.

No argument (or a file path) opens the window; a subcommand runs headless without importing Qt.
"""

from __future__ import annotations

import sys

SUBCOMMANDS = {"inspect", "import", "accounts", "credentials", "settings", "recover", "moodle", "directory"}
CLI_FLAGS = {"-h", "--help", "--version"}


def subcommand_first(argv: list[str]) -> list[str]:
    """``--data-dir DIR inspect X`` → ``inspect X --data-dir DIR``: people put a global option first too."""
    if argv[:1] == ["--data-dir"]:
        option, rest = argv[:2], argv[2:]
    elif argv[:1] and argv[0].startswith("--data-dir="):
        option, rest = argv[:1], argv[1:]
    else:
        return argv
    return [rest[0], *option, *rest[1:]] if rest and rest[0] in SUBCOMMANDS else argv


def window_file_argument(argv: list[str]) -> str | None:
    """The window's positional argument (the archive to open), skipping ``--data-dir``'s value."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--data-dir":
            skip = True
        elif not word.startswith("-"):
            return word
    return None


def usage_error(word: str) -> int:
    """An unknown word is neither a command nor a file: say so before anything touches the display."""
    commands = ", ".join(sorted(SUBCOMMANDS))
    print(
        f"Erreur : « {word} » n'est ni une commande ni un fichier existant.\n"
        f"Commandes : {commands}. Sans argument (ou avec le chemin d'un export SIECLE), la fenêtre s'ouvre.\n"
        "Aide : python main.py --help",
        file=sys.stderr,
    )
    return 2


def main(argv: list[str] | None = None) -> int:
    argv = subcommand_first(list(sys.argv[1:] if argv is None else argv))
    # This process picks its credential store from the platform (no scan of every keyring backend) when
    # it first needs one; keyring itself is not imported before then.
    from elea_desktop.credentials.keyring_choice import choose_at_first_use

    choose_at_first_use()
    if argv and argv[0] == "--smoke":
        if sys.stderr is not None:
            import faulthandler

            faulthandler.enable()  # a crash in Qt still shows where it happened
        from ui.smoke import main as smoke_main

        return smoke_main(argv[1:])
    if argv and (argv[0] in SUBCOMMANDS or argv[0] in CLI_FLAGS):
        from elea_desktop.cli import main as cli_main

        return cli_main(argv)
    word = window_file_argument(argv)
    if word is not None:
        from pathlib import Path

        if not Path(word).expanduser().is_file():
            return usage_error(word)
    from ui.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
