"""Staff slips (STS-web): one « Personnels » section sorted by name, the function in words on each slip,
and the roster option as a plain list."""

from __future__ import annotations

import datetime

from pypdf import PdfReader

from elea_desktop.credentials.batch import Credential, CredentialBatch
from elea_desktop.credentials.sheets import group_credentials, write_credential_sheets
from elea_desktop.credentials.sheets_text import STAFF_FR


def _batch(*credentials) -> CredentialBatch:
    return CredentialBatch(batch_id=1, created_at=datetime.datetime(2025, 9, 12), origin="import",
                           uai="0750680G", establishment_name="Lycée Test", platform_url=None,
                           school_year=2025, credentials=tuple(credentials))


PUPIL = Credential("tom.diaz", "pw2345678ab", "Tom", "DIAZ", "4A")
STAFF = (
    Credential("zoe.zola", "pw2345678cd", "Zoé", "ZOLA", None, function="CPE"),
    Credential("anne.abel", "pw2345678ef", "Anne", "ABEL", None, function="Enseignant"),
    Credential("luc.moreau", "pw2345678gh", "Luc", "MOREAU", None, function="Professeur documentaliste"),
)


def test_staff_form_one_section_after_the_classes_sorted_by_name():
    groups = group_credentials(_batch(*STAFF, PUPIL))
    assert [(g.label, g.staff) for g in groups] == [("4A", False), (STAFF_FR, True)]
    assert [c.username for c in groups[1].credentials] == ["anne.abel", "luc.moreau", "zoe.zola"]
    assert [g.label for g in group_credentials(_batch(*STAFF, PUPIL), "Personnels")] == [STAFF_FR]
    assert [g.label for g in group_credentials(_batch(*STAFF, PUPIL), "4A")] == ["4A"]


def test_each_slip_shows_its_function_and_the_roster_is_a_plain_list(tmp_path):
    path = tmp_path / "personnels.pdf"
    info = write_credential_sheets(path, _batch(*STAFF), roster=True)
    assert info.classes == (STAFF_FR,) and info.slip_count == 3 and info.page_count == 2
    slips, roster = (page.extract_text() for page in PdfReader(path).pages)
    assert "Personnels" in slips and "Classe" not in slips
    for name, function in (("Anne ABEL", "Enseignant"), ("Zoé ZOLA", "CPE"),
                           ("Luc MOREAU", "Professeur documentaliste")):
        assert name in slips and function in slips
    assert "Personnels — liste" in roster and "secrétariat" in roster and "enseignant" not in roster


def test_a_staff_batch_is_listed_and_reprinted_as_personnels(data_dir, tmp_path):
    from elea_desktop.directory.store import Directory
    from elea_desktop.exports import read_any
    from elea_desktop.importer.engine import run_import
    from tests.sts_factory import build_sts_zip, generate_staff

    with Directory.open(data_dir) as directory:
        report = run_import(directory, read_any(build_sts_zip(generate_staff(4)), name="sts_emp.zip"), None)
        assert directory.batch_classes()[report.batch_id] == [STAFF_FR]
        batch = directory.load_batch(report.batch_id)
    assert {c.function for c in batch.credentials} == {"Enseignant"}
    info = write_credential_sheets(tmp_path / "reprint.pdf", batch, class_code=STAFF_FR)
    assert info.classes == (STAFF_FR,) and info.slip_count == 4
