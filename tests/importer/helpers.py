"""Shared by the directory, importer and CLI tests: exports through the real reader, database dumps."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from elea_desktop.directory.store import DB_NAME, Directory
from elea_desktop.siecle.reader import read_export
from tests.siecle_factory import FakePupil, build_xml, build_zip

COUNT_KEYS = (
    "classes_created", "classes_total", "users_created", "users_updated", "users_unchanged",
    "users_reactivated", "users_transferred", "users_protected", "users_suspended", "passwords_generated",
)
JSON_KEYS = {"kind", "uai", "school_year", *COUNT_KEYS, "batch_id", "per_uai", "warnings"}


def year_kwargs(year: int, *, day: str = "15/09") -> dict:
    """build_xml arguments for an export taken during school year ``year``-``year + 1``."""
    calendar_year = year if int(day.split("/")[1]) >= 8 else year + 1
    return {"school_year": year, "export_date": f"{day}/{calendar_year}"}


def export_of(pupils, **build_xml_kwargs):
    """An Export made exactly as the application makes one: XML → zip → reader."""
    return read_export(build_zip(build_xml(list(pupils), **build_xml_kwargs)), name="export.zip")


def moved(pupil: FakePupil, **changes) -> FakePupil:
    return replace(pupil, **changes)


def accounts_by_eleve(directory: Directory) -> dict:
    return {account.eleve_id: account for account in directory.list_accounts()}


def dump(data_dir: Path) -> list[str]:
    """Every table's content, from a fresh connection (what another process would see)."""
    # Read-write on purpose: after a kill, this is what the next opening of the application recovers.
    conn = sqlite3.connect(Path(data_dir) / DB_NAME)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
