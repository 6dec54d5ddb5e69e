"""Work the Comptes section hands to worker threads: plain functions over the core, no widget."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class AccountsState:
    rows: list  # elea_desktop.directory.overview.AccountRow
    establishment_name: str | None
    uai: str | None


def load_accounts(data_dir: Path, _report, _cancelled) -> AccountsState:
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        rows = directory.account_rows()
        establishment = directory.establishment()
    return AccountsState(rows, establishment.name if establishment else None,
                         establishment.uai if establishment else None)


def reset_passwords(usernames, data_dir: Path, _report, _cancelled):
    from elea_desktop.directory import workspace
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        return workspace.reset_passwords(directory, usernames)


def set_protected(usernames, protected: bool, data_dir: Path, _report, _cancelled) -> int:
    from elea_desktop.directory import workspace
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        return workspace.set_protected(directory, usernames, protected)


def account_detail(username: str, data_dir: Path, _report, _cancelled):
    from elea_desktop.directory import workspace
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        return directory.get_account(username), workspace.account_history(directory, username)


@dataclass
class ReprintSummary:
    found: tuple[str, ...]  # accounts whose slip can be reprinted
    missing: tuple[str, ...]  # accounts whose password no held batch keeps any more
    batch_ids: tuple[int, ...]  # the batches the slips come from, oldest first


def reprint_summary(usernames, data_dir: Path, _report, _cancelled) -> ReprintSummary:
    """Which of ``usernames`` can be reprinted; the passwords themselves stay in the directory until the
    slips are printed or saved (``ui.tasks.write_sheets`` reads them again)."""
    from elea_desktop.directory import workspace
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        reprint = workspace.reprint(directory, usernames)
    found = tuple(c.username for c in reprint.batch.credentials) if reprint.batch is not None else ()
    return ReprintSummary(found, reprint.missing, reprint.batch_ids)


def _roster(class_code: str, data_dir: Path):
    """What a class list shows: the class's active pupils, the establishment and the school year."""
    from elea_desktop.directory import workspace
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        lines = workspace.class_roster(directory, class_code)
        establishment = directory.establishment()
        last = directory.last_import()
    return (lines, class_code, establishment.name if establishment else None,
            last.school_year if last else None)


def load_class_list(class_code: str, data_dir: Path, _report, _cancelled):
    """The pages of a class's roster (no password), ready to print."""
    from elea_desktop.credentials.class_list import plan_class_list

    return plan_class_list(*_roster(class_code, data_dir))


def save_class_list(class_code: str, path: Path, data_dir: Path, _report, _cancelled) -> int:
    """The class's roster as a PDF (written atomically); returns its page count."""
    from elea_desktop.credentials.class_list import write_class_list

    return write_class_list(path, *_roster(class_code, data_dir))


def print_class_list(plan, printer, report, cancelled) -> int:
    from elea_desktop.credentials.class_list import draw_class_list
    from ui.printing import paint_pages

    def draw(canvas, wanted, step) -> int:
        return draw_class_list(canvas, plan, only=wanted, progress=step)

    return paint_pages(printer, plan.page_count, draw, progress=report, cancelled=cancelled)
