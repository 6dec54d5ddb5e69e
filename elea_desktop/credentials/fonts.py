"""The TrueType faces every credential PDF is drawn with, registered once per process.

reportlab's standard fonts (Helvetica, Courier) are WinAnsi Type 1 fonts that are never embedded and
cannot draw Ł, Ş or ễ: every face used here is a bundled DejaVu TTF, embedded as a subset.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from elea_desktop.errors import OutputError
from elea_desktop.paths import resource

SANS = "EleaSans"
SANS_BOLD = "EleaSans-Bold"
MONO = "EleaMono"
MONO_BOLD = "EleaMono-Bold"

FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    MONO: "DejaVuSansMono.ttf",
    MONO_BOLD: "DejaVuSansMono-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the bundled faces with reportlab (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in FONT_FILES.items():
            path = resource("fonts", filename)
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (OSError, TTFError) as exc:
                raise OutputError(
                    f"La police « {filename} » est introuvable ou illisible ({path}) : "
                    "réinstallez Éléa Desktop.",
                    details=str(exc),
                ) from exc
        pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
        pdfmetrics.registerFontFamily(MONO, normal=MONO, bold=MONO_BOLD, italic=MONO, boldItalic=MONO_BOLD)
        _registered = True


def string_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)
