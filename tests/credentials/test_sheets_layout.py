"""Geometry of the sheets (pure functions) and a rendered page per layout, kept for a human to look at."""

from __future__ import annotations

import datetime
import itertools
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from elea_desktop.credentials.fonts import SANS, register_fonts, string_width
from elea_desktop.credentials.sheets import LAYOUTS, write_credential_sheets
from elea_desktop.credentials.sheets_layout import (
    GRID_BOTTOM,
    GRID_LEFT,
    GRID_RIGHT,
    GRID_TOP,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    STYLES,
    Rect,
    cut_lines,
    slip_frames,
    slip_plan,
)
from tests.credentials.test_sheets import make_batch

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "sheets"
EPS = 1e-6


def test_a4_portrait_and_margins_of_at_least_10_mm():
    assert round(PAGE_WIDTH / mm) == 210 and round(PAGE_HEIGHT / mm) == 297
    assert 10 * mm - EPS <= MARGIN


@pytest.mark.parametrize("per_page", LAYOUTS)
def test_slips_tile_the_grid_without_overlap_inside_the_margins(per_page):
    frames = slip_frames(per_page)
    assert len(frames) == per_page
    for frame in frames:
        assert frame.x >= MARGIN - EPS and frame.right <= PAGE_WIDTH - MARGIN + EPS
        assert frame.y >= MARGIN - EPS and frame.top <= PAGE_HEIGHT - MARGIN + EPS
        assert frame.width > 80 * mm and frame.height > 40 * mm  # room for a pupil's credentials
    for a, b in itertools.combinations(frames, 2):
        assert not a.overlaps(b)
    area = sum(f.width * f.height for f in frames)
    assert area == pytest.approx((GRID_RIGHT - GRID_LEFT) * (GRID_TOP - GRID_BOTTOM))
    # Reading order: row by row, left to right.
    assert [(round(f.top), round(f.x)) for f in frames] == sorted(
        ((round(f.top), round(f.x)) for f in frames), key=lambda k: (-k[0], k[1])
    )


@pytest.mark.parametrize("per_page", LAYOUTS)
def test_cut_lines_follow_every_slip_edge(per_page):
    ys, xs = cut_lines(per_page)
    assert len(ys) == per_page // 2 + 1 and len(xs) == 3
    for frame in slip_frames(per_page):
        assert any(abs(frame.y - y) < 1e-2 for y in ys) and any(abs(frame.top - y) < 1e-2 for y in ys)
        assert any(abs(frame.x - x) < 1e-2 for x in xs) and any(abs(frame.right - x) < 1e-2 for x in xs)


def test_overlap_detection():
    a = Rect(0, 0, 10, 10)
    assert a.overlaps(Rect(5, 5, 10, 10))
    assert not a.overlaps(Rect(10, 0, 10, 10))  # a shared edge is not an overlap


@pytest.mark.parametrize("per_page", LAYOUTS)
@pytest.mark.parametrize(
    ("has_url", "has_class", "has_qr"),
    [(True, True, True), (True, True, False), (False, True, False), (False, False, False),
     (True, False, True)],
)
def test_slip_plan_keeps_every_line_inside_its_slip(per_page, has_url, has_class, has_qr):
    register_fonts()
    style = STYLES[per_page]
    label_width = string_width("Mot de passe", SANS, style.label)
    plan = slip_plan(per_page, has_url=has_url, has_class=has_class, has_qr=has_qr, label_width=label_width)
    frame = slip_frames(per_page)[0]
    lines = list(plan["lines"].values())
    keys = [line.key for line in lines]
    assert ("url" in keys) == has_url and ("class" in keys) == has_class
    baselines = [line.baseline for line in lines]
    assert baselines == sorted(baselines, reverse=True)  # top to bottom, in order
    for upper, lower in itertools.pairwise(lines):
        # The next line's ascenders stay below this line's descenders.
        assert upper.baseline - 0.25 * upper.size >= lower.baseline + 0.8 * lower.size - EPS
    for line in lines:
        assert line.baseline - 0.25 * line.size >= style.pad_y / 2
        assert line.baseline + 0.8 * line.size <= frame.height - style.pad_y / 2
        assert line.x >= style.pad_x - EPS
        assert line.max_width > 40 * mm
        assert line.x + line.max_width <= frame.width - style.pad_x + EPS
    qr = plan["qr"]
    assert (qr is not None) == has_qr
    if qr is not None:
        assert qr.width >= 13 * mm and qr.width == qr.height  # scannable from a short address
        assert qr.x >= 0 and qr.right <= frame.width - style.pad_x + EPS and qr.top <= frame.height
        for line in lines:
            beside = line.baseline + 0.8 * line.size > qr.y and line.baseline - 0.25 * line.size < qr.top
            if beside:
                assert line.x + line.max_width <= qr.x
            assert line.key not in ("username", "password") or not beside  # credentials get the full width
    # Credentials are the largest text of the slip, the password largest of all.
    assert style.password >= style.username >= style.name > style.small


def _render(pdf: Path, png_base: Path) -> Path:
    command = ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png_base)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return png_base.with_suffix(".png")


@pytest.mark.parametrize("per_page", LAYOUTS)
def test_render_one_page_per_layout(tmp_path, per_page):
    """Keeps artifacts/sheets/layout-N.png for a human to look at; checks the page is not blank."""
    pdf = tmp_path / f"layout-{per_page}.pdf"
    batch = make_batch()
    write_credential_sheets(pdf, batch, per_page=per_page, qr=True, generated_on=datetime.date(2026, 9, 7))
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        png = _render(pdf, ARTIFACTS / f"layout-{per_page}")
        from PIL import Image

        with Image.open(png) as image:
            assert image.size[1] > image.size[0]  # portrait
            grey = image.convert("L")
            histogram = grey.histogram()
            dark = sum(histogram[:128])
            assert 0.005 < dark / (grey.size[0] * grey.size[1]) < 0.5  # ink on it, and not a black page
    else:
        # No poppler on this machine: check the page through its text instead of its pixels.
        text = PdfReader(pdf).pages[0].extract_text()
        assert "Classe 3B" in text and "Mot de passe" in text


def test_qr_codes_read_back_as_the_platform_address(tmp_path):
    """Every slip's QR code decodes to the address, never to a credential (checked with zbar when present)."""
    from elea_desktop.credentials.sheets import qr_modules

    batch = make_batch()
    pdf = tmp_path / "qr.pdf"
    write_credential_sheets(pdf, batch, per_page=12, qr=True, class_code="4A")
    if shutil.which("pdftoppm") and shutil.which("zbarimg"):
        base = tmp_path / "qr"
        command = ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(base)]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
        result = subprocess.run(["zbarimg", "--raw", "-q", str(base.with_suffix(".png"))],
                                capture_output=True, text=True, timeout=60)
        decoded = [line for line in result.stdout.splitlines() if line.strip()]
        assert decoded == ["https://elea.ac-paris.fr/"] * 12
    else:
        # Without a decoder: the matrix is a well-formed QR symbol (21 + 4k modules, finder corners set).
        modules = qr_modules(batch.platform_url)
        assert (len(modules) - 21) % 4 == 0 and all(len(row) == len(modules) for row in modules)
        assert modules[0][:7] == [True] * 7 and modules[-1][:7] == [True] * 7
