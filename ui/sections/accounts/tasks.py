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
