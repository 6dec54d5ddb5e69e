"""Username policy: transliteration, patterns, length, collisions, and properties over arbitrary names."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elea_desktop.policies.usernames import (
    DEFAULT_PATTERN,
    MAX_LENGTH,
    PATTERNS,
    UsernameAllocator,
    base_username,
    clean_part,
)

SHAPE = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
PARAM_USERNAME = re.compile(r"[a-z0-9._@-]+")  # Moodle's rule


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Éloïse", "eloise"),
        ("Cœur", "coeur"),
        ("LÆTITIA", "laetitia"),
        ("Strauß", "strauss"),
        ("Łukasz", "lukasz"),
        ("Şükrü", "sukru"),
        ("Yıldız", "yildiz"),
        ("İlker", "ilker"),
        ("Nguyễn", "nguyen"),
        ("Đặng", "dang"),
        ("Brzęczyszczykiewicz", "brzeczyszczykiewicz"),
        ("Dvořák", "dvorak"),
        ("Ștefănescu", "stefanescu"),
        ("Ţepeş", "tepes"),
        ("Søren", "soren"),
        ("Þórður", "thordur"),
        ("Peña", "pena"),
        ("N'Diaye", "ndiaye"),
        ("N’Diaye", "ndiaye"),
        ("Nʼdiaye", "ndiaye"),
        ("Le Goff-D'Arc", "le-goff-darc"),
        ("Jean-Pierre", "jean-pierre"),
        ("Jean - Pierre", "jean-pierre"),
        ("  De  la   Tour  ", "de-la-tour"),
        ("Gu?rin", "gurin"),
        ("?", ""),
        ("'-'", ""),
        ("Ɓaaba Ŋom", "baaba-ngom"),
        ("", ""),
    ],
)
def test_clean_part_transliterates_without_losing_letters(raw, expected):
    assert clean_part(raw) == expected


def test_patterns_and_default():
    assert DEFAULT_PATTERN == "prenom.nom"
    assert set(PATTERNS) == {"prenom.nom", "p.nom", "nom.prenom", "prenom.nom.jjmm"}
    assert all(isinstance(label, str) and label for label in PATTERNS.values())


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("prenom.nom", "eloise.le-goff-darc"),
        ("p.nom", "e.le-goff-darc"),
        ("nom.prenom", "le-goff-darc.eloise"),
        ("prenom.nom.jjmm", "eloise.le-goff-darc0312"),
    ],
)
def test_each_pattern(pattern, expected):
    assert base_username("Éloïse", "Le Goff-D'Arc", date(2012, 12, 3), pattern) == expected


def test_default_pattern_is_prenom_nom():
    assert base_username("Jean", "Dupont", None) == "jean.dupont"


def test_jjmm_without_birth_date_behaves_like_prenom_nom():
    assert base_username("Jean", "Dupont", None, "prenom.nom.jjmm") == "jean.dupont"


def test_unknown_pattern_is_refused_in_french():
    with pytest.raises(ValueError, match="Modèle d'identifiant inconnu"):
        base_username("Jean", "Dupont", None, "nom")


@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_names_that_clean_to_nothing_get_a_stable_fallback(pattern):
    first = base_username("???", "'", date(2011, 1, 9), pattern)
    assert first == base_username("???", "'", date(2011, 1, 9), pattern)
    assert first.startswith("eleve")
    assert SHAPE.fullmatch(first)


def test_one_empty_name_keeps_the_other():
    assert base_username("?", "Dupont", None) == "dupont"
    assert base_username("Jean", "???", None) == "jean"
    assert base_username("?", "Dupont", None, "p.nom") == "dupont"


def test_long_names_are_cut_to_forty_without_a_trailing_separator():
    username = base_username(
        "Marie-Christine-Alexandra", "De La Tour Du Pin Chambly De Montmorency", date(2010, 5, 17)
    )
    assert len(username) <= MAX_LENGTH
    assert username == "marie-christine-alexandra.de-la-tour-du"  # 40 would end on "-"
    assert not username.endswith(("-", "."))


def test_long_names_keep_the_birth_digits_of_jjmm():
    username = base_username(
        "Marie-Christine", "De La Tour Du Pin Chambly", date(2010, 5, 17), "prenom.nom.jjmm"
    )
    assert len(username) == MAX_LENGTH
    assert username.endswith("1705")


def test_allocator_numbers_collisions_from_two():
    allocator = UsernameAllocator([])
    assert [allocator.allocate("jean.dupont") for _ in range(4)] == [
        "jean.dupont",
        "jean.dupont2",
        "jean.dupont3",
        "jean.dupont4",
    ]


def test_allocator_never_reuses_a_taken_username_whatever_its_case():
    allocator = UsernameAllocator(["jean.dupont", "JEAN.DUPONT2", "jean.dupont4"])
    assert allocator.allocate("jean.dupont") == "jean.dupont3"
    assert allocator.allocate("jean.dupont") == "jean.dupont5"
    assert "jean.dupont3" in allocator


def test_allocator_truncates_the_base_never_the_number():
    base = "a" * 30 + "-" + "b" * 9  # exactly 40
    allocator = UsernameAllocator([base])
    second = allocator.allocate(base)
    assert second == "a" * 30 + "-" + "b" * 8 + "2"
    taken = [base] + [f"{'a' * 30}-{'b' * 8}{n}" for n in range(2, 10)]
    allocator = UsernameAllocator(taken)
    tenth = allocator.allocate(base)
    assert tenth == "a" * 30 + "-" + "b" * 7 + "10"
    assert len(tenth) == MAX_LENGTH


def test_allocator_never_leaves_a_separator_before_the_number():
    base = "a" * 39 + "b"
    cut = "a" * 38 + "-b"  # 40 chars; dropping one char for "2" would end on "-"
    allocator = UsernameAllocator([cut])
    assert allocator.allocate(cut) == "a" * 38 + "2"
    assert UsernameAllocator([base]).allocate(base) == "a" * 39 + "2"


def test_allocator_refuses_an_invalid_base():
    with pytest.raises(AssertionError):
        UsernameAllocator([]).allocate("jean dupont")


# --------------------------------------------------------------------------------------------- properties

names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=60,
)
latin_names = st.text(
    alphabet=st.sampled_from(list("abcdeéèêëàâäîïôöùûüçœæßłøđñışğ ÉÈÀÇŒÆ'’-?. ")),
    max_size=60,
)
dates = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@given(
    first=names | latin_names, last=names | latin_names, born=dates, pattern=st.sampled_from(list(PATTERNS))
)
def test_every_username_is_clean_ascii(first, last, born, pattern):
    username = base_username(first, last, born, pattern)
    assert username.isascii()
    assert SHAPE.fullmatch(username), username  # [a-z0-9.-], no edge or double separator
    assert PARAM_USERNAME.fullmatch(username)
    assert 1 <= len(username) <= MAX_LENGTH
    for pair in ("..", "--", ".-", "-."):
        assert pair not in username
    assert username == base_username(first, last, born, pattern)  # deterministic


@given(text=names | latin_names)
def test_clean_part_output_shape(text):
    cleaned = clean_part(text)
    assert cleaned == "" or re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", cleaned)
    assert clean_part(cleaned) == cleaned  # idempotent


@given(
    text=st.text(
        alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéèêàçœæß")), min_size=1, max_size=30
    )
)
def test_letters_are_never_deleted(text):
    # Every letter gives at least one letter: transliteration never shortens a plain word.
    assert len(clean_part(text)) >= len(text)


@given(
    taken=st.lists(
        st.sampled_from(["jean.dupont", "jean.dupont2", "jean.dupont3", "eleve", "a.b"]), max_size=5
    ),
    bases=st.lists(
        st.sampled_from(["jean.dupont", "jean.dupont2", "eleve", "a.b", "x" * 40, "x" * 39 + "2"]),
        max_size=40,
    ),
)
def test_allocator_gives_unique_unseen_names(taken, bases):
    allocator = UsernameAllocator(taken)
    given_out = [allocator.allocate(base) for base in bases]
    assert len(set(given_out)) == len(given_out)
    assert not set(given_out) & set(taken)
    assert all(SHAPE.fullmatch(name) and len(name) <= MAX_LENGTH for name in given_out)
    again = UsernameAllocator(taken)
    assert [again.allocate(base) for base in bases] == given_out  # stable for a stable order
