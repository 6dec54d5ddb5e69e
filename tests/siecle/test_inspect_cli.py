"""``python main.py inspect ARCHIVE [--json]`` in a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

from tests.siecle.conftest import REPO, SHIPPED, shared_samples
from tests.siecle_factory import FakePupil, generate_pupils, write_export

SAMPLE_ZIP = REPO / "resources" / "samples" / "ExportXML_ElevesSansAdresses.zip"
JSON_KEYS = {
    "kind", "uai", "school_year", "exported_at", "students_total", "students_active", "students_left",
    "students_without_class", "classes", "warnings",
}  # fmt: skip


def run_cli(*args, cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_human_summary_of_the_shipped_sample():
    result = run_cli("inspect", SAMPLE_ZIP)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Établissement (UAI) : 0750680G" in out
    assert "Année scolaire : 2025-2026" in out
    assert "Date d'export : 15/09/2025 à 10:42" in out
    assert "Élèves : 60" in out and "actifs : 59" in out and "sortis : 1" in out and "sans classe : 0" in out
    assert "Classes : 3" in out
    assert "6A  19 élèves" in out and "5B  20 élèves" in out and "4C  20 élèves" in out
    assert "Avertissements : aucun" in out
    assert result.stderr == ""


def test_json_document(tmp_path):
    pupils = generate_pupils(6, classes=["4A", "3B"])
    pupils[0] = replace(pupils[0], exit_date="01/07/2025")
    pupils.append(FakePupil("99", "SANSCLASSE", "Léo", class_code=None, ine=""))
    archive = write_export(
        tmp_path / "ExportXML_ElevesSansAdresses.zip", pupils, horodatage="15/09/2025 19:01:46"
    )
    result = run_cli("inspect", archive, "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)  # exactly one JSON value on stdout
    assert set(document) == JSON_KEYS
    assert document["uai"] == "0750680G"
    assert document["school_year"] == 2025
    assert document["exported_at"] == "2025-09-15T19:01:46"
    assert (document["students_total"], document["students_active"]) == (7, 5)
    assert (document["students_left"], document["students_without_class"]) == (1, 1)
    assert document["classes"] == {"3B": 3, "4A": 2}
    assert document["warnings"] == [
        {
            "code": "missing_ine",
            "message": "L'élève Léo SANSCLASSE (ELEVE_ID 99) n'a pas d'INE (identifiant national).",
            "eleve_id": "99",
        }
    ]


def test_export_date_without_time_is_shown_without_time(tmp_path):
    archive = write_export(
        tmp_path / "export.zip", generate_pupils(2), export_date="01/10/2025", horodatage=""
    )
    result = run_cli("inspect", archive)
    assert result.returncode == 0 and "Date d'export : 01/10/2025\n" in result.stdout


def test_json_flag_is_accepted_before_the_archive_and_with_data_dir(tmp_path):
    data_dir = tmp_path / "donnees"
    result = run_cli("inspect", "--json", "--data-dir", data_dir, SAMPLE_ZIP)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["students_total"] == 60
    assert not data_dir.exists()  # inspect writes nothing, not even its data folder


def test_warning_without_pupil_has_no_eleve_id():
    sample = shared_samples() / "1024pix__pix__siecle-with-two-valid-students-and-school-year.xml"
    result = run_cli("inspect", sample, "--json")
    assert result.returncode == 0
    warnings = json.loads(result.stdout)["warnings"]
    assert {"code", "message"} == set(next(w for w in warnings if w["code"] == "invalid_uai"))


def test_refused_file_exits_2_with_a_french_message_and_writes_nothing(tmp_path, data_dir):
    responsables = SHIPPED / "betagouv__dossiersco__responsables_avec_adresses_simple.xml"
    for extra in ([], ["--json"]):
        result = run_cli("inspect", responsables, *extra, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stdout == ""
        assert "l'export des responsables (BEE_RESPONSABLES)" in result.stderr
        assert "Élèves sans adresse" in result.stderr
        assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [data_dir] and list(data_dir.iterdir()) == []


def test_missing_and_malformed_files_exit_2(tmp_path):
    result = run_cli("inspect", tmp_path / "absent.zip")
    assert result.returncode == 2 and "introuvable" in result.stderr
    broken = tmp_path / "ExportXML_ElevesSansAdresses.zip"
    broken.write_bytes(b"%PDF-1.4 pas un zip")
    result = run_cli("inspect", broken, "--json")
    assert result.returncode == 2 and result.stdout == "" and "PDF" in result.stderr


def test_inspect_does_not_load_qt():
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['main.py', 'inspect', {str(SAMPLE_ZIP)!r}, '--json']\n"
        "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit as exit:\n    code = exit.code\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui')))\n"
        "print('QT-MODULES', code, loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "QT-MODULES 0 []", result.stderr
