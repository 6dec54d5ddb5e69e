"""The import engine's two entry points: ``plan_import`` (pure) and ``run_import`` (all or nothing).

``run_import`` plans, refuses what the safety rules refuse (before touching anything), copies the
database into ``backups/``, then writes everything in one ``BEGIN IMMEDIATE … COMMIT``. Any exception,
a cancellation or a killed process before the commit leaves the directory exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from elea_desktop.directory.backups import KEEP, backup_database, prune_backups
from elea_desktop.directory.store import Directory
from elea_desktop.errors import ImportCancelled
from elea_desktop.importer import testhooks
from elea_desktop.importer.apply import apply_plan
from elea_desktop.importer.plan import ImportPlan, build_plan, read_snapshot
from elea_desktop.importer.progress import CancelCheck, ProgressCallback
from elea_desktop.importer.report import ImportReport
from elea_desktop.importer.staff_apply import apply_staff_plan
from elea_desktop.siecle.model import Export
from elea_desktop.sts.model import StaffExport

__all__ = ["plan_import", "run_import", "ImportPlan", "ImportReport"]


def plan_import(directory: Directory, export: Export | Sequence[Export] | StaffExport,
                mode: str | None) -> ImportPlan:
    """What importing ``export`` with password ``mode`` ("new", "keep", None) would do; writes nothing.

    ``export`` may be several exports of the UAIs of a cité scolaire, imported together, or one STS-web
    export (staff accounts, ``staff_plan``).

    ``findings`` lists every safety refusal, the non-overridable ones first (``mode_required`` among them
    when the directory has accounts and ``mode`` is None).
    """
    if isinstance(export, StaffExport):
        from elea_desktop.importer.staff_plan import build_staff_plan, read_staff_snapshot

        return build_staff_plan(read_staff_snapshot(directory.connection, export), export, mode)
    return build_plan(read_snapshot(directory.connection, export), export, mode)


def _data_version(directory: Directory) -> int:
    # Changes whenever another connection commits: tells whether the plan is still current.
    return directory.connection.execute("PRAGMA data_version").fetchone()[0]


def run_import(
    directory: Directory,
    export: Export | Sequence[Export] | StaffExport,
    mode: str | None,
    *,
    confirmed: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    dry_run: bool = False,
    before_commit: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Import ``export`` (one export, or several of a cité scolaire's UAIs: one transaction for all);
    raises ``SafetyRefusal`` or ``ImportCancelled`` with nothing changed.

    ``confirmed`` overrides the overridable refusals (older export, partial export). ``before_commit`` runs
    inside the transaction once everything is written (the CLI writes the PDF/CSV there, so that a failed
    output also leaves the directory untouched); it may read the directory (same connection).
    """
    version = _data_version(directory)
    plan = plan_import(directory, export, mode)
    refusal = plan.blocking(confirmed=confirmed)
    if refusal is not None:
        raise refusal
    if dry_run:
        return ImportReport.from_plan(plan, batch_id=None, import_id=None, dry_run=True)
    if cancel is not None and cancel():
        raise ImportCancelled()

    # One copy more than kept until the commit: a failed import must not have pushed a useful copy out.
    backup = backup_database(directory.connection, directory.data_dir, directory.now(), keep=KEEP + 1)
    try:
        with directory.transaction():
            if _data_version(directory) != version:
                plan = plan_import(directory, export, mode)  # someone committed meanwhile: plan again
                refusal = plan.blocking(confirmed=confirmed)
                if refusal is not None:
                    raise refusal
            apply = apply_staff_plan if plan.kind == "staff" else apply_plan
            batch_id, import_id = apply(directory, plan, progress=progress, cancel=cancel)
            purged = directory.purge_expired()
            report = ImportReport.from_plan(plan, batch_id=batch_id, import_id=import_id, dry_run=False)
            # Written and reported: the export and the plan are no longer needed. Letting them go before
            # ``before_commit`` lets the sheets and the CSV reuse their memory (about 25 MB at 20,000
            # pupils) when the caller has not kept the export either (the command line hands it over).
            del plan, export
            if before_commit is not None:
                before_commit(report)
            testhooks.checkpoint("commit")
            if cancel is not None and cancel():
                raise ImportCancelled()
    except BaseException:
        # Rolled back: the copy equals the live database, and keeping it would push an older, useful
        # copy out of the last few kept.
        backup.unlink(missing_ok=True)
        raise
    prune_backups(directory.data_dir, keep=KEEP)
    if purged:
        directory.after_purge()  # now committed: fold the WAL, erase them from the backup copies too
    return report
