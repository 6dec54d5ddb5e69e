"""Staff imports (STS-web) into the same directory as the pupils: selection, matching from year to year,
suspension and reactivation, one username namespace, and complete independence from the pupils."""

from __future__ import annotations

from dataclasses import replace

import pytest

from elea_desktop.directory.models import ROLE_STAFF, ROLE_STUDENT
from elea_desktop.directory.store import Directory
from elea_desktop.errors import SafetyRefusal
from elea_desktop.exports import read_any
from elea_desktop.importer.engine import plan_import, run_import
from tests.importer.helpers import dump, export_of, year_kwargs
from tests.siecle_factory import FakePupil
from tests.sts_factory import FakeStaff, build_sts_zip

TEACHERS = [
    FakeStaff("100", "MARTIN", "Anne", birth_date="1975-01-02"),
    FakeStaff("101", "MARTIN", "Anne", birth_date="1982-05-06", function="DOC"),  # homonym, other birth
    FakeStaff("102", "BRUN", "Léo", function="EDU"),
    FakeStaff("103", "CHEF", "Claire", function="DIR", type="local"),
    FakeStaff("104", "GESTION", "Paul", function="ADF"),  # not selected by default
    FakeStaff("105", "CONGE", "Lise", function=None),  # long leave: no FONCTION
]


def staff_export(staff, *, year=2025, stamp=None, uai="0750680G"):
    stamp = stamp or f"12/09/{year} 10:00:00"
    return read_any(build_sts_zip(staff, year=year, horodatage=stamp, uai=uai),
                    name=f"sts_emp_{uai}_{year}.zip")


def by_sts(directory):
    return {a.sts_id: a for a in directory.list_accounts(role=ROLE_STAFF)}


def test_first_staff_import_selects_the_default_functions(data_dir):
    with Directory.open(data_dir) as directory:
        report = run_import(directory, staff_export(TEACHERS), None)
        accounts = by_sts(directory)
    assert report.kind == "staff" and report.to_json()["kind"] == "staff"
    assert report.counts["users_created"] == 4 and report.counts["passwords_generated"] == 4
    assert set(accounts) == {"100", "101", "102", "103"}
    assert {a.function for a in accounts.values()} == {"ENS", "DOC", "EDU", "DIR"}
    assert all(a.role == ROLE_STAFF and a.class_code is None for a in accounts.values())
    # Homonyms get 2, 3… in a stable order (name, first name, birth date).
    assert (accounts["100"].username, accounts["101"].username) == ("anne.martin", "anne.martin2")
    assert [n.code for n in report.warnings] == ["staff_without_function"]
    assert report.functions == {"DIR": 1, "DOC": 1, "EDU": 1, "ENS": 1}
    assert [(c.idnumber, c.created, c.pupils) for c in report.classes] == [
        ("0750680G-2025-personnels", True, 4)]


def test_usernames_are_unique_across_pupils_and_staff(data_dir):
    with Directory.open(data_dir) as directory:
        run_import(directory, export_of([FakePupil("1", "MARTIN", "Anne")], **year_kwargs(2025)), None)
        run_import(directory, staff_export(TEACHERS[:1]), None)
        pupils = [FakePupil("1", "MARTIN", "Anne"), FakePupil("2", "MARTIN", "Anne", birth_date="03/03/2012")]
        run_import(directory, export_of(pupils, **year_kwargs(2025, day="20/09")), "keep")
        names = {(a.role, a.eleve_id or a.sts_id): a.username for a in directory.list_accounts()}
    assert names == {(ROLE_STUDENT, "1"): "anne.martin", (ROLE_STAFF, "100"): "anne.martin2",
                     (ROLE_STUDENT, "2"): "anne.martin3"}


def test_a_pupils_import_never_touches_staff_and_the_partial_rule_counts_pupils_only(data_dir):
    pupils = [FakePupil(str(i), f"ELEVE{i}", "Jean") for i in range(1, 5)]
    with Directory.open(data_dir) as directory:
        run_import(directory, staff_export(TEACHERS), None)
        first = run_import(directory, export_of(pupils, **year_kwargs(2025)), None)  # no mode: first pupils
        assert first.counts["users_created"] == 4 and first.counts["users_suspended"] == 0
        staff_before = by_sts(directory)
        # 3 of 4 pupils: 75 % of the pupils' accounts, whatever the number of staff accounts.
        later = run_import(directory, export_of(pupils[:3], **year_kwargs(2025, day="01/10")), "new")
        assert later.counts["users_suspended"] == 1 and later.counts["users_updated"] == 3
        assert by_sts(directory) == staff_before


def test_a_staff_import_never_touches_pupils(data_dir):
    with Directory.open(data_dir) as directory:
        run_import(directory, export_of([FakePupil("1", "MARTIN", "Anne")], **year_kwargs(2025)), None)
        pupils_before = directory.list_accounts(role=ROLE_STUDENT)
        report = run_import(directory, staff_export(TEACHERS), None)  # staff mode not needed yet
        run_import(directory, staff_export([], stamp="13/09/2025 10:00:00"), "new")  # suspends all staff
        assert directory.list_accounts(role=ROLE_STUDENT) == pupils_before
        assert report.counts["users_suspended"] == 0
        assert {a.status for a in directory.list_accounts(role=ROLE_STAFF)} == {"suspended"}


def test_year_to_year_id_then_name_and_birth_date_function_changes_and_return(data_dir):
    with Directory.open(data_dir) as directory:
        run_import(directory, staff_export(TEACHERS), None)
        first = by_sts(directory)
        year2 = [
            replace(TEACHERS[0], sts_id="900"),  # changed ID, same name and birth date: same account
            replace(TEACHERS[1], function="ADF"),  # leaves the selection: suspended
            replace(TEACHERS[2], function="ENS"),  # stays in it with another function: updated
            # 103 is gone: suspended
            replace(TEACHERS[4], function="DIR"),  # enters the selection: created
        ]
        report = run_import(directory, staff_export(year2, year=2026), "keep")
        second = by_sts(directory)
        assert second["900"].username == first["100"].username and second["900"].id == first["100"].id
        assert "100" not in second
        assert second["101"].status == "suspended" and second["103"].status == "suspended"
        assert second["102"].function == "ENS" and second["102"].status == "active"
        assert second["104"].username == "paul.gestion"
        assert report.counts == {"classes_created": 1, "classes_total": 1, "users_created": 1,
                                 "users_updated": 2, "users_unchanged": 0, "users_reactivated": 0,
                                 "users_protected": 0, "users_suspended": 2, "passwords_generated": 1,
                                 "users_transferred": 0}
        details = {line.username: line.detail for lines in report.entries.values() for line in lines}
        assert details[first["101"].username] == "fonction Administration non retenue"
        assert details[first["103"].username] == "absent du fichier"
        assert details[first["102"].username].startswith("fonction CPE → Enseignant")
        # The next year the suspended librarian comes back: same username, a new password.
        year3 = [year2[0], year2[2], year2[3], TEACHERS[1]]
        report = run_import(directory, staff_export(year3, year=2027), "keep")
        third = by_sts(directory)
        assert third["101"].status == "active" and third["101"].username == first["101"].username
        assert report.counts["users_reactivated"] == 1 and report.counts["passwords_generated"] == 1
        batch = directory.load_batch(report.batch_id)
        assert [c.username for c in batch.credentials] == [first["101"].username]


def test_name_and_birth_date_match_only_when_unique(data_dir):
    twins = [FakeStaff("1", "DURAND", "Marc"), FakeStaff("2", "DURAND", "Marc")]  # same birth date too
    with Directory.open(data_dir) as directory:
        run_import(directory, staff_export(twins), None)
        renumbered = [replace(twins[0], sts_id="7"), replace(twins[1], sts_id="8")]
        report = run_import(directory, staff_export(renumbered, year=2026), "keep")
    assert report.counts["users_created"] == 2 and report.counts["users_suspended"] == 2
    assert [n.code for n in report.warnings].count("ambiguous_match") == 2


def test_protected_staff_account_is_never_changed(data_dir):
    with Directory.open(data_dir) as directory:
        run_import(directory, staff_export(TEACHERS[:1]), None)
        directory.protect("anne.martin")
        report = run_import(directory, staff_export([], stamp="13/09/2025 11:00:00"), "new")
        assert report.counts["users_suspended"] == 0
        report = run_import(directory, staff_export([replace(TEACHERS[0], function="ADF")],
                                                    stamp="14/09/2025 11:00:00"), "new")
        assert report.counts["users_protected"] == 1 and by_sts(directory)["100"].status == "active"


def test_safety_rules_for_staff(data_dir):
    with Directory.open(data_dir) as directory:
        run_import(directory, export_of([FakePupil("1", "MARTIN", "Anne")], **year_kwargs(2025)), None)
        # The UAI is bound by the first import of either kind.
        with pytest.raises(SafetyRefusal) as caught:
            run_import(directory, staff_export(TEACHERS, uai="0140070A"), None)
        assert caught.value.code == "uai_mismatch" and "STS-web" in caught.value.message
        run_import(directory, staff_export(TEACHERS, stamp="30/09/2025 10:00:00"), None)
        with pytest.raises(SafetyRefusal) as caught:
            run_import(directory, staff_export(TEACHERS, stamp="30/09/2025 10:00:00"), None)
        assert caught.value.code == "mode_required"
        before = dump(data_dir)
        older = staff_export(TEACHERS, stamp="01/09/2025 08:00:00")
        with pytest.raises(SafetyRefusal) as caught:
            run_import(directory, older, "keep")
        assert caught.value.code == "older_export" and caught.value.overridable
        assert dump(data_dir) == before
        assert run_import(directory, older, "keep", confirmed=True).counts["users_unchanged"] == 4
        # "Older" is per kind: a pupils' file exported before the staff file is the latest pupils' one.
        report = run_import(directory, export_of([FakePupil("1", "MARTIN", "Anne")],
                                                 **year_kwargs(2025, day="16/09")), "keep")
        assert report.counts["users_unchanged"] == 1


def test_staff_functions_setting_decides_who_gets_an_account(data_dir):
    with Directory.open(data_dir) as directory:
        directory.update_settings(staff_functions="ens, adf")
        assert directory.settings().staff_functions == ("ENS", "ADF")
        plan = plan_import(directory, staff_export(TEACHERS), None)
    assert sorted((a.values["staff_function"], a.username) for a in plan.actions) == [
        ("ADF", "paul.gestion"), ("ENS", "anne.martin")]


def test_dry_run_writes_nothing(data_dir):
    with Directory.open(data_dir) as directory:
        before = dump(data_dir)
        report = run_import(directory, staff_export(TEACHERS), None, dry_run=True)
        assert report.dry_run and report.counts["users_created"] == 4
        assert dump(data_dir) == before


def test_cite_scolaire_each_sts_export_speaks_for_its_own_establishment(data_dir):
    lycee = "0931434D"
    with Directory.open(data_dir) as directory:
        run_import(directory, staff_export(TEACHERS[:2]), None)
        directory.update_cite(add=[lycee])
        report = run_import(directory, staff_export([FakeStaff("500", "LYCEE", "Prof")], uai=lycee), "keep")
        accounts = by_sts(directory)
        assert report.counts["users_created"] == 1 and report.counts["users_suspended"] == 0
        assert accounts["500"].uai == lycee and accounts["100"].uai == "0750680G"
        assert {a.status for a in accounts.values()} == {"active"}
        # Its cohort is the lycée's own.
        assert [c.idnumber for c in report.classes] == [f"{lycee}-2025-personnels"]
        # An undeclared establishment's STS-web file is still refused.
        with pytest.raises(SafetyRefusal) as caught:
            run_import(directory, staff_export(TEACHERS, uai="0140070A"), "keep")
        assert caught.value.code == "uai_mismatch"
