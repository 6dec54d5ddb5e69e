"""Comptes: the « ENVOYER VERS ÉLÉA » button, beside the section's title (the action row acts on a selection;
this sends the whole directory)."""

from __future__ import annotations

from ui.sections.common import button


def add_send_button(section, layout):
    """The button at the end of the section's title row (the first row of ``layout``)."""
    widget = button("ENVOYER VERS ÉLÉA", accessible="Envoyer tous les comptes vers Éléa",
                    tip="Créer, mettre à jour et suspendre les comptes sur la plateforme, et garder une "
                        "cohorte par classe (aperçu des changements avant l'envoi)")
    widget.clicked.connect(lambda: section.shell.send_flow.start())
    layout.itemAt(0).layout().addWidget(widget)
    return widget
