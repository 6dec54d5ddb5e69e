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
