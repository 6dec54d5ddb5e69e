"""``accounts class-list`` (a class's names and usernames for a teacher, never a password) and
``accounts reprint`` (the slips of chosen accounts from the batches that still hold their passwords)."""

from __future__ import annotations

from pathlib import Path

from elea_desktop.cli.output import emit_json, open_directory, say, warn
from elea_desktop.cli.sheet_outputs import add_layout_options, flush_warnings, sheet_options

RESET_HINT = "python main.py accounts reset-password IDENTIFIANT"


def register(actions, common) -> None:
    text = ("liste de la classe pour un enseignant : noms et identifiants, sans aucun mot de passe")
    class_list = actions.add_parser(
        "class-list", parents=[common], help=text,
        description=text.capitalize() + ". Sans --pdf, la liste s'affiche ; « Sans classe » (ou \"\") "
        "liste les élèves sans classe.")
    class_list.add_argument("class_code", metavar="CLASSE")
    class_list.add_argument("--pdf", metavar="FICHIER", help="écrire la liste (PDF) dans FICHIER")
    class_list.set_defaults(func=run_class_list)
    reprint = actions.add_parser(
        "reprint", parents=[common],
        help="réimprimer les fiches d'identifiants de comptes dont le mot de passe est encore conservé",
        description="Écrit les fiches des comptes donnés, chacune tirée du dernier lot qui conserve encore "
        "son mot de passe (un lot est effacé une fois distribué ou après 30 jours). Un compte dont le mot "
        f"de passe n'est plus conservé reçoit un nouveau mot de passe avec « {RESET_HINT} ».")
    reprint.add_argument("usernames", nargs="+", metavar="IDENTIFIANT")
    reprint.add_argument("--pdf", metavar="FICHIER", required=True,
                         help="écrire les fiches d'identifiants (PDF) dans FICHIER")
    add_layout_options(reprint)
    reprint.set_defaults(func=run_reprint)


def _class_code(directory, wanted: str) -> str | None:
    """The directory's spelling of ``wanted`` (None: the pupils without a class); DirectoryError when the
    directory has no such class."""
    from elea_desktop.credentials.sheets_text import NO_CLASS_FR, clean_text
    from elea_desktop.directory.workspace import class_codes
    from elea_desktop.errors import DirectoryError

    code = clean_text(wanted)
    if code.casefold() in ("", NO_CLASS_FR.casefold()):
        return None
    known = class_codes(directory)
    for existing in known:
        if existing.casefold() == code.casefold():
            return existing
    listed = ", ".join(known) if known else "aucune (importez d'abord un export SIECLE)"
    raise DirectoryError(f"La classe « {code} » n'existe pas dans l'annuaire. Classes connues : {listed}.")


def run_class_list(args) -> int:
    from elea_desktop.credentials.class_list import plan_class_list, write_class_list
    from elea_desktop.directory.workspace import class_roster

    with open_directory(args.data_dir) as directory:
        code = _class_code(directory, args.class_code)
        lines = class_roster(directory, code)
        settings = directory.settings()
        uais = {a.uai for a in directory.list_accounts(class_code=code, status="active", role="student")
                if code is not None or not a.class_code}
        # A cité scolaire's class belongs to one of its establishments: that one's name is printed.
        establishment = settings.label_of(uais.pop()) if len(uais) == 1 else settings.label
        last = directory.last_import()
    school_year = last.school_year if last else None
    plan = plan_class_list(lines, code, establishment, school_year)  # OutputError when nobody is listed
    pages = write_class_list(args.pdf, lines, code, establishment, school_year) if args.pdf else None
    if args.json:
        emit_json([{"last_name": line.last_name, "first_name": line.first_name, "username": line.username}
                   for line in lines])
        if pages is not None:
            warn(f"Liste de la classe : {args.pdf} ({pages} page(s))")
        return 0
    width = max(len(line.username) for line in lines)
    for number, line in enumerate(lines, start=1):
        say(f"{number:>3}  {line.username:<{width + 2}}{line.last_name.upper()} {line.first_name}")
    say(f"{len(lines)} élève(s) — {plan.title}.")
    if pages is not None:
        say(f"Liste de la classe (sans mot de passe) : {args.pdf} ({pages} page(s))")
    return 0


def run_reprint(args) -> int:
    from elea_desktop.credentials.sheets import write_credential_sheets
    from elea_desktop.directory.workspace import reprint
    from elea_desktop.errors import OutputError

    with open_directory(args.data_dir) as directory:
        try:
            found = reprint(directory, args.usernames)
            if found.batch is None:
                raise OutputError(
                    "Aucun des comptes demandés n'a plus de mot de passe conservé : les lots sont effacés "
                    "une fois distribués ou après 30 jours. Donnez-leur un nouveau mot de passe avec « "
                    f"{RESET_HINT} ».", code="nothing_held")
            info = write_credential_sheets(Path(args.pdf), found.batch, **sheet_options(directory, args))
        finally:
            flush_warnings(directory)
    printed = [c.username for c in found.batch.credentials]
    if args.json:
        emit_json({"pdf": {"path": str(args.pdf), "pages": info.page_count, "slips": info.slip_count},
                   "usernames": printed, "missing": list(found.missing), "batch_ids": list(found.batch_ids)})
        return 0
    lots = ", ".join(f"n° {batch_id}" for batch_id in found.batch_ids)
    say(f"Fiches d'identifiants réimprimées : {args.pdf} ({info.slip_count} fiche(s), {info.page_count} "
        f"page(s) ; lot(s) {lots})")
    if found.missing:
        say(f"Mot de passe plus conservé pour : {', '.join(found.missing)}. Pour leur en donner un nouveau : "
            f"{RESET_HINT}")
    return 0
