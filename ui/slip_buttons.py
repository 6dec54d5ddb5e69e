"""A page that ``ui.credentials_actions`` drives (the Lots panel, the Comptes slips box): its signals and
its buttons, made here once and each button wired to its ``*_requested`` signal, so every page offers the
same words."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame

from ui.sections.common import button

# (attribute, text, signal, primary, default tip); the page may give its own tips (its shortcuts).
BUTTONS = (
    ("cancel_print_button", "Annuler l'impression", "cancel_print_requested", False, ""),
    ("open_pdf_button", "Ouvrir le PDF", "open_pdf_requested", False,
     "Ouvrir le PDF enregistré avec le lecteur de PDF"),
    ("preview_button", "Aperçu…", "preview_requested", False, "Voir les pages avant de les imprimer"),
    ("print_button", "IMPRIMER", "print_requested", True, "Imprimer les fiches"),
    ("save_button", "ENREGISTRER", "save_requested", False, "Enregistrer les fiches dans un PDF"),
    ("moodle_button", "EXPORTER POUR MOODLE", "moodle_requested", False,
     "Le fichier à déposer dans Éléa, avec sa notice"),
)


def add_slip_buttons(page, row, **tips: str) -> None:
    """Puts the buttons on ``page`` (``page.print_button``…) and in ``row``, in that order; « Annuler
    l'impression » and « Ouvrir le PDF » stay hidden until a print runs or a PDF is saved. ``tips``:
    ``print_button="Entrée ou Ctrl+P"``…"""
    for name, text, signal, primary, tip in BUTTONS:
        widget = button(text, primary=primary, tip=tips.get(name, tip))
        widget.clicked.connect(getattr(page, signal))
        setattr(page, name, widget)
        row.addWidget(widget)
    page.cancel_print_button.hide()
    page.open_pdf_button.hide()


class SlipsPage(QFrame):
    """The signals ``CredentialsActions`` listens to; a subclass calls ``add_slip_buttons`` and defines
    ``set_busy``, ``set_credentials_state`` and ``banner_detail``."""

    print_requested = Signal()
    save_requested = Signal()
    moodle_requested = Signal()
    preview_requested = Signal()
    purge_requested = Signal()
    open_pdf_requested = Signal()
    cancel_print_requested = Signal()
    busy_changed = Signal(bool)
