"""Staff of a cité scolaire: an STS-web export of either declared UAI; a teacher of both establishments
has one account, which each establishment's export neither moves nor suspends."""

from __future__ import annotations

from elea_desktop.directory.models import ROLE_STAFF
from elea_desktop.directory.store import Directory
from elea_desktop.importer.engine import run_import
from tests.importer.test_staff_import import staff_export
from tests.sts_factory import FakeStaff

COLLEGE, LYCEE = "0750680G", "0752387M"
# STS-web numbers each establishment's staff on its own: one teacher, two IDs.
ANNE_C = FakeStaff("100", "MARTIN", "Anne", birth_date="1975-01-02")
ANNE_L = FakeStaff("900", "MARTIN", "Anne", birth_date="1975-01-02")
LEO = FakeStaff("101", "BRUN", "Léo", function="EDU", birth_date="1980-03-04")
LEO_L = FakeStaff("950", "BRUN", "Léo", function="EDU", birth_date="1980-03-04")
ZOE = FakeStaff("901", "ROUX", "Zoé", birth_date="1978-07-08")


def staff(directory) -> dict:
    return {a.username: a for a in directory.list_accounts(role=ROLE_STAFF)}


def test_a_teacher_of_both_establishments_has_one_account_that_stays_put(data_dir):
    with Directory.open(data_dir) as directory:
        directory.update_cite(add=[COLLEGE, LYCEE], names={LYCEE: "Lycée Victor-Hugo"})
        run_import(directory, staff_export([ANNE_C, LEO], uai=COLLEGE), None)
        lycee = run_import(directory, staff_export([ANNE_L, ZOE], uai=LYCEE), "keep")
        assert (lycee.counts["users_created"], lycee.counts["users_unchanged"]) == (1, 1)
        accounts = staff(directory)
        assert set(accounts) == {"anne.martin", "leo.brun", "zoe.roux"}
        assert (accounts["anne.martin"].uai, accounts["anne.martin"].sts_id) == (COLLEGE, "100")
        # The lycée's next export without Anne does not suspend her: she still teaches at the collège.
        again = run_import(directory, staff_export([ZOE], uai=LYCEE, stamp="20/09/2025 10:00:00"), "keep")
        assert again.counts["users_suspended"] == 0
        assert staff(directory)["anne.martin"].is_active
        # The collège's own export still speaks for her.
        college = run_import(directory, staff_export([ANNE_C], uai=COLLEGE, stamp="21/09/2025 10:00:00"),
                             "keep")
        assert [line.username for line in college.entries["suspended"]] == ["leo.brun"]


def test_a_staff_member_gone_to_the_other_establishment_is_transferred_with_the_same_password(data_dir):
    with Directory.open(data_dir) as directory:
        directory.update_cite(add=[COLLEGE, LYCEE])
        first = run_import(directory, staff_export([ANNE_C, LEO], uai=COLLEGE), None)
        run_import(directory, staff_export([ANNE_C], uai=COLLEGE, year=2026), "keep")  # Léo left
        assert not staff(directory)["leo.brun"].is_active
        lycee = run_import(directory, staff_export([LEO_L, ZOE], uai=LYCEE, year=2026), "keep")
        assert [line.username for line in lycee.entries["transferred"]] == ["leo.brun"]
        assert lycee.counts["users_reactivated"] == 0
        leo = staff(directory)["leo.brun"]
        assert (leo.uai, leo.sts_id, leo.is_active) == (LYCEE, "950", True)
        rows = directory.connection.execute(
            "SELECT batch_id FROM batch_entries WHERE account_id = ?", (leo.id,)).fetchall()
        assert rows == [(first.batch_id,)]  # keep mode: the password he had


def test_a_staff_transfer_with_new_passwords_says_so_as_a_pupils_does(data_dir):
    with Directory.open(data_dir) as directory:
        directory.update_cite(add=[COLLEGE, LYCEE])
        run_import(directory, staff_export([ANNE_C, LEO], uai=COLLEGE), None)
        run_import(directory, staff_export([ANNE_C], uai=COLLEGE, year=2026), "keep")  # Léo left
        lycee = run_import(directory, staff_export([LEO_L, ZOE], uai=LYCEE, year=2026), "new")
        [line] = lycee.entries["transferred"]
        assert line.detail.endswith("; nouveau mot de passe")
        leo = staff(directory)["leo.brun"]
        rows = directory.connection.execute(
            "SELECT batch_id FROM batch_entries WHERE account_id = ?", (leo.id,)).fetchall()
        assert (lycee.batch_id,) in rows  # the detail tells the truth: he is on the new batch
