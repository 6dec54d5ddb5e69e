"""Drawing the credential sheets on a reportlab canvas: slip pages, and the frame of the roster pages.

What repeats (a class's slip, a page's header and cut lines, the QR code) becomes a Form XObject drawn once
and reused; only the pupils' lines and the page number are drawn on each page.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from elea_desktop.credentials.batch import CredentialBatch
from elea_desktop.credentials.fonts import MONO_BOLD, SANS, SANS_BOLD, string_width
from elea_desktop.credentials.sheets_layout import (
    GRID_LEFT,
    GRID_RIGHT,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    STYLES,
    TEXT_CLEARANCE,
    cut_lines,
    slip_frames,
    slip_plan,
)
from elea_desktop.credentials.sheets_pages import Group, Page
from elea_desktop.credentials.sheets_roster import draw_roster_grid, draw_roster_rows
from elea_desktop.credentials.sheets_text import (
    ADVICE_FR,
    CONFIDENTIAL_FR,
    INK,
    LABEL_PASSWORD_FR,
    LABEL_USERNAME_FR,
    NO_CLASS_FR,
    ROSTER_NOTICE_FR,
    STAFF_FR,
    STAFF_ROSTER_NOTICE_FR,
    clean_text,
    date_fr,
    display_url,
    fit_mono,
    fit_person,
    fit_text,
)

GREY_TEXT = (0.28, 0.28, 0.28)  # labels: dark enough for a tired office printer
CUT_GREY = (0.45, 0.45, 0.45)

FOOTER_BASELINE = MARGIN + 2.5 * mm



def _has_line(group: Group) -> bool:
    """A slip has its third line: the class, or a staff member's function."""
    return group.class_code is not None or group.staff

class SheetWriter:
    def __init__(self, canvas: Canvas, batch: CredentialBatch, per_page: int, qr: bool,
                 generated_on: datetime.date, encode_qr: Callable[[str], list[list[bool]]]):
        self.c = canvas
        self.batch = batch
        self.per_page = per_page
        self.style = STYLES[per_page]
        self.frames = slip_frames(per_page)
        self.cut_ys, self.cut_xs = cut_lines(per_page)
        self.date_text = f"Édité le {date_fr(generated_on)}"
        self.establishment = clean_text(batch.establishment_label) or clean_text(batch.uai)
        self.url = clean_text(batch.platform_url) or None
        self.qr = bool(qr and self.url)
        self.label_width = max(string_width(t, SANS, self.style.label) for t in (LABEL_USERNAME_FR,
                                                                                  LABEL_PASSWORD_FR))
        self.templates: dict[int, str] = {}
        self.page_templates: dict[tuple[int, str], str] = {}
        self.plans: dict[bool, dict] = {}
        self.qr_size = 0.0
        self.encode_qr = encode_qr
        if self.qr:
            self._make_qr_form()

    # -- reusable forms

    def _plan(self, has_class: bool) -> dict:
        if has_class not in self.plans:
            self.plans[has_class] = slip_plan(self.per_page, has_url=self.url is not None,
                                              has_class=has_class, has_qr=self.qr,
                                              label_width=self.label_width)
        return self.plans[has_class]

    def _make_qr_form(self) -> None:
        """The platform address as a QR code, drawn once; never a password (any phone would read it).

        Drawn as one path of module runs rather than through reportlab's graphics renderer, which
        declares (unembedded) Helvetica in the form's resources.
        """
        size = self.qr_size = self._plan(True)["qr"].width
        modules = self.encode_qr(self.batch.platform_url.strip())
        box = size / len(modules)
        c = self.c
        c.beginForm("qr", 0, 0, size, size)
        c.setFillColorRGB(*INK)
        path = c.beginPath()
        for row_index, row in enumerate(modules):
            y = size - (row_index + 1) * box
            column = 0
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    path.rect(column * box, y, count * box, box)
                column += count
        c.drawPath(path, stroke=0, fill=1)
        c.endForm()

    def _template(self, group_index: int, group: Group) -> str:
        """Everything that is identical on the slips of one class, as one Form XObject."""
        name = self.templates.get(group_index)
        if name:
            return name
        name = f"slip{group_index}"
        c, style = self.c, self.style
        plan = self._plan(_has_line(group))
        lines = plan["lines"]
        frame = self.frames[0]
        c.beginForm(name, 0, 0, frame.width, frame.height)
        c.setFillColorRGB(*INK)
        self._line(lines["establishment"], self._establishment_of(group), SANS_BOLD, min_size=6)
        if self.url:
            self._line(lines["url"], display_url(self.url), SANS, min_size=6)
        if group.class_code is not None:
            line = lines["class"]
            prefix = "Classe : "
            c.setFont(SANS, line.size)
            c.drawString(line.x, line.baseline, prefix)
            offset = string_width(prefix, SANS, line.size)
            text, size = fit_text(group.class_code, SANS_BOLD, line.size, line.max_width - offset,
                                  min_size=6, ellipsis=True)
            c.setFont(SANS_BOLD, size)
            c.drawString(line.x + offset, line.baseline, text)
        c.setFillColorRGB(*GREY_TEXT)
        c.setFont(SANS, style.label)
        for key, label in (("username", LABEL_USERNAME_FR), ("password", LABEL_PASSWORD_FR)):
            c.drawString(style.pad_x, lines[key].baseline, label)
        c.setFillColorRGB(*INK)
        for key, advice in zip(("advice1", "advice2"), ADVICE_FR, strict=True):
            self._line(lines[key], advice, SANS, min_size=4)
        c.endForm()
        self.templates[group_index] = name
        return name

    def _establishment_of(self, group: Group) -> str:
        """The name printed for a class: its own establishment's in a cité scolaire."""
        return (clean_text(group.establishment) if group.establishment else "") or self.establishment

    def _line(self, line, text: str, font: str, *, min_size: float, dx: float = 0, dy: float = 0) -> None:
        text, size = fit_text(text, font, line.size, line.max_width, min_size=min_size, ellipsis=True)
        self.c.setFont(font, size)
        self.c.drawString(dx + line.x, dy + line.baseline, text)

    # -- pages

    def _header(self, group: Group, title_suffix: str = "") -> None:
        c = self.c
        half = PAGE_WIDTH / 2
        left = GRID_LEFT + TEXT_CLEARANCE
        left_width = half - TEXT_CLEARANCE - left
        top = PAGE_HEIGHT - MARGIN
        if group.staff:
            title = STAFF_FR
        else:
            title = f"Classe {group.class_code}" if group.class_code is not None else NO_CLASS_FR
        c.setFillColorRGB(*INK)
        text, size = fit_text(title + title_suffix, SANS_BOLD, 13, left_width, min_size=8, ellipsis=True)
        c.setFont(SANS_BOLD, size)
        c.drawString(left, top - 13, text)
        text, size = fit_text(self._establishment_of(group), SANS, 8.5, left_width, min_size=6,
                              ellipsis=True)
        c.setFont(SANS, size)
        c.drawString(left, top - 26, text)
        right = GRID_RIGHT - TEXT_CLEARANCE
        c.setFont(SANS, 10)
        c.drawRightString(right, top - 13, self.date_text)
        c.setFont(SANS, 8.5)
        c.drawRightString(right, top - 26, "Identifiants Éléa")

    def _footer_notice(self) -> None:
        c = self.c
        c.setFillColorRGB(*INK)
        left = GRID_LEFT + TEXT_CLEARANCE
        text, size = fit_text(CONFIDENTIAL_FR, SANS_BOLD, 7, PAGE_WIDTH / 2 - TEXT_CLEARANCE - left,
                              min_size=5, ellipsis=False)
        c.setFont(SANS_BOLD, size)
        c.drawString(left, FOOTER_BASELINE, text)

    def _page_number(self, number: int, total: int) -> None:
        c = self.c
        c.setFillColorRGB(*INK)
        c.setFont(SANS, 9)
        c.drawRightString(GRID_RIGHT - TEXT_CLEARANCE, FOOTER_BASELINE, f"Page {number} / {total}")

    def _page_template(self, group_index: int, group: Group, kind: str, count: int) -> str:
        """Everything but the pupils' lines and the page number, as one Form XObject per class and shape.

        A slip page holds the header, the cut lines, the notice and ``count`` slip templates (with the QR
        code); only a class's last page usually has fewer slips, so a class needs at most two of them.
        """
        key = (group_index, kind, count)
        name = self.page_templates.get(key)
        if name:
            return name
        c = self.c
        # Before beginForm: forms do not nest.
        slip = self._template(group_index, group) if kind in ("slips", "single") else None
        name = f"page{group_index}{kind}{count}"
        c.beginForm(name, 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
        if slip is not None:
            self._header(group)
            if kind == "single":
                self._single_cut_lines()
            else:
                self._cut_lines()
            qr_rect = self._plan(_has_line(group))["qr"]
            for frame in self.frames[:count]:
                c.saveState()
                c.translate(frame.x, frame.y)
                c.doForm(slip)
                if qr_rect is not None:
                    c.translate(qr_rect.x, qr_rect.y)
                    if qr_rect.width != self.qr_size:  # slips without a class line have less room
                        c.scale(qr_rect.width / self.qr_size, qr_rect.width / self.qr_size)
                    c.doForm("qr")
                c.restoreState()
        else:
            # The staff section's list is a plain list (no teacher to hand it to).
            self._header(group, " — liste" if group.staff else " — liste de l'enseignant")
            draw_roster_grid(c, count, STAFF_ROSTER_NOTICE_FR if group.staff else ROSTER_NOTICE_FR)
        if kind != "single":
            self._footer_notice()
        c.endForm()
        self.page_templates[key] = name
        return name

    def _cut_lines(self) -> None:
        c = self.c
        c.saveState()
        c.setStrokeColorRGB(*CUT_GREY)
        c.setLineWidth(0.6)
        c.setDash(4, 3)
        # From paper edge to paper edge: a guillotine operator lines the blade up on the edge of the stack.
        for y in self.cut_ys:
            c.line(0, y, PAGE_WIDTH, y)
        for x in self.cut_xs:
            c.line(x, 0, x, PAGE_HEIGHT)
        c.restoreState()

    def _single_cut_lines(self) -> None:
        """Around the one slip only: a cut across under it frees the rest of the sheet for another use."""
        c = self.c
        frame = self.frames[0]
        c.saveState()
        c.setStrokeColorRGB(*CUT_GREY)
        c.setLineWidth(0.6)
        c.setDash(4, 3)
        for y in (frame.top, frame.y):
            c.line(0, y, PAGE_WIDTH, y)
        for x in (frame.x, frame.right):
            c.line(x, frame.y, x, PAGE_HEIGHT)
        c.restoreState()

    def slip_page(self, page: Page, group: Group, number: int, total: int) -> None:
        self.c.doForm(self._page_template(page.group_index, group, "slips", len(page.credentials)))
        self._slip_texts(page, group)
        self._page_number(number, total)

    def single_slip_page(self, page: Page, group: Group, number: int, total: int) -> None:
        """The one slip of the print at the top of the page; the notice and page number beside it, above
        the cut, so that nothing is printed on the rest of the sheet."""
        self.c.doForm(self._page_template(page.group_index, group, "single", 1))
        self._slip_texts(page, group)
        c = self.c
        frame = self.frames[0]
        right = GRID_RIGHT - TEXT_CLEARANCE
        width = right - frame.right - TEXT_CLEARANCE
        c.setFillColorRGB(*INK)
        c.setFont(SANS, 9)
        c.drawRightString(right, frame.y + TEXT_CLEARANCE, f"Page {number} / {total}")
        text, size = fit_text(CONFIDENTIAL_FR, SANS_BOLD, 7, width, min_size=5, ellipsis=False)
        c.setFont(SANS_BOLD, size)
        c.drawRightString(right, frame.y + TEXT_CLEARANCE + 12, text)

    def _slip_texts(self, page: Page, group: Group) -> None:
        c = self.c
        lines = self._plan(_has_line(group))["lines"]
        name_line, user_line, pass_line = lines["name"], lines["username"], lines["password"]
        # One text object for all the lines that change from slip to slip: drawString would open one per
        # line and measure every string again (a third of the time for 5,000 slips).
        # Every page's stream is compressed on its own, so what it repeats from the previous page costs
        # again: the lines go by kind (every name, then every login, then every password), a font is set
        # only when it changes, and each line is placed relative to the previous one (the same few steps
        # on every page) rather than at absolute coordinates. With a leading of 0, the line feed that
        # ``textLine`` appends leaves the position where it was.
        text = c.beginText()
        text.setFillColorRGB(*INK)
        state: dict = {"font": None, "at": None}

        def draw(font: str, size: float, x: float, y: float, value: str) -> None:
            if state["font"] != (font, size):
                text.setFont(font, size, 0)
                state["font"] = (font, size)
            if state["at"] is None:
                text.setTextOrigin(x, y)
            else:
                last_x, last_y = state["at"]
                text.moveCursor(x - last_x, last_y - y)  # reportlab's moveCursor counts dy downwards
            state["at"] = (x, y)
            text.textLine(value)

        slips = list(zip(self.frames, page.credentials, strict=False))
        for frame, credential in slips:
            value, size = fit_person(credential, SANS_BOLD, name_line.size, name_line.max_width, min_size=8)
            draw(SANS_BOLD, size, frame.x + name_line.x, frame.y + name_line.baseline, value)
        if group.staff:  # the function varies from slip to slip: on the class line, not in the template
            line = lines["class"]
            for frame, credential in slips:
                value, size = fit_text(clean_text(credential.function), SANS_BOLD, line.size, line.max_width,
                                       min_size=6, ellipsis=True)
                draw(SANS_BOLD, size, frame.x + line.x, frame.y + line.baseline, value)
        # Credentials are never cut: shrinking is the only way to fit a very long one.
        for line, field in ((user_line, "username"), (pass_line, "password")):
            for frame, credential in slips:
                value = getattr(credential, field)
                draw(MONO_BOLD, fit_mono(value, line.size, line.max_width), frame.x + line.x,
                     frame.y + line.baseline, value)
        c.drawText(text)

    def roster_page(self, page: Page, group: Group, number: int, total: int) -> None:
        self.c.doForm(self._page_template(page.group_index, group, "roster", len(page.credentials)))
        draw_roster_rows(self.c, page)
        self._page_number(number, total)
