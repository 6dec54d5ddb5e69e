"""Credential sheets: content, grouping, fonts, metadata, geometry and atomic writing."""

from __future__ import annotations

import datetime
import os
import re

import pytest
from pypdf import PdfReader

from elea_desktop.credentials.batch import Credential, CredentialBatch
from elea_desktop.credentials.sheets import (
    ADVICE_FR,
    CONFIDENTIAL_FR,
    LAYOUTS,
    NO_CLASS_FR,
    SheetsInfo,
    count_pages,
    write_credential_sheets,
)
from elea_desktop.errors import OutputError

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


def all_text(path) -> str:
    return "\n".join(page_texts(path))


def test_names_survive_nfc_and_uppercase_family_names(tmp_path):
    pupils = PUPILS + [("E\u0301loi\u0308se", "Co\u0302te", "3B")]  # decomposed, as some files carry them
    out = tmp_path / "fiches.pdf"
    write_credential_sheets(out, make_batch(pupils), generated_on=DAY)
    text = all_text(out)
    for name in ("Éloïse DUPONT", "Cœur LEBRUN", "Łukasz WĄŻ", "Şükrü YILMAZ", "Thị Hương NGUYỄN",
                 "Awa N'DIAYE", "Tom & <b>Jerry</b> MARTIN", "Éloïse CÔTE"):
        assert name in text, name
    assert "\u0301" not in text and "\u0302" not in text


def test_slips_sorted_by_family_then_first_name_ignoring_accents(tmp_path):
    batch = make_batch()
    out = tmp_path / "fiches.pdf"
    write_credential_sheets(out, batch, per_page=12, generated_on=DAY)
    text = all_text(out)
    by_password = {c.password: c for c in batch.credentials}
    order = [by_password[p] for p in re.findall(r"Pw\d\d-kx\dTq", text)]
    class_4a = [c.last_name for c in order if c.class_code == "4A"]
    assert class_4a == ["Abadie", "Bernard", "Dupont", "Émery", "Lebrun", "Martin", "N'Diaye", "Nguyễn",
                        "Ortiz", "Petit", "Wąż", "Yılmaz"]


def test_header_footer_on_every_page(tmp_path):
    out = tmp_path / "fiches.pdf"
    info = write_credential_sheets(out, make_batch(), per_page=8, generated_on=DAY)
    for number, text in enumerate(page_texts(out), start=1):
        assert f"Page {number} / {info.page_count}" in text
        assert CONFIDENTIAL_FR in text
        assert "Édité le 07/09/2026" in text
        assert "Collège Jean Moulin" in text
        assert "elea.ac-paris.fr" in text
        assert ADVICE_FR[0] in text and ADVICE_FR[1] in text


def test_metadata_names_establishment_and_date_never_a_secret(tmp_path):
    batch = make_batch()
    out = tmp_path / "fiches.pdf"
    write_credential_sheets(out, batch, generated_on=DAY, roster=True)
    metadata = PdfReader(out).metadata
    assert "Collège Jean Moulin" in metadata.title and "07/09/2026" in metadata.title
    assert "Collège Jean Moulin" in metadata.author
    assert "07/09/2026" in metadata.subject
    blob = " ".join(str(v) for v in metadata.values())
    for credential in batch.credentials:
        assert credential.password not in blob
        assert credential.username not in blob
        assert credential.last_name not in blob


def test_uai_stands_in_for_a_missing_establishment_name(tmp_path):
    out = tmp_path / "fiches.pdf"
    write_credential_sheets(out, make_batch(name=None, url=None), generated_on=DAY)
    text = page_texts(out)[0]
    assert "0750680G" in text
    assert "elea" not in text  # no platform address: no address line
    assert PdfReader(out).metadata.author == "0750680G"


def _font_dicts(resources, seen=None):
    """Every font reachable from a resource dictionary, forms included."""
    seen = set() if seen is None else seen
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        key = getattr(ref, "idnum", id(xobject))
        if key in seen or xobject.get("/Subtype") != "/Form":
            continue
        seen.add(key)
        yield from _font_dicts(xobject.get("/Resources"), seen)


@pytest.mark.parametrize("options", [{}, {"qr": True}, {"roster": True}, {"per_page": 12, "qr": True}])
def test_every_font_is_embedded(tmp_path, options):
    out = tmp_path / "fiches.pdf"
    write_credential_sheets(out, make_batch(), generated_on=DAY, **options)
    names = set()
    for page in PdfReader(out).pages:
        fonts = list(_font_dicts(page["/Resources"]))
        assert fonts
        for font in fonts:
            names.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:  # composite font: the descriptor is on the descendant
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert not any("Helvetica" in n or "Courier" in n or "Times" in n for n in names)
    assert {n.split("+")[-1] for n in names} <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono-Bold"}


def test_qr_is_the_platform_address_drawn_once(tmp_path, monkeypatch):
    from elea_desktop.credentials import sheets

    encoded = []
    real = sheets.qr_modules

    def spy(value):
        encoded.append(value)
        return real(value)

    monkeypatch.setattr(sheets, "qr_modules", spy)
    out = tmp_path / "fiches.pdf"
    batch = make_batch()
    write_credential_sheets(out, batch, qr=True, generated_on=DAY)
    assert encoded == ["https://elea.ac-paris.fr/"]
    # One QR form object in the whole file, referenced by the page templates.
    reader = PdfReader(out)
    qr_ids = set()
    for page in reader.pages:
        for form in page["/Resources"]["/XObject"].values():
            nested = form.get_object()["/Resources"].get("/XObject") or {}
            qr_ids |= {ref.idnum for name, ref in nested.items() if name.endswith(".qr")}
    assert len(qr_ids) == 1
    write_credential_sheets(tmp_path / "sans-url.pdf", make_batch(url=None), qr=True, generated_on=DAY)
    assert encoded == ["https://elea.ac-paris.fr/"]  # no address, no QR


def test_roster_lists_each_class_for_the_teacher(tmp_path):
    batch = make_batch()
    out = tmp_path / "fiches.pdf"
    info = write_credential_sheets(out, batch, roster=True, generated_on=DAY)
    texts = page_texts(out)
    # 3B: 1 + 1, 4A (12 pupils): 2 + 1, 6C: 1 + 1, without class: 1 + 1.
    assert info.page_count == len(texts) == count_pages(batch, roster=True) == 9
    rosters = [t for t in texts if "liste de l'enseignant" in t]
    assert len(rosters) == 4
    for credential in batch.credentials:
        pages = [t for t in texts if credential.password in t]
        assert len(pages) == 2  # its slip and its class roster
        assert sum("liste de l'enseignant" in t for t in pages) == 1
    assert rosters[1].splitlines()[0].startswith("Classe 4A")
    assert "NGUYỄN Thị Hương" in rosters[1]


def test_roster_spans_pages_for_a_large_class(tmp_path):
    from elea_desktop.credentials.sheets import roster_rows_per_page

    rows = roster_rows_per_page()
    pupils = [(f"Prénom{i}", f"Nom{i:03d}", "2NDE1") for i in range(rows + 3)]
    batch = make_batch(pupils)
    out = tmp_path / "fiches.pdf"
    info = write_credential_sheets(out, batch, roster=True, generated_on=DAY)
    assert info.page_count == count_pages(batch, roster=True) == len(page_texts(out))
    assert info.page_count == -(-len(pupils) // 10) + 2


def test_class_filter_and_empty_results(tmp_path):
    batch = make_batch()
    out = tmp_path / "fiches.pdf"
    info = write_credential_sheets(out, batch, class_code="3B", generated_on=DAY)
    assert info.classes == ("3B",) and info.slip_count == 5 and info.page_count == 1
    assert count_pages(batch, class_code="3B") == 1
    text = all_text(out)
    assert all((c.password in text) == (c.class_code == "3B") for c in batch.credentials)
    info = write_credential_sheets(out, batch, class_code=NO_CLASS_FR, generated_on=DAY)
    assert info.classes == (NO_CLASS_FR,) and info.slip_count == 2
    assert page_texts(out)[0].startswith(NO_CLASS_FR)
    with pytest.raises(OutputError, match="5Z"):
        write_credential_sheets(tmp_path / "vide.pdf", batch, class_code="5Z")
    assert count_pages(batch, class_code="5Z") == 0
    no_password = CredentialBatch(8, batch.created_at, "reset", "0750680G", None, None, None,
                                  (Credential("a.b", "", "A", "B", "4A"),))
    with pytest.raises(OutputError, match="aucun mot de passe"):
        write_credential_sheets(tmp_path / "vide.pdf", no_password)
    assert not (tmp_path / "vide.pdf").exists()


def test_long_values_shrink_and_credentials_are_never_cut(tmp_path):
    long_user = "marie-amelie-geraldine.de-la-rochefoucau"  # 40 characters, the policy's maximum
    credential = Credential(long_user, "Tr3s-L0ng-M0t-De-Passe", "Marie-Amélie-Géraldine-Bénédicte",
                            "de La Rochefoucauld-Montmorency-Laval", "4A")
    batch = CredentialBatch(9, datetime.datetime(2026, 9, 7), "reset", "0750680G", "Lycée " + "Très " * 30,
                            "https://elea.ac-versailles.fr/", 2026, (credential,))
    for per_page in LAYOUTS:
        out = tmp_path / f"long{per_page}.pdf"
        write_credential_sheets(out, batch, per_page=per_page, qr=True, generated_on=DAY)
        text = all_text(out)
        assert long_user in text and "Tr3s-L0ng-M0t-De-Passe" in text
        # The first name gives way, not the family name.
        assert "DE LA ROCHEFOUCAULD-MONTMO" in text
        assert "Marie-Amélie-Géraldine-Bénédicte" not in text
        assert "Lycée Très Très" in text and "…" in text


def test_progress_reports_every_page(tmp_path):
    calls = []
    info = write_credential_sheets(tmp_path / "f.pdf", make_batch(),
                                   progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, info.page_count) for n in range(1, info.page_count + 1)]


def test_cancelling_from_progress_leaves_nothing(tmp_path):
    class Cancelled(Exception):
        pass

    def cancel(done, total):
        if done == 2:
            raise Cancelled

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(Cancelled):
        write_credential_sheets(out_dir / "f.pdf", make_batch(), progress=cancel)
    assert list(out_dir.iterdir()) == []


def test_failed_save_keeps_the_previous_file_and_no_temp(tmp_path, monkeypatch):
    from reportlab.pdfgen.canvas import Canvas

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "fiches.pdf"
    out.write_bytes(b"previous sheets")

    def broken_save(self):
        # Write part of the file first, as a full disk would.
        with open(self._filename, "wb") as handle:
            handle.write(b"%PDF-1.4 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Canvas, "save", broken_save)
    with pytest.raises(OutputError, match="Impossible d'enregistrer"):
        write_credential_sheets(out, make_batch())
    assert out.read_bytes() == b"previous sheets"
    assert [p.name for p in out_dir.iterdir()] == ["fiches.pdf"]


def test_missing_folder_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="n'existe pas"):
        write_credential_sheets(tmp_path / "absent" / "f.pdf", make_batch())


def test_written_file_is_private_to_its_owner(tmp_path):
    out = tmp_path / "f.pdf"
    write_credential_sheets(out, make_batch())
    if os.name == "posix":
        assert out.stat().st_mode & 0o077 == 0


def test_unknown_layout_is_refused(tmp_path):
    with pytest.raises(ValueError):
        write_credential_sheets(tmp_path / "f.pdf", make_batch(), per_page=9)
    with pytest.raises(ValueError):
        count_pages(make_batch(), per_page=6)


def test_reportlab_runs_on_its_c_accelerators():
    # A separate wheel since reportlab 4: when it is missing reportlab silently uses Python code instead.
    from types import BuiltinFunctionType

    from reportlab.lib import rl_accel

    assert isinstance(rl_accel.fp_str, BuiltinFunctionType)
    assert isinstance(rl_accel.escapePDF, BuiltinFunctionType)
    assert rl_accel.fp_str(1.5, 2.25) == "1.5 2.25"


def drawn_at(path) -> dict[bytes, tuple[int, float, float]]:
    """Where each string is drawn (page, x, y): the text matrix when its Tj runs."""
    found: dict[bytes, tuple[int, float, float]] = {}
    for number, page in enumerate(PdfReader(path).pages):
        def visit(operator, operands, cm, tm, number=number):
            if operator == b"Tj" and isinstance(operands[0], bytes):
                found.setdefault(operands[0], (number, round(cm[4] + tm[4], 2), round(cm[5] + tm[5], 2)))

        page.extract_text(visitor_operand_before=visit)
    return found


@pytest.mark.parametrize("per_page", LAYOUTS)
def test_each_slip_keeps_its_lines_in_place(tmp_path, per_page):
    # Lines are placed relative to one another (a smaller file): every slip must still show its login and
    # password at the same offsets, and the slips sit on the same grid on every page.
    batch = make_batch()
    out = tmp_path / "fiches.pdf"
    write_credential_sheets(out, batch, per_page=per_page, generated_on=DAY)
    where = drawn_at(out)
    offsets, grid = [], []
    for credential in (c for c in batch.credentials if c.class_code):  # without a class: another layout
        page, x, y = where[credential.username.encode()]
        page2, px, py = where[credential.password.encode()]
        assert page == page2
        offsets.append((px - x, py - y))
        if not any(abs(x - gx) < 0.05 and abs(y - gy) < 0.05 for gx, gy in grid):
            grid.append((x, y))
    # The same placement on every slip of every page (to a hundredth of a point: rounding of the steps).
    assert all(abs(dx - offsets[0][0]) < 0.02 and abs(dy - offsets[0][1]) < 0.02 for dx, dy in offsets)
    assert len(grid) == per_page  # the slots of the grid (4A fills a page), nothing in between
