"""Former pupils' personal data (issue 11): leavers anonymised after the set number of school years."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from elea_desktop.directory import forget
from elea_desktop.directory.backups import list_backups
from elea_desktop.directory.store import Directory
from tests.cli.helpers import run
from tests.importer.helpers import year_kwargs
from tests.siecle_factory import generate_pupils, write_export

PUPILS = generate_pupils(30, classes=["6A", "6B"])
LEAVERS = PUPILS[:4]
STAYING = PUPILS[4:]
OCTOBER_2025 = datetime(2025, 10, 1, tzinfo=UTC)
OCTOBER_2026 = datetime(2026, 10, 1, tzinfo=UTC)


def at(data_dir, when):
    return Directory.open(data_dir, clock=lambda: when)


@pytest.fixture
def left_in_2025(capsys, tmp_path, data_dir):
    """Imported in 2024-2025; the four leavers are missing from the 2025 rentrée export."""
    assert run(capsys, "import", write_export(tmp_path / "y24.zip", PUPILS, **year_kwargs(2024)))[0] == 0
    code, _, err = run(capsys, "import", write_export(tmp_path / "y25.zip", STAYING, **year_kwargs(2025)),
                       "--passwords", "keep")
    assert code == 0, err
    with Directory.open(data_dir) as directory:
        leavers = [a for a in directory.list_accounts() if a.status == "suspended"]
    assert sorted(a.eleve_id for a in leavers) == sorted(p.eleve_id for p in LEAVERS)
    return leavers


def personal_values(account) -> list[str]:
    return [v for v in (account.family_name, account.first_name, account.eleve_id, account.ine,
                        account.birth_date.isoformat() if account.birth_date else None) if v]


def everything(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize(("day", "year"), [(date(2025, 9, 1), 2025), (date(2026, 6, 30), 2025),
                                           (date(2026, 8, 1), 2026), (date(2026, 1, 5), 2025)])
def test_the_school_year_of_a_day_turns_over_in_august(day, year):
    assert forget.school_year_of(day) == year


def test_leavers_are_kept_through_the_set_delay_then_listed_by_a_dry_run(data_dir, left_in_2025):
    with at(data_dir, OCTOBER_2025) as directory:
        early = forget.forget_leavers(directory, dry_run=True)
    assert early.leavers == () and early.current_year == 2025
    before = everything(data_dir / "comptes.sqlite3")
    with at(data_dir, OCTOBER_2026) as directory:
        dry = forget.forget_leavers(directory, dry_run=True)
    assert not dry.done and dry.current_year == 2026 and dry.latest_eligible_year == 2025
    assert sorted(leaver.username for leaver in dry.leavers) == sorted(a.username for a in left_in_2025)
    assert everything(data_dir / "comptes.sqlite3") == before  # a dry run writes nothing
    with at(data_dir, OCTOBER_2026) as directory:
        directory.update_settings(forget_after_years=2)
        assert forget.forget_leavers(directory, dry_run=True).leavers == ()


def test_anonymising_erases_names_and_identifiers_everywhere_and_keeps_the_username(data_dir, left_in_2025):
    copy = list_backups(data_dir)[-1]  # taken before the 2025 import: the leavers were still there
    assert all(f"'{value}'" in everything(copy) for value in personal_values(left_in_2025[1]))
    with at(data_dir, OCTOBER_2026) as directory:
        directory.protect(left_in_2025[0].username)  # protected: the user said to leave it alone
        result = forget.forget_leavers(directory)
        assert result.done and len(result.leavers) == 3
        accounts = {a.username: a for a in directory.list_accounts()}
        batch = directory.load_batch(1)
    forgotten = left_in_2025[1:]
    for old in forgotten:
        now = accounts[old.username]
        assert (now.first_name, now.last_name) == (forget.FIRST_NAME, forget.FAMILY_NAME)
        assert (now.eleve_id, now.ine, now.birth_date, now.class_code) == (None, None, None, None)
        assert now.forgotten_at is not None and now.status == "suspended" and now.uid == old.uid
    assert accounts[left_in_2025[0].username].eleve_id == left_in_2025[0].eleve_id
    # the live base and every backup copy: not one of their names or identifiers is left
    for path in [data_dir / "comptes.sqlite3", *list_backups(data_dir)]:
        text = everything(path)
        for old in forgotten:
            for value in personal_values(old):
                assert f"'{value}'" not in text, (path.name, value)
    assert f"'{left_in_2025[0].ine}'" in everything(copy)  # the others are left as they were
    assert len(list_backups(data_dir)) == 2
    # their held passwords are gone from the batch, the others' are still there
    assert {c.username for c in batch.credentials}.isdisjoint(a.username for a in forgotten)
    assert len(batch.credentials) == 26 and batch.left_out == 1  # the protected leaver: left out


def test_an_anonymised_username_is_never_given_again(capsys, tmp_path, data_dir, left_in_2025):
    with at(data_dir, OCTOBER_2026) as directory:
        forget.forget_leavers(directory)
    # one of them comes back the year after: a new account, never the reserved username
    back = write_export(tmp_path / "y26.zip", [*STAYING, LEAVERS[1]], **year_kwargs(2026))
    code, _, err = run(capsys, "import", back, "--passwords", "keep")
    assert code == 0, err
    with Directory.open(data_dir) as directory:
        mine = [a for a in directory.list_accounts() if a.eleve_id == LEAVERS[1].eleve_id]
        usernames = [a.username for a in directory.list_accounts()]
    assert len(mine) == 1 and mine[0].status == "active"
    assert len(usernames) == len(set(usernames)) == 31
    old = next(a for a in left_in_2025 if a.eleve_id == LEAVERS[1].eleve_id)
    assert mine[0].username != old.username and old.username in usernames


def test_nothing_to_forget_writes_nothing(data_dir, left_in_2025):
    before = everything(data_dir / "comptes.sqlite3")
    with at(data_dir, OCTOBER_2025) as directory:
        assert not forget.forget_leavers(directory).leavers
    assert everything(data_dir / "comptes.sqlite3") == before
