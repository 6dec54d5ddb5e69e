"""Credential sheets: content, grouping, fonts, metadata, geometry and atomic writing."""

from __future__ import annotations

import datetime
import re

import pytest
from pypdf import PdfReader

from elea_desktop.credentials.batch import Credential, CredentialBatch
from elea_desktop.credentials.sheets import (
    LAYOUTS,
    NO_CLASS_FR,
    SheetsInfo,
    count_pages,
    write_credential_sheets,
)

DAY = datetime.date(2026, 9, 7)

# (first name, last name, class): 23 pupils in 3 classes plus 2 without a class.
PUPILS = [
    ("Éloïse", "Dupont", "4A"), ("Cœur", "Lebrun", "4A"), ("Łukasz", "Wąż", "4A"),
    ("Şükrü", "Yılmaz", "4A"), ("Thị Hương", "Nguyễn", "4A"), ("Awa", "N'Diaye", "4A"),
    ("Tom & <b>Jerry</b>", "Martin", "4A"), ("Zoé", "Abadie", "4A"), ("Ève", "Émery", "4A"),
    ("Ana", "Ortiz", "4A"), ("Inès", "Bernard", "4A"), ("Hugo", "Petit", "4A"),
    ("Léa", "Moreau", "3B"), ("Noé", "Garnier", "3B"), ("Chloé", "Faure", "3B"),
    ("Jules", "Rousseau", "3B"), ("Lina", "Blanc", "3B"),
    ("Adam", "Guérin", "6C"), ("Nina", "Muller", "6C"), ("Yanis", "Henry", "6C"),
    ("Sarah", "Roussel", "6C"), ("Lucas", "Nicolas", None), ("Maël", "Perrin", None),
]


def make_batch(pupils=PUPILS, *, url="https://elea.ac-paris.fr/", name="Collège Jean Moulin"):
    credentials = tuple(
        Credential(f"eleve{i:02d}.{re.sub('[^a-z]', '', last.lower())}", f"Pw{i:02d}-kx{i % 7}Tq",
                   first, last, cls)
        for i, (first, last, cls) in enumerate(pupils)
    )
    return CredentialBatch(7, datetime.datetime(2026, 9, 7, 9, 30), "import", "0750680G", name, url, 2026,
                           credentials)


def page_texts(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.mark.parametrize("per_page", LAYOUTS)
def test_every_pair_once_on_a_page_of_its_class(tmp_path, per_page):
    batch = make_batch()
    out = tmp_path / "fiches.pdf"
    info = write_credential_sheets(out, batch, per_page=per_page, generated_on=DAY)
    texts = page_texts(out)
    assert isinstance(info, SheetsInfo)
    assert info.page_count == len(texts) == count_pages(batch, per_page=per_page)
    assert info.slip_count == len(batch.credentials)
    assert info.classes == ("3B", "4A", "6C", NO_CLASS_FR)
    for credential in batch.credentials:
        pages = [i for i, text in enumerate(texts) if credential.password in text]
        assert len(pages) == 1, credential
        text = texts[pages[0]]
        assert text.count(credential.password) == 1
        assert text.count(credential.username) == 1
        header = text.splitlines()[0]
        expected = f"Classe {credential.class_code}" if credential.class_code else NO_CLASS_FR
        assert header.startswith(expected)
