"""Writing the credential sheets and the Moodle CSV from the command line: the options and the files.

Shared by ``import``, ``accounts reset-password`` and ``credentials``.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from elea_desktop.cli.output import warn

if TYPE_CHECKING:  # the directory (sqlite3, the importer's models) loads only when a command runs
    from elea_desktop.directory.store import Directory


def add_sheet_options(parser) -> None:
    """The options shared by every command that writes credential sheets or the Moodle CSV.

    Layout options default to None: the establishment's settings (``settings``) decide unless overridden.
    """
    parser.add_argument("--pdf", metavar="FICHIER",
                        help="écrire les fiches d'identifiants (PDF) dans FICHIER")
    parser.add_argument("--moodle-csv", metavar="FICHIER",
                        help="écrire le fichier CSV de dépôt des utilisateurs Moodle dans FICHIER "
                        "(et sa notice FICHIER-LISEZMOI.txt à côté)")
    add_layout_options(parser)


def add_layout_options(parser) -> None:
    """``--per-page``, ``--qr`` and ``--roster``: how the credential sheets are laid out."""
    from elea_desktop.directory.settings_rules import PER_PAGE_CHOICES

    parser.add_argument("--per-page", type=int, choices=PER_PAGE_CHOICES, default=None,
                        help="fiches par page A4 : 8, 10 ou 12 (par défaut : le réglage de l'établissement, "
                        "voir « settings »)")
    parser.add_argument("--qr", action=argparse.BooleanOptionalAction, default=None,
                        help="ajouter (ou non) un QR code de l'adresse de la plateforme (par défaut : le "
                        "réglage de l'établissement)")
    parser.add_argument("--roster", action=argparse.BooleanOptionalAction, default=None,
                        help="ajouter (ou non) après chaque classe une liste récapitulative pour "
                        "l'enseignant (par défaut : le réglage de l'établissement)")


def sheet_options(directory: Directory, args) -> dict:
    """``per_page``, ``qr`` and ``roster``: the command line's when given, else the settings'; ``single``
    (how a print of one slip is laid out) is always the settings'."""
    settings = directory.settings()
    return {
        "per_page": settings.sheet_per_page if args.per_page is None else args.per_page,
        "qr": settings.sheet_qr if args.qr is None else args.qr,
        "roster": settings.sheet_roster if args.roster is None else args.roster,
        "single": settings.sheet_single,
    }


def write_outputs(directory: Directory, args, *, batch_id: int | None, import_id: int | None,
                  written: list[Path]) -> dict:
    """Write ``--pdf`` and ``--moodle-csv``; each path written is appended to ``written`` (for cleanup)."""
    from elea_desktop.credentials.moodle_csv import (
        instructions_path,
        write_moodle_csv,
        write_upload_instructions,
    )

    class_code = getattr(args, "class_code", None)
    result: dict = {}
    if args.pdf:
        if batch_id is None:
            warn("Aucun mot de passe n'a été généré : pas de fiches d'identifiants à imprimer.")
        else:
            result["pdf"] = _write_pdf(directory, args, batch_id, class_code, written)
    if args.moodle_csv:
        if import_id is not None:
            users = directory.moodle_users_for_import(import_id, class_code=class_code)
        elif batch_id is not None:
            users = directory.moodle_users_for_batch(batch_id, class_code=class_code)
        else:
            users = []
        path = Path(args.moodle_csv)
        # The ``lang`` column only when the establishment asked for it (see moodle_csv's docstring).
        rows = write_moodle_csv(path, users, lang=directory.settings().moodle_lang)
        written.append(path)
        notice = instructions_path(path)
        write_upload_instructions(notice, path.name)
        written.append(notice)
        result["moodle_csv"] = {"path": str(path), "rows": rows, "instructions": str(notice)}
    return result


def _write_pdf(directory: Directory, args, batch_id: int, class_code: str | None,
               written: list[Path]) -> dict:
    # Its own function so that the decrypted batch is released before the CSV's rows are built: at
    # 20,000 pupils, holding both raised the peak memory by about 20 MB.
    from elea_desktop.credentials.sheets import write_credential_sheets

    batch = directory.load_batch(batch_id, include_left=getattr(args, "include_left", False))
    path = Path(args.pdf)
    info = write_credential_sheets(path, batch, class_code=class_code, **sheet_options(directory, args))
    written.append(path)
    return {"path": str(path), "pages": info.page_count, "slips": info.slip_count}


def remove_files(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def describe_outputs(result: dict) -> list[str]:
    lines = []
    if "pdf" in result:
        pdf = result["pdf"]
        lines.append(f"Fiches d'identifiants : {pdf['path']} "
                     f"({pdf['slips']} fiche(s), {pdf['pages']} page(s))")
    if "moodle_csv" in result:
        csv = result["moodle_csv"]
        lines.append(f"Fichier pour Moodle : {csv['path']} ({csv['rows']} ligne(s)) ; réglages du dépôt : "
                     f"{csv['instructions']}")
        lines.append("Rappel : le dépôt Moodle ajoute les élèves aux cohortes sans jamais les retirer ; les "
                     "cohortes des années précédentes peuvent être supprimées dans Éléa.")
    return lines


def flush_warnings(directory: Directory) -> None:
    for message in directory.take_warnings():
        warn(f"Attention : {message}")
