"""What the STS reader tells the user (French). The archive and XML checks are the SIECLE reader's own;
their advice is reworded here so that a staff file is never answered with pupils' instructions."""

from __future__ import annotations

from elea_desktop.errors import ExportError
from elea_desktop.siecle import advice, archive

HOW_TO_EXPORT = (
    "Il faut l'export STS-web « sts_emp_<UAI>_<année>.xml » : dans STS-web, Mise à jour › Exports › "
    "Emplois du temps (zip ou XML, à donner tel quel)."
)
REDOWNLOAD = "Téléchargez de nouveau l'export depuis STS-web, sans l'ouvrir ni le modifier."
ADVICE = "Téléchargez de nouveau l'export « Emplois du temps » depuis STS-web et donnez le fichier tel quel."
REVERSE_FILE = (
    "Ce fichier est le fichier envoyé par un logiciel d'emploi du temps VERS STS-web (racine EDT_STS, "
    "nommé « emp_sts_… »), c'est-à-dire le sens inverse de celui qu'il faut. Il faut le fichier exporté "
    "PAR STS-web, nommé « sts_emp_<UAI>_<année>.xml » (racine STS_EDT) : dans STS-web, Mise à jour › "
    "Exports › Emplois du temps."
)
_REPLACEMENTS = (
    (archive._ADVICE, ADVICE),
    (archive._ADVICE[0].lower() + archive._ADVICE[1:], ADVICE[0].lower() + ADVICE[1:]),
    (advice.REDOWNLOAD, REDOWNLOAD),
    (advice.HOW_TO_EXPORT, HOW_TO_EXPORT),
    ("l'archive « ExportXML_ElevesSansAdresses.zip » : dans SIECLE, Exportations › En XML › "
     "Élèves sans adresse", "l'export STS-web « sts_emp_<UAI>_<année>.xml »"),
    ("export SIECLE", "export STS-web"),
    ("exportée de SIECLE", "exportée de STS-web"),
    ("Les exports SIECLE", "Les exports STS-web"),
)


def reword(message: str) -> str:
    for old, new in _REPLACEMENTS:
        message = message.replace(old, new)
    return message


def as_sts(error: ExportError) -> ExportError:
    """The same refusal (same code), worded for an STS-web file."""
    reworded = ExportError(reword(error.message), code=error.code, details=error.details)
    reworded.__cause__ = error.__cause__
    return reworded


def looks_like_sts_name(name: str) -> bool:
    """``sts_emp_…`` as STS-web names it: the archive's refusals are then worded for staff."""
    lowered = name.lower().replace("\\", "/").rsplit("/", 1)[-1]
    return lowered.startswith(("sts_emp", "emp_sts")) or "sts" in lowered.split(".")[0].split("_")
