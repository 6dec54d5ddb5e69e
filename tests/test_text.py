"""Name folding and class ordering shared by usernames, matching and every sorted list."""

from __future__ import annotations

from elea_desktop.text import class_sort_key, fold, strip_accents


def test_fold_ignores_case_accents_and_punctuation():
    assert fold("N'Diaye") == fold("NDIAYE") == "ndiaye"
    assert fold("Béné-Zet") == "benezet"
    assert fold("Cœur") == "coeur"
    assert fold("Łukasz") == "lukasz"
    assert fold(None) == fold("") == ""


def test_strip_accents_keeps_separators_for_usernames():
    assert strip_accents("Jean-Pierre Ébène") == "jean-pierre ebene"
    assert strip_accents("Straße") == "strasse"


def test_accented_names_sort_with_their_base_letter():
    names = ["Bouché", "Bénézet", "Bertrand", "Ábel"]
    assert sorted(names, key=fold) == ["Ábel", "Bénézet", "Bertrand", "Bouché"]


def test_classes_sort_naturally_and_no_class_last():
    codes = ["10A", "6B", None, "6A", "3 A"]
    assert sorted(codes, key=class_sort_key) == ["3 A", "6A", "6B", "10A", None]
