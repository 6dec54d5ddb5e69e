"""The work the window hands to worker threads. No widget here: plain functions calling the core.

Each function opens its own ``Directory`` because SQLite objects belong to the thread that made them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)

NEW, KEEP = "new", "keep"


@dataclass
class Analysis:
    """A file read and planned against the directory: what step 1 shows and the choice dialog needs."""

    path: Path
    export: object  # elea_desktop.siecle.model.Export
    establishment_name: str | None
    bound_uai: str | None
    has_accounts: bool
    active_accounts: int = 0
    plans: dict = field(default_factory=dict)  # mode → ImportPlan; {None: plan} on a first import
    # Several files: the exports of a cité scolaire's establishments, imported together.
    paths: tuple = ()
    exports: tuple = ()
    settings: object = None  # elea_desktop.directory.models.Establishment (names of the UAIs)

    @property
    def import_source(self):
        """What the engine imports: the export, or the list of a cité scolaire's exports."""
        return list(self.exports) if len(self.exports) > 1 else self.export

    staff_functions: tuple = ()  # the FONCTION codes that get a staff account (setting)

    @property
    def is_staff(self) -> bool:
        """An STS-web file: staff accounts."""
        return getattr(self.export, "kind", "students") == "staff"

    @property
    def first_plan(self):
        return next(iter(self.plans.values()))

    @property
    def is_first_import(self) -> bool:
        return not self.has_accounts


@dataclass
class StartupState:
    establishment_name: str | None
    uai: str | None
    held_batches: list  # BatchInfo of credential batches still re-exportable
    uais: int = 1  # establishments of the directory: 2 or 3 for a cité scolaire


def load_state(data_dir: Path, _report, _cancelled) -> StartupState:
    from elea_desktop.directory.store import Directory

    directory = Directory.open(data_dir)
    try:
        establishment = directory.establishment()
        batches = [b for b in directory.list_batches() if b.held and not b.distributed and b.size]
        uais = len(directory.settings().uais)
    finally:
        directory.close()
    return StartupState(
        establishment_name=establishment.name if establishment else None,
        uai=establishment.uai if establishment else None,
        held_batches=batches,
        uais=max(1, uais),
    )


def analyse(path: Path | list, data_dir: Path, _report, _cancelled) -> Analysis:
    """Read the export (refusals raise ExportError with a French message), then dry-run the import.

    ``path`` may be a list: the exports of a cité scolaire, read one by one, then planned together. The kind
    (pupils' SIECLE file or staff's STS-web file) is read from each file's content.
    """
    from elea_desktop.errors import ExportError
    from elea_desktop.exports import STAFF, kind_of, read_any

    paths = tuple(path) if isinstance(path, list | tuple) else (path,)
    exports = []
    for one in paths:  # first: a refused file never touches the directory
        try:
            exports.append(read_any(one))
        except ExportError as error:
            if len(paths) > 1:  # say which of the files is refused
                error.message = f"« {Path(one).name} » : {error.message}"
            raise
    staff = any(kind_of(e) == STAFF for e in exports)
    if staff and len(exports) > 1:
        raise ExportError("Un export STS-web des personnels s'importe seul : déposez-le sans autre fichier "
                          "(les exports SIECLE d'une cité scolaire, eux, s'importent ensemble).",
                          code="mixed_kinds")
    export = exports[0] if len(exports) == 1 else exports

    from elea_desktop.directory.store import Directory
    from elea_desktop.importer.engine import plan_import

    directory = Directory.open(data_dir)
    try:
        establishment = directory.establishment()
        # Pupils and staff are imported independently: the password choice is about this kind's accounts.
        accounts = directory.list_accounts(role="staff" if staff else "student")
        has_accounts = bool(accounts)
        active = sum(1 for account in accounts if account.status == "active")
        wanted = directory.settings().staff_functions
        if has_accounts:
            # Both buttons show their numbers: one dry run per password mode.
            plans = {mode: plan_import(directory, export, mode) for mode in (NEW, KEEP)}
        else:
            plans = {None: plan_import(directory, export, None)}
        settings = directory.settings()
    finally:
        directory.close()
    return Analysis(
        path=paths[0],
        export=exports[0],
        paths=paths,
        exports=tuple(exports),
        settings=settings,
        establishment_name=establishment.name if establishment else None,
        bound_uai=establishment.uai if establishment else None,
        has_accounts=has_accounts,
        active_accounts=active,
        plans=plans,
        staff_functions=wanted,
    )


def run_import(path_or_export, data_dir: Path, mode: str | None, confirmed: bool, report, cancelled):
    """The real import: one transaction in the engine; ``cancelled`` is read by the engine before commit."""
    from elea_desktop.directory.store import Directory
    from elea_desktop.importer.engine import run_import as engine_run

    directory = Directory.open(data_dir)
    try:
        result = engine_run(directory, path_or_export, mode, confirmed=confirmed,
                            progress=report, cancel=cancelled)
        # The vault's warnings (e.g. key kept in a file because no keyring exists) must reach the user.
        return result, directory.take_warnings()
    finally:
        directory.close()


def _batch_and_sheet_options(batch_id: int, data_dir: Path, include_left: bool = False, usernames=None):
    """``usernames``: a reprint of those accounts, each from the latest batch still holding its password."""
    from elea_desktop.directory.store import Directory

    directory = Directory.open(data_dir)
    try:
        if usernames:
            from elea_desktop.directory import workspace
            from elea_desktop.errors import OutputError

            batch = workspace.reprint(directory, usernames).batch
            if batch is None:
                raise OutputError("Les mots de passe de ces comptes ne sont plus gardés sur cet ordinateur "
                                  "(lot distribué ou expiré) : donnez-leur un nouveau mot de passe.")
        else:
            batch = directory.load_batch(batch_id, include_left=include_left)
        settings = directory.settings()
    finally:
        directory.close()
    return batch, {"per_page": settings.sheet_per_page, "qr": settings.sheet_qr,
                   "roster": settings.sheet_roster, "single": settings.sheet_single}


def write_sheets(batch_id: int, pdf_path: Path, data_dir: Path, _report, _cancelled, *,
                 class_code: str | None = None, include_left: bool = False, usernames=None):
    """The credential sheets of a batch as a PDF (the core writes atomically); ``class_code`` keeps the
    class the pupils had when the batch was made, ``include_left`` adds the pupils who left since;
    ``usernames`` makes it a reprint of those accounts (``workspace.reprint``)."""
    from elea_desktop.credentials.sheets import write_credential_sheets

    batch, options = _batch_and_sheet_options(batch_id, data_dir, include_left, usernames)
    return write_credential_sheets(pdf_path, batch, class_code=class_code, **options)


def load_print_job(batch_id: int, data_dir: Path, _report, _cancelled, *, class_code: str | None = None,
                   include_left: bool = False, usernames=None):
    """A batch and the sheet settings, ready to paint on a printer (``ui.printing.SheetsJob``); the same
    ``class_code``, ``include_left`` and ``usernames`` as ``write_sheets``.

    Nothing is written to disk: the printer gets the pages straight from memory.
    """
    from ui.printing import sheets_job

    batch, options = _batch_and_sheet_options(batch_id, data_dir, include_left, usernames)
    return sheets_job(batch, class_code=class_code, **options)


@dataclass
class MoodleExport:
    csv_path: Path
    instructions_path: Path
    rows: int
    instructions: str


def write_moodle(source: tuple[str, int], csv_path: Path, data_dir: Path, _report, _cancelled, *,
                 class_code: str | None = None) -> MoodleExport:
    """``source`` is ("import", import_id) after an import, ("batch", batch_id) for held credentials;
    ``class_code`` keeps the accounts of that class when the passwords were made."""
    from elea_desktop.credentials.moodle_csv import (
        instructions_path,
        upload_instructions_text,
        write_moodle_csv,
        write_upload_instructions,
    )
    from elea_desktop.directory.store import Directory

    directory = Directory.open(data_dir)
    try:
        kind, ident = source
        if kind == "import":
            users = directory.moodle_users_for_import(ident, class_code=class_code)
        else:
            users = directory.moodle_users_for_batch(ident, class_code=class_code)
        lang = directory.settings().moodle_lang
    finally:
        directory.close()
    rows = write_moodle_csv(csv_path, users, lang=lang)
    notice = instructions_path(csv_path)
    write_upload_instructions(notice, csv_path.name)
    return MoodleExport(csv_path, notice, rows, upload_instructions_text(csv_path.name))


def purge_batch(batch_id: int, data_dir: Path, _report, _cancelled) -> int:
    """The user says the slips were handed out: the encrypted passwords are erased for good."""
    from elea_desktop.directory.store import Directory

    directory = Directory.open(data_dir)
    try:
        directory.purge_batch(batch_id)
    finally:
        directory.close()
    return batch_id


def retention_days() -> int:
    try:
        from elea_desktop.directory.models import BATCH_RETENTION_DAYS
    except ImportError:  # pragma: no cover - older core
        return 30
    return int(BATCH_RETENTION_DAYS)


def file_part(text: str, empty: str) -> str:
    """« 3e 2 » or « 4/A » in a file name: letters and digits only (``empty`` when none is left)."""
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-") or empty


def default_name(prefix: str, uai: str | None, suffix: str, day: date | None = None) -> str:
    """``identifiants-<UAI>-<date>.pdf``: sortable, and says whose and when."""
    return f"{prefix}-{uai or 'etablissement'}-{(day or date.today()).isoformat()}{suffix}"
