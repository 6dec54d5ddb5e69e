"""The class list for a teacher: numbered names and usernames, page after page, never a password."""

from __future__ import annotations

import datetime

import pytest
from pypdf import PdfReader

from elea_desktop.credentials.class_list import plan_class_list, rows_per_page, write_class_list
from elea_desktop.directory.workspace import RosterLine
from elea_desktop.errors import OutputError

DAY = datetime.date(2026, 9, 7)
LONG = RosterLine("de La Rochefoucauld-Montbel d'Aubigné-Saint-Exupéry de Villeneuve", "Marie-Amélie",
                  "marie-amelie.delarochefoucauldmontbel2")


def pupils(n: int) -> list[RosterLine]:
    return [RosterLine(f"Nguyễn{i:02d}", "Thị Hương" if i % 2 else "Łukasz", f"eleve.{i:03d}")
            for i in range(n)]


def test_sixty_pupils_take_two_pages_numbered_on(tmp_path):
    plan = plan_class_list(pupils(60), "4A", "Collège Jean Moulin", 2026, generated_on=DAY)
    per_page = rows_per_page()
    assert 25 <= per_page < 60 and plan.page_count == 2
    assert [p.start for p in plan.pages] == [0, per_page]
    assert sum(len(p.lines) for p in plan.pages) == 60 and plan.title == "Liste de la classe 4A"
    out = tmp_path / "4A.pdf"
    assert write_class_list(out, pupils(60), "4A", "Collège Jean Moulin", 2026, generated_on=DAY) == 2
    first, second = (page.extract_text() for page in PdfReader(out).pages)
    assert "Liste de la classe 4A" in first and "Collège Jean Moulin — 60 élèves" in first
    assert "Édité le 07/09/2026" in first and "Année scolaire 2026-2027" in first
    assert "page 1 sur 2" in first and "page 2 sur 2" in second
    assert "NGUYỄN00" in first and "Łukasz" in first and "eleve.000" in first and "eleve.059" in second
    # The numbering goes on from the first page: the second page starts at per_page + 1.
    assert f"\n{per_page + 1}\nNGUYỄN{per_page:02d}\n" in second and "\n1\nNGUY" not in second
    for title in ("N°", "Nom", "Prénom", "Identifiant"):
        assert title in first
    assert "mot de passe" not in PdfReader(out).metadata.subject.replace("sans mot de passe", "")


def test_a_very_long_name_is_shortened_but_the_username_never(tmp_path):
    out = tmp_path / "long.pdf"
    write_class_list(out, [LONG, *pupils(3)], "4A", "Collège", generated_on=DAY)
    text = PdfReader(out).pages[0].extract_text()
    assert LONG.username in text
    assert "DE LA ROCHEFOUCAULD" in text and "…" in text
    assert "VILLENEUVE" not in text


@pytest.mark.parametrize("code", [None, ""])
def test_the_pupils_without_a_class(tmp_path, code):
    plan = plan_class_list(pupils(2), code, "Collège", generated_on=DAY)
    assert plan.title == "Liste des élèves sans classe" and plan.label == "Sans classe"


@pytest.mark.parametrize(("code", "words"), [("4A", "dans la classe « 4A »"), (None, "sans classe")])
def test_nobody_to_list_is_a_french_error_and_writes_nothing(tmp_path, code, words):
    out = tmp_path / "vide.pdf"
    with pytest.raises(OutputError, match=f"Aucun élève actif {words}"):
        write_class_list(out, [], code, "Collège")
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_a_folder_that_does_not_exist_is_a_french_error(tmp_path):
    with pytest.raises(OutputError, match="la liste de la classe"):
        write_class_list(tmp_path / "absent" / "4A.pdf", pupils(2), "4A", "Collège")
