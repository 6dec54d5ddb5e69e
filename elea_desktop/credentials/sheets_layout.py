"""Pure geometry of the credential sheets: page grid, cut lines, slip text plan (points, origin bottom-left).

Kept free of any drawing so tests can check that slips never overlap and stay inside the margins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

PAGE_WIDTH, PAGE_HEIGHT = A4
LAYOUTS = (8, 10, 12)  # slips per A4 portrait page: 2 × 4, 2 × 5, 2 × 6
DEFAULT_LAYOUT = 10
COLUMNS = 2

MARGIN = 10 * mm  # nothing is printed closer to the paper edge (office printers cannot)
HEADER_HEIGHT = 14 * mm  # class and date, above the first cut line
FOOTER_HEIGHT = 11 * mm  # page n / N and the confidentiality notice, below the last cut line
TEXT_CLEARANCE = 3 * mm  # header/footer text keeps this far from any cut line

GRID_LEFT = MARGIN
GRID_RIGHT = PAGE_WIDTH - MARGIN
GRID_TOP = PAGE_HEIGHT - MARGIN - HEADER_HEIGHT
GRID_BOTTOM = MARGIN + FOOTER_HEIGHT


class Rect(NamedTuple):
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Rect, tolerance: float = 1e-6) -> bool:
        """True when the interiors intersect (shared edges, up to float rounding, do not count)."""
        t = tolerance
        return (
            self.x < other.right - t and other.x < self.right - t
            and self.y < other.top - t and other.y < self.top - t
        )


# A print of exactly one slip: the slip alone at the top of the page, or a whole-page letter.
SINGLE_LAYOUTS = ("slip", "letter")


def check_single(single: str) -> str:
    if single not in SINGLE_LAYOUTS:
        raise ValueError(f"single must be one of {SINGLE_LAYOUTS}, not {single!r}")
    return single


def check_layout(per_page: int) -> int:
    if per_page not in LAYOUTS:
        raise ValueError(f"per_page must be one of {LAYOUTS}, not {per_page!r}")
    return per_page


def slip_frames(per_page: int) -> list[Rect]:
    """The slips of one page in reading order (row by row, left to right)."""
    rows = check_layout(per_page) // COLUMNS
    width = (GRID_RIGHT - GRID_LEFT) / COLUMNS
    height = (GRID_TOP - GRID_BOTTOM) / rows
    return [
        Rect(GRID_LEFT + col * width, GRID_TOP - (row + 1) * height, width, height)
        for row in range(rows)
        for col in range(COLUMNS)
    ]


def cut_lines(per_page: int) -> tuple[list[float], list[float]]:
    """(y of horizontal lines, x of vertical lines): every slip edge, drawn from paper edge to paper edge."""
    frames = slip_frames(per_page)
    ys = sorted({round(f.y, 3) for f in frames} | {round(f.top, 3) for f in frames}, reverse=True)
    xs = sorted({round(f.x, 3) for f in frames} | {round(f.right, 3) for f in frames})
    return ys, xs


@dataclass(frozen=True)
class SlipStyle:
    """Font sizes (pt) and paddings of one layout: the fewer slips per page, the larger the text."""

    pad_x: float
    pad_y: float
    small: float  # establishment, address, class
    name: float  # « Prénom NOM »
    label: float  # « Identifiant », « Mot de passe »
    username: float
    password: float
    advice: float
    qr_size: float


STYLES = {
    8: SlipStyle(pad_x=5 * mm, pad_y=4.5 * mm, small=9, name=16, label=9, username=17, password=20,
                 advice=7.5, qr_size=24 * mm),
    10: SlipStyle(pad_x=4.5 * mm, pad_y=3.5 * mm, small=8.5, name=14, label=8.5, username=15, password=17,
                  advice=7.5, qr_size=20 * mm),
    12: SlipStyle(pad_x=4 * mm, pad_y=2.5 * mm, small=7.5, name=12, label=7.5, username=13, password=14.5,
                  advice=7, qr_size=17 * mm),
}

LABEL_GAP = 2 * mm  # between « Mot de passe » and the value
QR_GAP = 2.5 * mm  # between the text and the QR code


@dataclass(frozen=True)
class SlipLine:
    """One text line of a slip: baseline and x relative to the slip's bottom-left corner, width allowed."""

    key: str
    x: float
    baseline: float
    size: float
    max_width: float


def slip_plan(per_page: int, *, has_url: bool, has_class: bool, has_qr: bool, label_width: float) -> dict:
    """Where each line of a slip goes.

    Returns ``{"lines": {key: SlipLine}, "qr": Rect | None}``; the extra height of the slip is shared
    between the gaps that separate the header lines, the name, the credentials and the advice.
    ``label_width`` is the width of the widest credential label at ``style.label`` points.
    """
    style = STYLES[check_layout(per_page)]
    frame = slip_frames(per_page)[0]
    width, height = frame.width, frame.height
    inner_width = width - 2 * style.pad_x

    top_keys = ["establishment"] + (["url"] if has_url else []) + (["class"] if has_class else [])
    # Each entry: (key, size, line height); gaps are inserted between the four groups.
    groups = [
        [(k, style.small, style.small * 1.3) for k in top_keys],
        [("name", style.name, style.name * 1.25)],
        [("username", style.username, style.username * 1.35),
         ("password", style.password, style.password * 1.35)],
        [("advice1", style.advice, style.advice * 1.2), ("advice2", style.advice, style.advice * 1.2)],
    ]
    used = sum(h for g in groups for _, _, h in g)
    spare = height - 2 * style.pad_y - used
    if spare < 0:
        raise ValueError(f"layout {per_page}: slip text does not fit ({spare:.1f} pt missing)")
    gap = spare / (len(groups) - 1)

    # The QR code sits top right, beside the header lines and the name, never beside the credentials:
    # those keep the whole width for long usernames.
    qr_room = sum(h for g in groups[:2] for _, _, h in g) + gap
    qr_size = min(style.qr_size, qr_room)
    qr = None
    if has_qr:
        qr = Rect(width - style.pad_x - qr_size, height - style.pad_y - qr_size, qr_size, qr_size)

    lines: dict[str, SlipLine] = {}
    top = height - style.pad_y
    for index, group in enumerate(groups):
        for key, size, line_height in group:
            # The baseline sits at 78 % of the line height from its top: room for accents above
            # and descenders below.
            baseline = top - line_height * 0.78
            bottom = top - line_height
            x = style.pad_x
            max_width = inner_width
            if key in ("username", "password"):
                x = style.pad_x + label_width + LABEL_GAP
                max_width = inner_width - label_width - LABEL_GAP
            if qr is not None and bottom < qr.top and top > qr.y:
                max_width = min(max_width, qr.x - QR_GAP - x)
            lines[key] = SlipLine(key, x, baseline, size, max_width)
            top = bottom
        if index < len(groups) - 1:
            top -= gap
    return {"lines": lines, "qr": qr}
