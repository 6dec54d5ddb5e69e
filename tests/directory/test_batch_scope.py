"""One class of a batch, as it was the day the batch was made: its classes, its Moodle rows, its leavers."""

from __future__ import annotations

from dataclasses import replace

from elea_desktop.directory.store import Directory
from elea_desktop.importer.engine import run_import
from tests.importer.helpers import export_of
from tests.siecle_factory import FakePupil

PUPILS = [FakePupil(eleve_id=str(800 + n), family_name=name, first_name="Sam", class_code=code)
          for n, (name, code) in enumerate([("ABEL", "5A"), ("BRUN", "5A"), ("CARON", "5B")])]


def test_a_reset_batch_keeps_its_classes_and_moodle_rows_of_the_day(data_dir):
    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(PUPILS), None)
        by_name = {a.family_name: a.username for a in directory.list_accounts()}
        reset = directory.reset_password(by_name["ABEL"])
        # Later: ABEL moves to 5B, BRUN leaves.
        later = [replace(p, class_code="5B") if p.family_name == "ABEL" else p
                 for p in PUPILS if p.family_name != "BRUN"]
        run_import(directory, export_of(later), "keep", confirmed=True)

        classes = directory.batch_classes()
        assert classes[1] == ["5A", "5B"] and classes[reset] == ["5A"]  # not today's 5B
        assert directory.batch_departures() == {1: 1}  # BRUN's password, still held in batch 1
        (abel,) = directory.moodle_users_for_batch(reset, class_code="5A")
        assert abel.username == by_name["ABEL"] and abel.password
        assert abel.cohort and abel.cohort.endswith("5B")  # uploaded into the cohort of today
        assert directory.moodle_users_for_batch(reset, class_code="5B") == []

        kept = directory.load_batch(1)
        assert kept.left_out == 1 and by_name["BRUN"] not in {c.username for c in kept.credentials}
        marked = directory.load_batch(1, include_left=True)
        assert marked.left_out == 0
        assert [c.left for c in marked.credentials if c.username == by_name["BRUN"]] == [True]
        assert {c.class_code for c in marked.credentials if c.username == by_name["ABEL"]} == {"5A"}
