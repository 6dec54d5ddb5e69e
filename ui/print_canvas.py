"""The credential sheets' drawing, painted with QPainter: vector text and lines for the printer.

``SheetWriter`` (the core) draws the sheets through the few reportlab ``Canvas`` methods listed below;
``QtCanvas`` implements the same methods on a QPainter, so the printer gets exactly the drawing of the PDF
(one layout, two renderers) as text in the bundled DejaVu faces instead of 300-dpi bitmaps: a 36-page job
is a few hundred kilobytes instead of 22 MB.

Coordinates are the PDF's (points, origin bottom-left); one transform maps them onto the printer's page.
Text is drawn without any scaling in the painter (device pixels, font size converted from points) so the
font engine lays glyphs out at their real size, with the same advances reportlab measures.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QPainter, QPainterPath, QPen, QTransform

from elea_desktop.credentials.fonts import FONT_FILES, MONO, MONO_BOLD, SANS, SANS_BOLD, string_width
from elea_desktop.credentials.sheets_layout import PAGE_HEIGHT, PAGE_WIDTH
from elea_desktop.errors import OutputError
from elea_desktop.paths import resource

_BOLD = {SANS: False, SANS_BOLD: True, MONO: False, MONO_BOLD: True}
_families: dict[str, str] = {}
_lock = threading.Lock()


def register_qt_fonts() -> dict[str, str]:
    """The bundled faces in Qt's font database (once per process): the sheets never use a system font."""
    with _lock:
        if _families:
            return _families
        for name, filename in FONT_FILES.items():
            path = resource("fonts", filename)
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if not families:
                raise OutputError(f"La police « {filename} » est introuvable ou illisible ({path}) : "
                                  "réinstallez Éléa Desktop.")
            _families[name] = families[0]
        return _families


def page_transform(viewport: QRectF) -> QTransform:
    """PDF points (origin bottom-left) → device pixels, the A4 page scaled into ``viewport``, centred."""
    scale = min(viewport.width() / PAGE_WIDTH, viewport.height() / PAGE_HEIGHT)
    dx = viewport.x() + (viewport.width() - PAGE_WIDTH * scale) / 2
    dy = viewport.y() + (viewport.height() - PAGE_HEIGHT * scale) / 2
    return QTransform(scale, 0, 0, -scale, dx, dy + PAGE_HEIGHT * scale)


class _State:
    __slots__ = ("dash", "fill", "font", "line_width", "size", "stroke", "transform")

    def __init__(self, transform: QTransform):
        self.transform = transform
        self.fill = QColor(0, 0, 0)
        self.stroke = QColor(0, 0, 0)
        self.line_width = 1.0
        self.dash: tuple[float, ...] = ()
        self.font = SANS
        self.size = 10.0

    def copy(self) -> _State:
        other = _State(QTransform(self.transform))
        for name in ("fill", "stroke", "line_width", "dash", "font", "size"):
            setattr(other, name, getattr(self, name))
        return other


class QtPath:
    """``canvas.beginPath()``: the rectangles of the QR code."""

    def __init__(self):
        self.path = QPainterPath()

    def rect(self, x: float, y: float, width: float, height: float) -> None:
        self.path.addRect(QRectF(x, y, width, height))


class QtText:
    """``canvas.beginText()``: lines recorded, painted by ``drawText``."""

    def __init__(self):
        self.ops: list[tuple] = []

    def setFillColorRGB(self, r, g, b):  # noqa: N802 - reportlab API
        self.ops.append(("fill", (r, g, b)))

    def setFont(self, name, size, leading=None):  # noqa: N802 - reportlab API
        self.ops.append(("font", name, size, size * 1.2 if leading is None else leading))

    def setTextOrigin(self, x, y):  # noqa: N802 - reportlab API
        self.ops.append(("origin", x, y))

    def moveCursor(self, dx, dy):  # noqa: N802 - reportlab API (dy counts downwards)
        self.ops.append(("move", dx, dy))

    def textLine(self, text):  # noqa: N802 - reportlab API
        self.ops.append(("line", text))


class QtCanvas:
    """The subset of reportlab's ``Canvas`` that the sheets use, painting on an active QPainter.

    Forms (``beginForm``/``doForm``) are recorded calls replayed where they are used; ``showPage`` ends a
    page and the next drawing starts a new one on the printer (no blank page after the last).
    """

    def __init__(self, painter: QPainter, new_page):
        self.painter = painter
        self._new_page = new_page
        self._base = page_transform(QRectF(painter.viewport()))
        self._dpi = painter.device().logicalDpiY() or 72
        self._state = _State(QTransform(self._base))
        self._stack: list[_State] = []
        self._forms: dict[str, list[tuple]] = {}
        self._recording: list[tuple] | None = None
        self._page_ended = False
        self._fonts: dict[tuple[str, float], QFont] = {}
        self._families = register_qt_fonts()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    # -- pages and forms -----------------------------------------------------------------------------
    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._page_ended = True
        self._state = _State(QTransform(self._base))
        self._stack.clear()

    def beginForm(self, name, *_bbox) -> None:  # noqa: N802 - reportlab API
        self._recording = self._forms[name] = []

    def endForm(self) -> None:  # noqa: N802 - reportlab API
        self._recording = None

    def doForm(self, name) -> None:  # noqa: N802 - reportlab API
        self._do(self._replay, name)

    def _replay(self, name) -> None:
        self._save()
        for method, args in self._forms[name]:
            method(*args)
        self._restore()

    def _do(self, method, *args) -> None:
        if self._recording is not None:
            self._recording.append((method, args))
            return
        if self._page_ended:
            self._page_ended = False
            self._new_page()
        method(*args)

    # -- state ---------------------------------------------------------------------------------------
    def saveState(self):  # noqa: N802 - reportlab API
        self._do(self._save)

    def restoreState(self):  # noqa: N802 - reportlab API
        self._do(self._restore)

    def _save(self):
        self._stack.append(self._state.copy())

    def _restore(self):
        self._state = self._stack.pop()

    def translate(self, dx, dy):
        self._do(self._transform, QTransform.fromTranslate(dx, dy))

    def scale(self, sx, sy):
        self._do(self._transform, QTransform.fromScale(sx, sy))

    def _transform(self, local: QTransform):
        self._state.transform = local * self._state.transform

    def setFillColorRGB(self, r, g, b):  # noqa: N802 - reportlab API
        self._do(self._set, "fill", QColor.fromRgbF(r, g, b))

    def setStrokeColorRGB(self, r, g, b):  # noqa: N802 - reportlab API
        self._do(self._set, "stroke", QColor.fromRgbF(r, g, b))

    def setLineWidth(self, width):  # noqa: N802 - reportlab API
        self._do(self._set, "line_width", float(width))

    def setDash(self, *pattern):  # noqa: N802 - reportlab API
        self._do(self._set, "dash", tuple(float(v) for v in pattern))

    def setFont(self, name, size):  # noqa: N802 - reportlab API
        self._do(self._set_font, name, float(size))

    def _set(self, name, value):
        setattr(self._state, name, value)

    def _set_font(self, name, size):
        self._state.font, self._state.size = name, size

    # -- shapes --------------------------------------------------------------------------------------
    def _pen(self) -> QPen:
        state = self._state
        pen = QPen(state.stroke)
        pen.setWidthF(state.line_width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if state.dash:
            # Qt's dash lengths count in line widths, reportlab's in points.
            pen.setDashPattern([max(v / state.line_width, 0.01) for v in state.dash])
        return pen

    def line(self, x1, y1, x2, y2):
        self._do(self._line, x1, y1, x2, y2)

    def _line(self, x1, y1, x2, y2):
        painter = self.painter
        painter.setTransform(self._state.transform)
        painter.setPen(self._pen())
        painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))

    def rect(self, x, y, width, height, stroke=1, fill=0):
        self._do(self._rect, x, y, width, height, stroke, fill)

    def _rect(self, x, y, width, height, stroke, fill):
        painter = self.painter
        painter.setTransform(self._state.transform)
        painter.setPen(self._pen() if stroke else Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(self._state.fill) if fill else Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(x, y, width, height))

    def beginPath(self) -> QtPath:  # noqa: N802 - reportlab API
        return QtPath()

    def drawPath(self, path: QtPath, stroke=1, fill=0):  # noqa: N802 - reportlab API
        self._do(self._path, path.path, stroke, fill)

    def _path(self, path: QPainterPath, stroke, fill):
        painter = self.painter
        painter.setTransform(self._state.transform)
        painter.setPen(self._pen() if stroke else Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(self._state.fill) if fill else Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    # -- text ----------------------------------------------------------------------------------------
    def drawString(self, x, y, text):  # noqa: N802 - reportlab API
        self._do(self._text, x, y, text)

    def drawRightString(self, x, y, text):  # noqa: N802 - reportlab API
        self._do(self._right_text, x, y, text)

    def _right_text(self, x, y, text):
        self._text(x - string_width(text, self._state.font, self._state.size), y, text)

    def beginText(self) -> QtText:  # noqa: N802 - reportlab API
        return QtText()

    def drawText(self, text: QtText):  # noqa: N802 - reportlab API
        self._do(self._text_object, list(text.ops))

    def _text_object(self, ops):
        x = y = 0.0
        leading = self._state.size * 1.2  # reportlab's default leading
        for op in ops:
            kind = op[0]
            if kind == "line":
                self._text(x, y, op[1])
                y -= leading
            elif kind == "origin":
                x, y = op[1], op[2]
            elif kind == "move":
                x, y = x + op[1], y - op[2]
            elif kind == "font":
                self._set_font(op[1], float(op[2]))
                leading = op[3]
            else:
                self._state.fill = QColor.fromRgbF(*op[1])

    def _qfont(self, name: str, pixels: float) -> QFont:
        key = (name, round(pixels, 3))
        font = self._fonts.get(key)
        if font is None:
            font = QFont(self._families[name])
            font.setBold(_BOLD[name])
            font.setKerning(False)  # reportlab does not kern: same advances, same fitting
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            font.setStyleStrategy(QFont.StyleStrategy.PreferOutline)
            font.setPointSizeF(max(pixels * 72 / self._dpi, 0.1))
            self._fonts[key] = font
        return font

    def _text(self, x, y, text):
        if not text:
            return
        state = self._state
        transform = state.transform
        scale = (transform.m11() ** 2 + transform.m12() ** 2) ** 0.5
        painter = self.painter
        painter.resetTransform()
        painter.setFont(self._qfont(state.font, state.size * scale))
        painter.setPen(state.fill)
        painter.drawText(transform.map(QPointF(x, y)), text)
