"""The French words Qt's own catalogue lacks, so that the file and print dialogs speak one language.

Why they stayed English: ``qtbase_fr.qm`` (shipped by PySide6) is loaded and works, but its French
translation predates Qt 6's mnemonics in the file dialog: Qt now asks for « &Look in: » and
« Files of &type: » where the catalogue only has « Look in: » and « Files of type: », and it has no
entry at all for the file icon provider's « Folder » and « Drive » or the print dialog's « Page &Set: ».
Qt looks a string up in each installed translator and shows the source text when none has it.

``FrenchSupplement`` is installed *before* ``qtbase_fr`` (Qt asks the last installed translator first), so
it is only asked for what the catalogue does not have, and a future catalogue that has it wins.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

NBSP = "\u00a0"
MISSING_FR = {
    ("QFileDialog", "&Look in:"): f"&Voir dans{NBSP}:",
    ("QFileDialog", "Files of &type:"): f"Fichiers de &type{NBSP}:",
    ("QAbstractFileIconProvider", "Folder"): "Dossier",
    ("QAbstractFileIconProvider", "File Folder"): "Dossier de fichiers",
    ("QAbstractFileIconProvider", "Drive"): "Lecteur",
    ("QAbstractFileIconProvider", "File"): "Fichier",
    ("QPrintSettingsOutput", "Page &Set:"): f"&Pages à imprimer{NBSP}:",
}


class FrenchSupplement(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 - Qt API
        # None (a null QString) means "not here": Qt then asks the next translator. An empty string
        # would be taken as the translation.
        return MISSING_FR.get((context, source))

    def isEmpty(self):  # noqa: N802 - Qt API
        return False
