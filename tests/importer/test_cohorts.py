"""Cohort id numbers: ``<UAI>-<year>-<class>``, ASCII letters, digits and hyphens, always with a letter."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from elea_desktop.importer.cohorts import clean_class_code, cohort_idnumber


def test_examples():
    assert cohort_idnumber("0750680g", 2025, "4A", set()) == "0750680G-2025-4A"
    assert clean_class_code("3°1") == "3-1"
    assert clean_class_code("4 Éco/Œno") == "4-Eco-OEno"
    assert clean_class_code("301") == "301"
    assert clean_class_code("???") == "CLASSE"


def test_two_codes_that_clean_alike_get_distinct_id_numbers():
    taken: set[str] = set()
    assert cohort_idnumber("0750680G", 2025, "3 A", taken) == "0750680G-2025-3-A"
    assert cohort_idnumber("0750680G", 2025, "3-A", taken) == "0750680G-2025-3-A-2"


@given(st.text(min_size=1, max_size=30))
def test_any_class_code_gives_a_moodle_safe_id_number(code):
    idnumber = cohort_idnumber("0750680G", 2025, code, set())
    assert re.fullmatch(r"[A-Za-z0-9-]+", idnumber)
    assert re.search(r"[A-Za-z]", idnumber)  # never read by Moodle as an internal cohort id
    assert not idnumber.endswith("-") and "--" not in idnumber
