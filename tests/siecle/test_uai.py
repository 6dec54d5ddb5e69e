"""UAI check letter (modulo 23 over 23 letters without I, O, Q)."""

from __future__ import annotations

import pytest

from elea_desktop.siecle.uai import check_letter, is_valid_uai


@pytest.mark.parametrize(
    "uai", ["0752387M", "0750680G", "0660864F", "0140070A", "0931434D", "0442286W", "0590099M"]
)
def test_real_uais_are_valid(uai):
    assert is_valid_uai(uai)


@pytest.mark.parametrize(
    "uai", ["0750001A", "0759999Z", "1237457A", "123ABC", "0750680g", "07506800G", "", None]
)
def test_wrong_letters_and_formats_are_invalid(uai):
    assert not is_valid_uai(uai)


def test_worked_example_and_expected_letters():
    assert check_letter("0752387") == "M"  # 752387 mod 23 = 11
    assert (check_letter("0750001"), check_letter("0759999"), check_letter("1237457")) == ("U", "L", "M")
