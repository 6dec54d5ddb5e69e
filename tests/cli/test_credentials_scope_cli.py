"""``credentials LOT --class`` and ``--include-left``: one class of an old batch, as it was when the batch
was made, with or without the pupils who left since — the same core functions as the window's."""

from __future__ import annotations

import csv

import pytest
from pypdf import PdfReader

from tests.cli.helpers import run_json
from tests.importer.helpers import moved, year_kwargs
from tests.siecle_factory import FakePupil, write_export

PUPILS = [FakePupil(eleve_id=str(500 + n), family_name=name, first_name="Camille", class_code=code)
          for n, (name, code) in enumerate([("ARNAUD", "6A"), ("BLANC", "6A"), ("COLIN", "6A"),
                                            ("DENIS", "6B"), ("ETIENNE", "6B")])]


@pytest.fixture
def old_batch(capsys, tmp_path):
    """Batch 1 from September; in October one 6A pupil moved to 6B and another 6A pupil left."""
    in_6a = [p for p in PUPILS if p.class_code == "6A"]
    mover, leaver = in_6a[0], in_6a[1]
    october = [moved(p, class_code="6B") if p is mover else p for p in PUPILS if p is not leaver]
    run_json(capsys, "import", write_export(tmp_path / "sept.zip", PUPILS, **year_kwargs(2025)))
    run_json(capsys, "import", write_export(tmp_path / "oct.zip", october, **year_kwargs(2025, day="15/10")),
             "--passwords", "keep")
    return mover, leaver, in_6a


def _text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_one_class_of_an_old_batch_keeps_its_pupils_of_that_day(capsys, tmp_path, old_batch):
    mover, leaver, in_6a = old_batch
    pdf, moodle = tmp_path / "6A.pdf", tmp_path / "6A.csv"
    data = run_json(capsys, "credentials", "1", "--class", "6A", "--pdf", pdf, "--moodle-csv", moodle)
    assert data["left_out"] == 1 and data["pdf"]["slips"] == len(in_6a) - 1
    text = _text(pdf)
    assert mover.family_name.upper() in text and leaver.family_name.upper() not in text
    with moodle.open(encoding="utf-8-sig", newline="") as handle:
        names = {row["lastname"] for row in csv.DictReader(handle)}
    # The CSV of 6A holds the pupils of 6A's slips (the leaver as a suspended row), no pupil of 6B.
    assert names == {p.family_name.upper() for p in in_6a}


def test_include_left_gives_the_leavers_a_marked_slip(capsys, tmp_path, old_batch):
    _mover, leaver, in_6a = old_batch
    pdf = tmp_path / "6A-all.pdf"
    data = run_json(capsys, "credentials", "1", "--class", "6A", "--include-left", "--pdf", pdf)
    assert data["left_out"] == 0 and data["pdf"]["slips"] == len(in_6a)
    assert f"{leaver.family_name.upper()} (compte suspendu)" in _text(pdf)


def test_list_says_each_batch_in_the_words_of_the_window(capsys, old_batch):
    from tests.cli.helpers import run

    code, out, _ = run(capsys, "credentials", "--list")
    assert code == 0
    (line,) = [row for row in out.splitlines() if row.strip().startswith("1 ")]
    assert "importation" in line and "à distribuer" in line and "dans 30 jours" in line
    assert line.endswith("6A, 6B")  # the classes of the day the batch was made
    run_json(capsys, "credentials", "--purge", "1")
    _, out, _ = run(capsys, "credentials", "--list")
    assert "distribué et effacé" in out and "à distribuer" not in out
