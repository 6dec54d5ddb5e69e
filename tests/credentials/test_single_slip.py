"""A print of exactly one slip (a new password, one pupil's reprint): the slip alone at the top of the
page (``single="slip"``) or a whole-page individual letter (``single="letter"``); two slips are unchanged."""

from __future__ import annotations

import datetime

import pytest
from pypdf import PdfReader

from elea_desktop.credentials.batch import Credential, CredentialBatch
from elea_desktop.credentials.sheets import (
    ADVICE_FR,
    CONFIDENTIAL_FR,
    count_pages,
    plan_sheets,
    write_credential_sheets,
)
from elea_desktop.credentials.sheets_letter import TITLE_FR

DAY = datetime.date(2026, 9, 7)
ALICE = Credential("alice.dupont", "Kp7-mxQ4vT", "Éloïse", "N'Diaye", "4A")
BOB = Credential("bob.martin", "Zr3-wyE8nH", "Bob", "Martin", "4A")
CPE = Credential("claire.roux", "Qm4-tzW7bK", "Claire", "Roux", None,
                 function="Conseillère principale d'éducation")


def batch_of(*credentials, url="https://elea.ac-paris.fr/"):
    return CredentialBatch(9, datetime.datetime(2026, 9, 7, 9, 30), "reset", "0750680G",
                           "Collège Jean Moulin", url, 2026, credentials)


def texts(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.mark.parametrize(("single", "kind"), [("slip", "single"), ("letter", "letter")])
def test_one_slip_gets_a_page_of_its_own_kind_and_the_roster_stays(single, kind):
    _, pages = plan_sheets(batch_of(ALICE), single=single)
    assert [p.kind for p in pages] == [kind]
    _, pages = plan_sheets(batch_of(ALICE), single=single, roster=True)
    assert [p.kind for p in pages] == [kind, "roster"]
    assert count_pages(batch_of(ALICE), roster=True) == 2


@pytest.mark.parametrize("single", ["slip", "letter"])
def test_two_slips_keep_the_usual_page(single):
    _, pages = plan_sheets(batch_of(ALICE, BOB), single=single)
    assert [(p.kind, len(p.credentials)) for p in pages] == [("slips", 2)]


def test_one_class_of_a_larger_batch_with_one_pupil_is_a_single_print():
    other = Credential("chloe.faure", "Hn5-pqR2sD", "Chloé", "Faure", "3B")
    _, pages = plan_sheets(batch_of(ALICE, BOB, other), class_code="3B", single="letter")
    assert [p.kind for p in pages] == ["letter"]


def test_an_unknown_layout_is_a_programming_error():
    with pytest.raises(ValueError, match="single"):
        plan_sheets(batch_of(ALICE), single="poster")


def test_the_single_slip_pdf_holds_the_slip_once(tmp_path):
    out = tmp_path / "une.pdf"
    info = write_credential_sheets(out, batch_of(ALICE), single="slip", qr=True, generated_on=DAY)
    [text] = texts(out)
    assert info.page_count == 1 and info.slip_count == 1
    assert text.count(ALICE.password) == 1 and text.count(ALICE.username) == 1
    assert "Éloïse N'DIAYE" in text and CONFIDENTIAL_FR in text and "Page 1 / 1" in text
    assert TITLE_FR not in text


def test_the_letter_is_a_whole_page_for_one_person(tmp_path):
    out = tmp_path / "lettre.pdf"
    info = write_credential_sheets(out, batch_of(ALICE), single="letter", qr=True, generated_on=DAY)
    [text] = texts(out)
    assert info.page_count == 1
    for words in (TITLE_FR, "Collège Jean Moulin", "Éloïse N'DIAYE", "Classe : 4A", ALICE.username,
                  ALICE.password, "elea.ac-paris.fr", "ou scannez ce code", *ADVICE_FR, CONFIDENTIAL_FR,
                  "Édité le 07/09/2026", "Année scolaire 2026-2027"):
        assert words in text, words
    assert text.count(ALICE.password) == 1


def test_a_letter_without_address_says_where_to_ask_and_a_staff_letter_names_the_function(tmp_path):
    out = tmp_path / "lettre.pdf"
    write_credential_sheets(out, batch_of(CPE, url=None), single="letter", qr=True, generated_on=DAY)
    [text] = texts(out)
    assert "vous sera indiquée par l'établissement" in text and "scannez" not in text
    assert "Conseillère principale d'éducation" in text and "Classe" not in text
    assert CPE.password in text


def test_a_very_long_password_is_shrunk_on_the_letter_never_cut(tmp_path):
    long = Credential("a" * 40, "Xy" * 20, "Jean", "Dupont", "6A")
    out = tmp_path / "lettre.pdf"
    write_credential_sheets(out, batch_of(long), single="letter", generated_on=DAY)
    [text] = texts(out)
    assert long.password in text and long.username in text
