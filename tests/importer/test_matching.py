"""Recognising pupils from one export to the next: ELEVE_ID, then INE, then an unambiguous exact name."""

from __future__ import annotations

import pytest

from elea_desktop.directory.store import Directory
from elea_desktop.importer.engine import plan_import, run_import
from elea_desktop.importer.matching import normalise_name
from tests.importer.helpers import accounts_by_eleve, export_of, moved, year_kwargs
from tests.siecle_factory import FakePupil

ZOE = FakePupil("100", "LE GOFF-D'ARC", "Zoé", "01/03/2012", "4A", ine="123456789AB")
OTHERS = [FakePupil(str(200 + i), "DUPONT", f"Élève{i}", "01/01/2012", "4A") for i in range(3)]


@pytest.fixture
def directory(data_dir):
    with Directory.open(data_dir) as opened:
        run_import(opened, export_of([ZOE, *OTHERS], **year_kwargs(2025)), None)
        yield opened


def test_normalised_names_ignore_case_accents_and_punctuation():
    assert normalise_name("Le Goff-D'Arc") == normalise_name("LE GOFF D’ARC") == "legoffdarc"
    assert normalise_name("Cœur") == normalise_name("COEUR")
    assert normalise_name(None) == ""


def test_new_eleve_id_is_matched_by_ine(directory):
    report = run_import(directory, export_of([moved(ZOE, eleve_id="999"), *OTHERS],
                                             **year_kwargs(2025, day="20/09")), "keep")
    assert report.counts["users_created"] == 0 and report.counts["users_updated"] == 1
    assert "identifiant SIECLE" in report.entries["updated"][0].detail
    assert accounts_by_eleve(directory)["999"].username == "zoe.le-goff-darc"


def test_new_eleve_id_and_ine_are_matched_by_exact_name_and_birth_date(directory):
    renamed_ids = moved(ZOE, eleve_id="999", ine="", family_name="Le Goff-d’Arc")
    export = export_of([renamed_ids, *OTHERS], **year_kwargs(2025, day="20/09"))
    report = run_import(directory, export, "keep")
    assert report.counts["users_created"] == 0
    assert accounts_by_eleve(directory)["999"].username == "zoe.le-goff-darc"
    assert accounts_by_eleve(directory)["999"].ine == "123456789AB"  # an unknown INE does not erase it


def test_a_different_birth_date_is_another_pupil(directory):
    other = moved(ZOE, eleve_id="999", ine="987654321ZZ", birth_date="02/03/2012")
    report = run_import(directory, export_of([ZOE, other, *OTHERS], **year_kwargs(2025, day="20/09")), "keep")
    assert report.counts["users_created"] == 1
    assert accounts_by_eleve(directory)["999"].username == "zoe.le-goff-darc2"


def test_ambiguous_name_match_creates_and_warns(data_dir):
    twins = [FakePupil(str(n), "MARTIN", "Léa", "01/01/2012", "4A") for n in (1, 2)]
    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(twins, **year_kwargs(2025)), None)
        # Both come back with new identifiers: which one is which cannot be known.
        again = [moved(p, eleve_id=str(int(p.eleve_id) + 50), ine="") for p in twins]
        plan = plan_import(directory, export_of(again, **year_kwargs(2025, day="20/09")), "keep")
        assert plan.counts["users_created"] == 2 and plan.counts["users_suspended"] == 2
        ambiguous = [w for w in plan.warnings if w.code == "ambiguous_match"]
        assert [w.eleve_id for w in ambiguous] == ["51", "52"]
        assert "doublon" in ambiguous[0].message


def test_name_matching_never_takes_a_manual_or_already_matched_account(directory):
    # ZOE keeps her ELEVE_ID; a stranger with her exact name and birth date is not given her account.
    clone = moved(ZOE, eleve_id="555", ine="")
    plan = plan_import(directory, export_of([ZOE, clone, *OTHERS], **year_kwargs(2025, day="20/09")), "keep")
    assert plan.counts["users_created"] == 1 and plan.counts["users_unchanged"] == 4
