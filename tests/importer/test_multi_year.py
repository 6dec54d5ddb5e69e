"""Three school years of a small collège, through the real reader, as a secretariat would live them."""

from __future__ import annotations

import pytest

from elea_desktop.directory.store import Directory
from elea_desktop.importer.engine import run_import
from tests.importer.helpers import accounts_by_eleve, export_of, moved, year_kwargs
from tests.siecle_factory import FakePupil

ALICE = FakePupil("1", "MARTIN", "Alice", "05/06/2012", "4A")
BOB = FakePupil("2", "DURAND", "Bob", "07/08/2011", "3A")
CHLOE = FakePupil("3", "PETIT", "Chloé", "09/10/2012", "4A")
DINA = FakePupil("4", "ROUX", "Dina", "11/12/2012", "4A")
EMMA_1 = FakePupil("5", "BERNARD", "Emma", "03/03/2012", "4B")
EMMA_2 = FakePupil("6", "BERNARD", "Emma", "03/03/2012", "4B")  # exact homonym, another pupil
GABRIEL = FakePupil("7", "SIMON", "Gabriel", "01/01/2012", "4B")
CHLOE_NEW = FakePupil("8", "PETIT", "Chloé", "02/02/2014", "6A")  # same name as a suspended account
HUGO = FakePupil("9", "LAMBERT", "Hugo", "04/04/2014", "6A")
INES = FakePupil("10", "FAURE", "Inès", "05/05/2015", "6A")
LOUIS = FakePupil("11", "GIRARD", "Louis", "06/06/2015", "6A")

YEAR_2025 = [ALICE, BOB, CHLOE, DINA, EMMA_1, EMMA_2, GABRIEL]
CHLOE_LEFT = moved(CHLOE, exit_date="10/01/2026", exit_reason="DEM")
MID_2025 = [ALICE, BOB, CHLOE_LEFT, DINA, EMMA_1, EMMA_2, GABRIEL]
YEAR_2026 = [
    moved(ALICE, class_code="3A"), moved(DINA, class_code="3A", usage_name="LEROY"),
    moved(EMMA_1, class_code="3B"), moved(EMMA_2, class_code="3B"), moved(GABRIEL, class_code="3B"),
    CHLOE_NEW, HUGO,
]
YEAR_2027 = [moved(CHLOE, class_code="4C"), moved(CHLOE_NEW, class_code="5A"), moved(HUGO, class_code="5A"),
             INES, LOUIS]


def counts(report) -> dict:
    return {key: value for key, value in report.counts.items() if value}


@pytest.fixture
def directory(data_dir):
    with Directory.open(data_dir) as opened:
        yield opened


def usernames(report, category) -> list[str]:
    return sorted(line.username for line in report.entries[category])


def test_three_school_years(directory):
    # 2025: the first import needs no password mode.
    first = run_import(directory, export_of(YEAR_2025, **year_kwargs(2025)), None)
    assert counts(first) == {"classes_created": 3, "classes_total": 3, "users_created": 7,
                             "passwords_generated": 7}
    accounts = accounts_by_eleve(directory)
    assert {k: a.username for k, a in accounts.items()} == {
        "1": "alice.martin", "2": "bob.durand", "3": "chloe.petit", "4": "dina.roux",
        "5": "emma.bernard", "6": "emma.bernard2", "7": "gabriel.simon",
    }
    assert [line.idnumber for line in first.classes] == ["0750680G-2025-3A", "0750680G-2025-4A",
                                                         "0750680G-2025-4B"]
    assert {c.username for c in directory.load_batch(first.batch_id).credentials} == {
        a.username for a in accounts.values()}
    directory.protect("gabriel.simon")

    # January 2026: Chloé left during the year (past DATE_SORTIE): suspended, never deleted.
    mid = run_import(directory, export_of(MID_2025, **year_kwargs(2025, day="15/01")), "keep")
    assert counts(mid) == {"classes_total": 3, "users_unchanged": 5, "users_protected": 1,
                           "users_suspended": 1}
    assert usernames(mid, "suspended") == ["chloe.petit"]
    assert "sorti le 10/01/2026" in mid.entries["suspended"][0].detail
    assert mid.batch_id is None

    # 2026: promotion, a renamed pupil, end-of-cycle Bob absent, newcomers, the protected account untouched.
    y2026 = run_import(directory, export_of(YEAR_2026, **year_kwargs(2026)), "keep")
    assert counts(y2026) == {"classes_created": 3, "classes_total": 3, "users_created": 2, "users_updated": 4,
                             "users_protected": 1, "users_suspended": 1, "passwords_generated": 2}
    accounts = accounts_by_eleve(directory)
    assert accounts["1"].class_code == "3A"
    assert accounts["4"].username == "dina.roux" and accounts["4"].last_name == "LEROY"
    details = {line.username: line.detail for line in y2026.entries["updated"]}
    assert "nom d'usage" in details["dina.roux"]
    assert accounts["2"].status == "suspended"
    assert accounts["7"].class_code == "4B" and accounts["7"].protected  # nothing about it changed
    # The suspended Chloé still holds "chloe.petit": the newcomer of the same name gets another one.
    assert accounts["8"].username == "chloe.petit2"
    assert {c.username for c in directory.load_batch(y2026.batch_id).credentials} == {"chloe.petit2",
                                                                                     "hugo.lambert"}

    # 2027, new passwords for everyone: Chloé comes back with her old username and a new password.
    y2027 = run_import(directory, export_of(YEAR_2027, **year_kwargs(2027)), "new")
    assert counts(y2027) == {"classes_created": 3, "classes_total": 3, "users_created": 2, "users_updated": 2,
                             "users_reactivated": 1, "users_suspended": 4, "passwords_generated": 5}
    accounts = accounts_by_eleve(directory)
    assert accounts["3"].username == "chloe.petit" and accounts["3"].status == "active"
    assert accounts["3"].class_code == "4C"
    assert usernames(y2027, "suspended") == ["alice.martin", "dina.roux", "emma.bernard", "emma.bernard2"]
    assert accounts["7"].status == "active"  # protected: absent from the file and still untouched
    batch = directory.load_batch(y2027.batch_id)
    assert {c.username for c in batch.credentials} == {"chloe.petit", "chloe.petit2", "hugo.lambert",
                                                       "ines.faure", "louis.girard"}
    # Usernames never change and are never reused.
    all_names = [a.username for a in directory.list_accounts()]
    assert len(all_names) == len(set(all_names)) == 11


def test_reimport_is_idempotent_in_keep_mode_and_regenerates_in_new_mode(directory):
    export = export_of(YEAR_2026, **year_kwargs(2026))
    run_import(directory, export, None)
    again = run_import(directory, export, "keep")
    assert counts(again) == {"classes_total": 3, "users_unchanged": 7}
    assert again.batch_id is None
    renewed = run_import(directory, export, "new")
    assert counts(renewed) == {"classes_total": 3, "users_updated": 7, "passwords_generated": 7}
    assert all(line.detail == "nouveau mot de passe" for line in renewed.entries["updated"])
    assert len(directory.load_batch(renewed.batch_id).credentials) == 7


def test_protected_account_gets_no_password_in_new_mode(directory):
    export = export_of(YEAR_2025, **year_kwargs(2025))
    run_import(directory, export, None)
    directory.protect("bob.durand")
    report = run_import(directory, export_of([moved(p, class_code="5Z") for p in YEAR_2025],
                                             **year_kwargs(2025, day="20/09")), "new")
    assert report.counts["users_protected"] == 1
    assert report.counts["passwords_generated"] == 6
    assert "bob.durand" not in {c.username for c in directory.load_batch(report.batch_id).credentials}
    assert accounts_by_eleve(directory)["2"].class_code == "3A"
    directory.protect("bob.durand", False)
    assert not accounts_by_eleve(directory)["2"].protected


def test_a_normal_new_school_year_needs_no_confirmation(directory):
    from tests.siecle_factory import generate_pupils

    year1 = generate_pupils(672, seed=1)  # 6A…3F, 28 per class
    run_import(directory, export_of(year1, **year_kwargs(2025)), None)
    # The 3e leave, everyone else moves up a level, a new 6e level arrives.
    promoted = [moved(p, class_code=f"{int(p.class_code[0]) - 1}{p.class_code[1:]}")
                for p in year1 if not p.class_code.startswith("3")]
    newcomers = generate_pupils(168, classes=[f"6{c}" for c in "ABCDEF"], seed=2, id_start=5000)
    report = run_import(directory, export_of(promoted + newcomers, **year_kwargs(2026)), "keep")
    assert report.counts["users_suspended"] == 168
    assert report.counts["users_created"] == 168
    assert report.counts["users_updated"] == 504
    assert report.counts["classes_created"] == 24


def test_collision_suffixes_follow_a_stable_order_not_the_file_order(data_dir, tmp_path):
    twins = [FakePupil(str(n), "BERNARD", "Emma", "03/03/2012", c)
             for n, c in ((30, "4B"), (12, "4B"), (7, "4C"))]
    results = []
    for name, order in (("a", twins), ("b", twins[::-1])):
        with Directory.open(tmp_path / name) as directory:
            run_import(directory, export_of(order, **year_kwargs(2025)), None)
            results.append({a.eleve_id: a.username for a in directory.list_accounts()})
    # Class first, then ELEVE_ID among exact homonyms (numerically: 12 before 30).
    assert results[0] == results[1] == {"12": "emma.bernard", "30": "emma.bernard2", "7": "emma.bernard3"}
