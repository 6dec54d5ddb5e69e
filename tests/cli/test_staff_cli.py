"""Staff (STS-web) on the command line: inspect, import, accounts --role, settings, Moodle CSV, and
multi-year scenarios mixing pupils' and staff exports in one directory."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from tests.cli.helpers import run, run_json
from tests.importer.helpers import JSON_KEYS, year_kwargs
from tests.siecle_factory import FakePupil, write_export
from tests.sts_factory import FakeStaff, write_sts

STAFF = [
    FakeStaff("10", "MARTIN", "Anne", function="ENS"),
    FakeStaff("11", "LOPEZ", "Rita", function="EDU"),
    FakeStaff("12", "NOEL", "Yves", function="DOC"),
    FakeStaff("13", "ROY", "Inès", function="DIR"),
    FakeStaff("14", "SECRET", "Alain", function="ADF"),
    FakeStaff("15", "ABSENT", "Léa", function=None),
]
PUPILS = [FakePupil("1", "MARTIN", "Anne"), FakePupil("2", "DIAZ", "Tom", class_code="4B")]
STAFF_INSPECT_KEYS = {"kind", "uai", "school_year", "exported_at", "staff_total", "staff_selected",
                      "functions",
                      "selected_functions", "warnings"}


@pytest.fixture
def sts(tmp_path):
    return write_sts(tmp_path, STAFF)


def test_inspect_json_on_both_kinds(capsys, tmp_path, sts):
    staff = run_json(capsys, "inspect", sts)
    assert set(staff) == STAFF_INSPECT_KEYS
    assert (staff["kind"], staff["uai"], staff["school_year"]) == ("staff", "0750680G", 2025)
    assert (staff["staff_total"], staff["staff_selected"]) == (6, 4)
    assert staff["functions"] == {"ADF": 1, "DIR": 1, "DOC": 1, "EDU": 1, "ENS": 1}
    assert [w["code"] for w in staff["warnings"]] == ["staff_without_function"]
    pupils = run_json(capsys, "inspect", write_export(tmp_path / "e.zip", PUPILS, **year_kwargs(2025)))
    assert pupils["kind"] == "students" and pupils["students_total"] == 2


def test_inspect_reads_the_selection_without_creating_anything(capsys, tmp_path, sts, data_dir):
    assert run_json(capsys, "settings", "set", "--staff-functions", "ENS,ADF")["staff_functions"] == "ENS,ADF"
    assert run_json(capsys, "inspect", sts)["staff_selected"] == 2
    fresh = tmp_path / "jamais-cree"
    assert run_json(capsys, "inspect", sts, "--data-dir", fresh)["staff_selected"] == 4
    assert not fresh.exists()


def test_the_reverse_file_exits_2_with_its_explanation(capsys, tmp_path):
    path = write_sts(tmp_path, STAFF, root="EDT_STS", name="emp_sts_0750680G_2025.xml", zipped=False)
    code, out, err = run(capsys, "import", path)
    assert code == 2 and out == "" and "sens inverse" in err


def test_import_json_accounts_role_and_mode_required(capsys, tmp_path, sts):
    data = run_json(capsys, "import", sts)
    assert set(data) == JSON_KEYS and data["kind"] == "staff"
    assert (data["users_created"], data["passwords_generated"], data["batch_id"]) == (4, 4, 1)
    assert [w["code"] for w in data["warnings"]] == ["staff_without_function"]
    rows = run_json(capsys, "accounts", "--role", "staff")
    assert len(rows) == 4 and all(r["role"] == "staff" and r["class"] is None for r in rows)
    assert sorted(r["function"] for r in rows) == ["DIR", "DOC", "EDU", "ENS"]
    code, _, err = run(capsys, "import", sts)
    assert code == 3 and "--passwords" in err
    pupils = write_export(tmp_path / "e.zip", PUPILS, **year_kwargs(2025))
    assert run_json(capsys, "import", pupils)["kind"] == "students"  # no mode: the first pupils' import
    everyone = run_json(capsys, "accounts")
    assert {r["role"] for r in everyone} == {"student", "staff"}
    assert all("function" not in r for r in everyone if r["role"] == "student")
    assert [r["username"] for r in run_json(capsys, "accounts", "--role", "student")] == ["anne.martin2",
                                                                                         "tom.diaz"]
    code, out, _ = run(capsys, "accounts", "--role", "staff")
    assert code == 0 and "[ENS]" in out and "anne.martin " in out


def test_moodle_csv_rows_for_staff_carry_the_staff_cohort(capsys, tmp_path, sts):
    target = tmp_path / "moodle.csv"
    run_json(capsys, "import", sts, "--moodle-csv", target)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 4
    assert {row["cohort1"] for row in rows} == {"0750680G-2025-personnels"}
    assert all(row["password"] and row["suspended"] == "0" for row in rows)


def test_settings_staff_functions(capsys):
    code, _, err = run(capsys, "settings", "set", "--staff-functions", "ENS,E-D")
    assert code == 1 and "code de fonction" in err
    assert run_json(capsys, "settings")["staff_functions"] == "ENS,EDU,DOC,DIR"
    code, out, _ = run(capsys, "settings")
    assert "Professeur documentaliste [DOC]" in out


def test_three_years_mixing_both_kinds(capsys, tmp_path):
    y1 = tmp_path / "y1"
    y1.mkdir()
    run_json(capsys, "import", write_export(y1 / "e.zip", PUPILS, **year_kwargs(2025)))
    first = run_json(capsys, "import", write_sts(y1, STAFF, year=2025))
    assert first["users_created"] == 4
    staff_names = {r["function"]: r["username"] for r in run_json(capsys, "accounts", "--role", "staff")}
    assert staff_names["ENS"] == "anne.martin2"  # the pupil Anne MARTIN came first

    # 2026: the CPE changes ID (same name and birth date), the librarian becomes ADF (out of the
    # selection), the head leaves, a pupil leaves; pupils' import first, then staff.
    y2 = tmp_path / "y2"
    y2.mkdir()
    run_json(capsys, "import", write_export(y2 / "e.zip", PUPILS[:1], **year_kwargs(2026)), "--passwords",
             "keep", "--yes")
    staff_2026 = [STAFF[0], replace(STAFF[1], sts_id="99"), replace(STAFF[2], function="ADF"), STAFF[4]]
    second = run_json(capsys, "import", write_sts(y2, staff_2026, year=2026), "--passwords", "keep")
    assert (second["users_created"], second["users_suspended"], second["users_updated"]) == (0, 2, 2)
    rows = {r["username"]: r for r in run_json(capsys, "accounts")}
    assert rows[staff_names["EDU"]]["status"] == "active"
    assert rows[staff_names["DOC"]]["status"] == rows[staff_names["DIR"]]["status"] == "suspended"
    assert rows["tom.diaz"]["status"] == "suspended" and rows["anne.martin"]["status"] == "active"

    # 2027: staff first, then pupils; the librarian and the head come back, Tom too.
    y3 = tmp_path / "y3"
    y3.mkdir()
    third = run_json(capsys, "import", write_sts(y3, [*staff_2026[:2], STAFF[2], STAFF[3]], year=2027),
                     "--passwords", "keep")
    assert (third["users_reactivated"], third["passwords_generated"]) == (2, 2)
    pupils = run_json(capsys, "import", write_export(y3 / "e.zip", PUPILS, **year_kwargs(2027)),
                      "--passwords", "keep")
    assert pupils["users_reactivated"] == 1 and pupils["users_suspended"] == 0
    rows = {r["username"]: r for r in run_json(capsys, "accounts")}
    assert all(r["status"] == "active" for r in rows.values())
    assert len(rows) == 6  # 2 pupils + 4 staff: nobody got a second account
    assert {r["username"] for r in rows.values() if r["role"] == "staff"} == set(staff_names.values())


def test_credentials_of_the_staff_section_by_its_name(capsys, tmp_path, sts):
    pupils = write_export(tmp_path / "e.zip", PUPILS, **year_kwargs(2025))
    run_json(capsys, "import", pupils)
    batch = run_json(capsys, "import", sts)["batch_id"]
    target = tmp_path / "personnels.csv"
    pdf = tmp_path / "personnels.pdf"
    code, _, err = run(capsys, "credentials", batch, "--class", "Personnels", "--moodle-csv", target,
                       "--pdf", pdf)
    assert code == 0, err
    with target.open(encoding="utf-8-sig", newline="") as stream:
        assert len(list(csv.DictReader(stream))) == 4
    assert pdf.stat().st_size > 0
