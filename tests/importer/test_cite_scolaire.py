"""A cité scolaire: a collège and a lycée, two UAIs and two SIECLE exports, one directory, one account per
pupil for life. Three school years through the real reader, with transfers both ways."""

from __future__ import annotations

import pytest

from elea_desktop.directory.store import Directory
from elea_desktop.errors import SafetyRefusal
from elea_desktop.importer.engine import plan_import, run_import
from tests.importer.helpers import dump, export_of, moved, year_kwargs
from tests.siecle_factory import FakePupil, generate_pupils

COLLEGE, LYCEE = "0750680G", "0752387M"
COLLEGE_NAME, LYCEE_NAME = "Collège Victor-Hugo", "Lycée Victor-Hugo"

# ELEVE_IDs deliberately overlap between the two establishments: each SIECLE numbers its own pupils.
ALICE = FakePupil("1", "MARTIN", "Alice", "05/06/2010", "3A", ine="070000001AA")
BOB = FakePupil("2", "DURAND", "Bob", "07/08/2011", "4A", ine="070000002BB")
CAMILLE = FakePupil("3", "ROUX", "Camille", "09/10/2010", "3A", ine="")  # no INE
LEA_C = FakePupil("4", "BERNARD", "Léa", "01/01/2011", "3B", ine="070000004DD")
JULES_C = FakePupil("5", "PETIT", "Jules", "02/02/2010", "3B", ine="")  # same name and birth as JULES_L
ZOE = FakePupil("1", "SIMON", "Zoé", "03/03/2009", "2A", ine="070000011KK")
LEA_L = FakePupil("2", "BERNARD", "Léa", "05/05/2009", "2A", ine="070000012LL")  # homonym, other birth
JULES_L = FakePupil("3", "PETIT", "Jules", "02/02/2010", "2B", ine="")  # another pupil, no INE either
YANN = FakePupil("4", "LAMBERT", "Yann", "04/04/2009", "2B", ine="070000014NN")

# The rest of each establishment, there every year (enough pupils for the partial-export rule).
FILL_C = generate_pupils(10, classes=["5F"], id_start=100, seed=1)
FILL_L = generate_pupils(10, classes=["1F"], id_start=200, seed=2)

COLLEGE_2025 = [ALICE, BOB, CAMILLE, LEA_C, JULES_C, *FILL_C]
LYCEE_2025 = [ZOE, LEA_L, JULES_L, YANN, *FILL_L]
# 2026: Alice and Camille move up to the lycée (new ELEVE_IDs there); Yann goes back to the collège a year
# later (3e prépa-métiers), so the lycée's 2026 export no longer lists him.
COLLEGE_2026 = [moved(BOB, class_code="3A"), moved(LEA_C, class_code="3C"), moved(JULES_C, class_code="3C"),
                *FILL_C]
LYCEE_2026 = [moved(ZOE, class_code="1A"), moved(LEA_L, class_code="1A"), moved(JULES_L, class_code="1B"),
              moved(ALICE, eleve_id="51", class_code="2A"), moved(CAMILLE, eleve_id="52", class_code="2B"),
              *FILL_L]
# 2027, both at once: Bob and Jules (collège) move up, the collège still lists Bob as a leaver; Yann is
# back in the collège.
COLLEGE_2027 = [moved(BOB, class_code="3A", exit_date="04/07/2027", exit_reason="10"),
                moved(LEA_C, class_code="3C"), moved(YANN, eleve_id="60", class_code="3PM"), *FILL_C]
LYCEE_2027 = [moved(ZOE, class_code="TA"), moved(LEA_L, class_code="TA"), moved(JULES_L, class_code="TB"),
              moved(ALICE, eleve_id="51", class_code="1A"), moved(CAMILLE, eleve_id="52", class_code="1B"),
              moved(BOB, eleve_id="70", class_code="2A"), moved(JULES_C, eleve_id="71", class_code="2A"),
              *FILL_L]


def collège(pupils, year, **kwargs):
    return export_of(pupils, uai=COLLEGE, **year_kwargs(year, **kwargs))


def lycée(pupils, year, **kwargs):
    return export_of(pupils, uai=LYCEE, **year_kwargs(year, **kwargs))


def nonzero(counts: dict) -> dict:
    return {key: value for key, value in counts.items() if value and key != "school_year"
            and key != "source_name"}


def by_name(directory) -> dict:
    return {(a.first_name, a.family_name, a.birth_date.isoformat()): a for a in directory.list_accounts()}


def password_batches(directory, username) -> list[int]:
    account = directory.get_account(username)
    rows = directory.connection.execute(
        "SELECT batch_id FROM batch_entries WHERE account_id = ? ORDER BY batch_id", (account.id,))
    return [row[0] for row in rows]


@pytest.fixture
def cite(data_dir):
    with Directory.open(data_dir) as directory:
        directory.update_cite(add=[COLLEGE, LYCEE], names={COLLEGE: COLLEGE_NAME, LYCEE: LYCEE_NAME})
        yield directory


def test_three_school_years_of_a_cite_scolaire(cite):
    # 2025: both exports at once, in one transaction.
    first = run_import(cite, [collège(COLLEGE_2025, 2025), lycée(LYCEE_2025, 2025)], None)
    assert nonzero(first.counts) == {"classes_created": 7, "classes_total": 7, "users_created": 29,
                                     "passwords_generated": 29}
    assert nonzero(first.per_uai[COLLEGE]) == {"classes_created": 4, "classes_total": 4, "users_created": 15,
                                                "passwords_generated": 15}
    assert nonzero(first.per_uai[LYCEE]) == {"classes_created": 3, "classes_total": 3, "users_created": 14,
                                              "passwords_generated": 14}
    assert sorted(line.idnumber for line in first.classes) == [
        "0750680G-2025-3A", "0750680G-2025-3B", "0750680G-2025-4A", "0750680G-2025-5F",
        "0752387M-2025-1F", "0752387M-2025-2A", "0752387M-2025-2B"]
    accounts = by_name(cite)
    alice = accounts[("Alice", "MARTIN", "2010-06-05")]
    camille = accounts[("Camille", "ROUX", "2010-10-09")]
    assert alice.uai == COLLEGE and accounts[("Zoé", "SIMON", "2009-03-03")].uai == LYCEE
    # Homonyms across the two schools, and the same name and birth date in both: never merged.
    lea_c, lea_l = accounts[("Léa", "BERNARD", "2011-01-01")], accounts[("Léa", "BERNARD", "2009-05-05")]
    assert (lea_c.uai, lea_l.uai) == (COLLEGE, LYCEE) and lea_c.username != lea_l.username
    jules = sorted((a for a in cite.list_accounts() if (a.first_name, a.family_name) == ("Jules", "PETIT")),
                   key=lambda a: a.uai)
    assert [(a.uai, a.class_code) for a in jules] == [(COLLEGE, "3B"), (LYCEE, "2B")]
    assert len({a.username for a in jules}) == 2
    jules_c, jules_l = jules

    # 2026, one after the other. The collège's export suspends only collège pupils missing from it.
    y2026_c = run_import(cite, collège(COLLEGE_2026, 2026), "keep")
    assert nonzero(y2026_c.counts) == {"classes_created": 3, "classes_total": 3, "users_updated": 13,
                                       "users_suspended": 2}
    assert sorted(line.username for line in y2026_c.entries["suspended"]) == sorted(
        [alice.username, camille.username])
    assert set(y2026_c.per_uai) == {COLLEGE}
    assert all(a.is_active for a in cite.list_accounts() if a.uai == LYCEE)
    # Then the lycée's: Alice (by INE) and Camille (no INE: by name and birth date) are transferred, not
    # reactivated; same username, password kept (keep mode); lycée cohort. Yann, absent, is suspended.
    y2026_l = run_import(cite, lycée(LYCEE_2026, 2026), "keep")
    assert nonzero(y2026_l.counts) == {"classes_created": 5, "classes_total": 5, "users_updated": 13,
                                       "users_transferred": 2, "users_suspended": 1}
    assert y2026_l.batch_id is None  # no password at all in keep mode
    assert sorted(line.username for line in y2026_l.entries["transferred"]) == sorted(
        [alice.username, camille.username])
    assert "Collège Victor-Hugo → Lycée Victor-Hugo" in y2026_l.entries["transferred"][0].detail
    assert [line.username for line in y2026_l.entries["suspended"]] == ["yann.lambert"]
    now = {a.username: a for a in cite.list_accounts()}
    assert (now[alice.username].uai, now[alice.username].class_code, now[alice.username].status) == (
        LYCEE, "2A", "active")
    assert now[alice.username].eleve_id == "51" and now[alice.username].uid == alice.uid
    assert now[camille.username].uai == LYCEE and now[camille.username].is_active
    assert password_batches(cite, alice.username) == [first.batch_id]
    cohort = cite.connection.execute("SELECT idnumber FROM cohorts WHERE id = ?",
                                     (now[alice.username].cohort_id,)).fetchone()[0]
    assert cohort == "0752387M-2026-2A"

    # 2027, both at once: transfers both ways with no suspension in between. The collège still lists Bob
    # as a leaver: its export does not speak for the account he now has at the lycée.
    y2027 = run_import(cite, [collège(COLLEGE_2027, 2027), lycée(LYCEE_2027, 2027)], "keep")
    assert nonzero(y2027.counts) == {"classes_created": 9, "classes_total": 9, "users_updated": 26,
                                     "users_transferred": 3}
    transferred = sorted(line.username for line in y2027.entries["transferred"])
    assert transferred == sorted(["bob.durand", jules_c.username, "yann.lambert"])
    assert nonzero(y2027.per_uai[COLLEGE]) == {"classes_created": 3, "classes_total": 3, "users_updated": 11,
                                               "users_transferred": 1}
    assert nonzero(y2027.per_uai[LYCEE]) == {"classes_created": 6, "classes_total": 6, "users_updated": 15,
                                             "users_transferred": 2}
    now = {a.username: a for a in cite.list_accounts()}
    assert (now["yann.lambert"].uai, now["yann.lambert"].class_code, now["yann.lambert"].is_active) == (
        COLLEGE, "3PM", True)
    assert (now["bob.durand"].uai, now["bob.durand"].class_code) == (LYCEE, "2A")
    assert (now[jules_c.username].uai, now[jules_c.username].class_code) == (LYCEE, "2A")
    assert (now[jules_l.username].uai, now[jules_l.username].class_code) == (LYCEE, "TB")
    assert len(cite.list_accounts()) == 29  # one account per pupil, for life
    assert y2027.batch_id is None


def test_a_transfer_in_new_mode_gets_a_new_password(cite):
    first = run_import(cite, [collège(COLLEGE_2025, 2025), lycée(LYCEE_2025, 2025)], None)
    report = run_import(cite, [collège(COLLEGE_2026, 2026), lycée(LYCEE_2026, 2026)], "new")
    assert report.counts["users_transferred"] == 2 and report.counts["users_suspended"] == 1
    assert report.counts["users_reactivated"] == 0
    alice = cite.get_account("alice.martin")
    assert password_batches(cite, "alice.martin") == [first.batch_id, report.batch_id]
    batch = cite.load_batch(report.batch_id)
    slip = next(c for c in batch.credentials if c.username == "alice.martin")
    assert slip.establishment == LYCEE_NAME and alice.uai == LYCEE


def test_lycee_first_transfers_by_ine_and_the_college_export_then_leaves_the_account_alone(cite):
    run_import(cite, [collège(COLLEGE_2025, 2025), lycée(LYCEE_2025, 2025)], None)
    lycee = run_import(cite, lycée(LYCEE_2026, 2026), "keep")
    # Alice has an INE: transferred although the collège has not been imported this year yet. Camille has
    # none, and her collège account is still active: a look-alike is not guessed.
    assert [line.username for line in lycee.entries["transferred"]] == ["alice.martin"]
    assert [line.last_name for line in lycee.entries["created"]] == ["ROUX"]
    assert any(n.code == "cross_uai_lookalike" and "camille.roux" in n.message for n in lycee.warnings)
    college = run_import(cite, collège(COLLEGE_2026, 2026), "keep")
    assert [line.username for line in college.entries["suspended"]] == ["camille.roux"]
    assert cite.get_account("alice.martin").is_active


def test_each_export_speaks_for_its_own_uai_in_the_partial_and_older_rules(cite):
    big_college = generate_pupils(40, classes=["3A", "3B"])
    big_lycee = [moved(p, eleve_id=str(500 + i), ine=f"07100{i:04d}XY") for i, p in
                 enumerate(generate_pupils(40, classes=["2A", "2B"], seed=5))]
    run_import(cite, [collège(big_college, 2025, day="20/09"), lycée(big_lycee, 2025, day="10/09")], None)
    # 31 of 40 collège pupils: fine for the collège, although it is far fewer than the 80 accounts.
    report = run_import(cite, collège(big_college[:31], 2025, day="01/10"), "keep")
    assert report.counts["users_suspended"] == 9
    # The lycée's export of 15/09 is older than the collège's of 01/10, newer than the lycée's own.
    report = run_import(cite, lycée(big_lycee, 2025, day="15/09"), "keep")
    assert report.counts["users_unchanged"] == 40
    with pytest.raises(SafetyRefusal) as caught:
        run_import(cite, lycée(big_lycee, 2025, day="12/09"), "keep")
    assert caught.value.code == "older_export"
    with pytest.raises(SafetyRefusal) as caught:
        run_import(cite, [collège(big_college[:31], 2025, day="02/10"), lycée(big_lycee[:10], 2025,
                                                                             day="02/10")], "keep")
    assert caught.value.code == "partial_export" and LYCEE in caught.value.message


def test_refusals_leave_everything_as_it_was(cite, data_dir):
    run_import(cite, [collège(COLLEGE_2025, 2025), lycée(LYCEE_2025, 2025)], None)
    before = dump(data_dir)
    other = export_of(LYCEE_2026, uai="0140070A", **year_kwargs(2026))
    for exports, code in (([collège(COLLEGE_2026, 2026), other], "uai_mismatch"),
                          ([collège(COLLEGE_2026, 2026), collège(COLLEGE_2026, 2026, day="16/09")],
                           "duplicate_uai")):
        with pytest.raises(SafetyRefusal) as caught:
            run_import(cite, exports, "keep", confirmed=True)
        assert caught.value.code == code and not caught.value.overridable
        assert dump(data_dir) == before
    plan = plan_import(cite, [collège(COLLEGE_2026, 2026), other], "keep")
    assert "Cité scolaire" in next(f for f in plan.findings if f.code == "uai_mismatch").message


def test_the_same_pupil_in_a_class_in_both_exports_keeps_one_account_where_it_is(cite):
    run_import(cite, [collège(COLLEGE_2025, 2025), lycée(LYCEE_2025, 2025)], None)
    # The collège has not recorded Alice's departure yet; the lycée already has her in 2A.
    report = run_import(cite, [collège([*COLLEGE_2026, moved(ALICE, class_code="3A")], 2026),
                               lycée(LYCEE_2026, 2026)], "keep")
    alice = cite.get_account("alice.martin")
    assert alice.uai == COLLEGE and alice.is_active
    assert any(n.code == "listed_by_two_uais" for n in report.warnings)
    assert len([a for a in cite.list_accounts() if a.first_name == "Alice"]) == 1


def test_cohorts_stay_per_uai_even_with_the_same_class_code(cite):
    report = run_import(cite, [collège([moved(BOB, class_code="ULIS")], 2025),
                               lycée([moved(ZOE, class_code="ULIS")], 2025)], None)
    assert sorted(line.idnumber for line in report.classes) == ["0750680G-2025-ULIS", "0752387M-2025-ULIS"]
    assert len({a.cohort_id for a in cite.list_accounts()}) == 2


def test_undeclared_second_uai_is_refused_as_before(data_dir):
    with Directory.open(data_dir) as directory:
        with pytest.raises(SafetyRefusal) as caught:
            run_import(directory, [collège(COLLEGE_2025, 2025), lycée(LYCEE_2025, 2025)], None)
        assert caught.value.code == "uai_mismatch"
        assert not directory.has_accounts()


def test_the_import_suggests_importing_both_when_one_export_is_much_newer(cite):
    run_import(cite, [collège(COLLEGE_2025, 2025), lycée(LYCEE_2025, 2025)], None)
    # A year later, the collège alone: its leavers would be suspended until the lycée's export comes.
    plan = plan_import(cite, collège(COLLEGE_2026, 2026), "keep")
    advice = [n for n in plan.warnings if n.code == "import_together"]
    assert len(advice) == 1 and LYCEE_NAME in advice[0].message and "15/09/2025" in advice[0].message
    # Both together: no advice about the lycée; exports three weeks apart are pointed out.
    plan = plan_import(cite, [collège(COLLEGE_2026, 2026), lycée(LYCEE_2026, 2026, day="08/10")], "keep")
    assert not [n for n in plan.warnings if n.code == "import_together"]
    assert [n.code for n in plan.warnings if n.code == "exports_apart"] == ["exports_apart"]
    # The same week: nothing to say.
    plan = plan_import(cite, [collège(COLLEGE_2026, 2026), lycée(LYCEE_2026, 2026, day="16/09")], "keep")
    assert not [n for n in plan.warnings if n.code in ("import_together", "exports_apart")]
