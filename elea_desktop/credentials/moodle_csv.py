"""The Moodle « Upload users » CSV of a batch, and the French instructions that go with it.

Facts observed on a real Moodle 4.5 shape this file:
- UTF-8 without BOM (a Latin-1 upload silently drops letters: Côme → Cme; a BOM glues itself to the first
  header name in some versions), comma separator, Moodle's own column names;
- no ``lang`` column unless asked (``lang=fr`` on a site without the French pack warns on every row and
  counts every user as updated at each upload);
- ``username``, ``firstname`` and ``lastname`` longer than 100 characters abort the whole upload half-way:
  they are refused here, before anything is written;
- ``cohort1`` made of digits only is read as an internal cohort id and fails: it must contain a letter.

Formula injection (OWASP « CSV Injection »): a secretary may open this file in Excel or LibreOffice, which
run a cell starting with ``= + - @`` (or a tab or CR before one) as a formula. Such text cells (names,
cohort) get a leading apostrophe, the spreadsheets' own "this is text" mark. Moodle's upload keeps a field
as typed after ``trim()`` (admin/tool/uploaduser/classes/process.php, 4.5.6), so it stores the apostrophe:
acceptable, because no legitimate name starts with one of these characters — every legitimate name
reaches Moodle unchanged. A username, password, address or idnumber starting with one is refused instead
(the apostrophe would change the login); the generators never make one.

``idnumber`` is the account's stable opaque identifier from the directory (``accounts.uid``), never a
SIECLE number: Moodle shows it to teachers in reports and it must survive a change of class or name.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from elea_desktop.credentials.atomic_write import write_atomically
from elea_desktop.credentials.batch import MoodleUser
from elea_desktop.errors import OutputError

HEADER = (
    "username", "password", "firstname", "lastname", "email", "idnumber", "auth", "suspended", "cohort1",
)
MAX_FIELD = 100  # Moodle's user.username/firstname/lastname/email are varchar(100)
MAX_IDNUMBER = 255  # user.idnumber is varchar(255)
AUTH = "manual"

UPLOAD_SETTINGS_FR: list[tuple[str, str]] = [
    # The French interface defaults to « ; »: the file is comma-separated.
    ("Séparateur CSV", ", (virgule)"),
    ("Codage", "UTF-8"),
    ("Type de dépôt", "Ajouter les nouveaux et mettre à jour les utilisateurs existants"),
    ("Mot de passe des nouveaux utilisateurs", "Champ requis dans le fichier"),
    ("Détails des utilisateurs existants", "Remplacer avec le fichier"),
    # Otherwise the new password of a reactivated or reset pupil is silently ignored.
    ("Mot de passe des utilisateurs existants", "Mettre à jour"),
    ("Forcer le changement du mot de passe", "Utilisateurs ayant un mot de passe faible (ou « Tous »)"),
]

COHORT_NOTE_FR = (
    "Le dépôt de Moodle ajoute les élèves aux cohortes mais ne les en retire jamais : un élève qui a "
    "changé de classe reste aussi dans la cohorte de sa classe de l'an dernier. Les cohortes créées par "
    "Éléa Desktop sont propres à chaque année scolaire (par exemple 0750680G-2025-4A) : supprimez "
    "simplement celles des années passées (Administration du site > Utilisateurs > Cohortes)."
)

WEAK_PASSWORD_NOTE_FR = (
    "Moodle juge « faibles » les mots de passe lisibles générés par Éléa Desktop (politique par défaut) : "  # noqa: S105
    "ils fonctionnent, et l'élève devra en choisir un nouveau à sa première connexion."
)

CONFIDENTIAL_NOTE_FR = (
    "Ce fichier contient des mots de passe : déposez-le puis supprimez-le, ne l'envoyez pas par courriel."
)

# Moodle's clean_param(PARAM_USERNAME) without $CFG->extendedusernamechars, after core_text::strtolower.
_USERNAME_ALLOWED = re.compile(r"[^-.@_a-z0-9]")
_LANG = re.compile(r"^[a-z]{2,3}(_[a-z0-9]+)*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """``value`` as a spreadsheet shows it and never runs it (OWASP: a leading apostrophe)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def default_email(username: str, uai: str) -> str:
    """A unique address that can never receive mail (RFC 2606 ``.invalid``): Moodle requires one."""
    return f"{username}@{uai.strip().lower()}.invalid"


def moodle_clean_username(username: str) -> str:
    """What Moodle's ``PARAM_USERNAME`` makes of ``username`` (letters outside a-z are deleted)."""
    cleaned = username.strip().lower().replace(" ", "")
    return _USERNAME_ALLOWED.sub("", cleaned)


def is_moodle_username(username: str) -> bool:
    """True when Moodle would keep ``username`` exactly as it is (and it fits the 100-character column)."""
    return bool(username) and len(username) <= MAX_FIELD and moodle_clean_username(username) == username


def _text(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def _rows(users: Iterable[MoodleUser], lang: str | None) -> list[list[str]]:
    rows: list[list[str]] = []
    usernames: set[str] = set()
    emails: dict[str, str] = {}
    for user in users:
        who = f"« {user.username} »"
        if not is_moodle_username(user.username):
            raise OutputError(
                f"Le compte {who} a un identifiant que Moodle n'accepte pas (lettres minuscules sans accent, "
                f"chiffres et . _ - @ seulement, {MAX_FIELD} caractères au plus) : export Moodle annulé."
            )
        if user.username in usernames:
            raise OutputError(f"Le compte {who} apparaît deux fois : export Moodle annulé.")
        usernames.add(user.username)
        first, last = _text(user.first_name), _text(user.last_name)
        for label, value in (("prénom", first), ("nom", last)):
            if not value:
                raise OutputError(
                    f"Le compte {who} n'a pas de {label} : Moodle l'exige. Export Moodle annulé."
                )
            if len(value) > MAX_FIELD:
                raise OutputError(
                    f"Le {label} du compte {who} dépasse {MAX_FIELD} caractères : Moodle interromprait le "
                    "dépôt au milieu du fichier. Raccourcissez-le dans l'annuaire, puis exportez à nouveau."
                )
        email = _text(user.email)
        if not email or len(email) > MAX_FIELD or email.count("@") != 1 or any(ch.isspace() for ch in email):
            raise OutputError(f"L'adresse électronique « {email} » du compte {who} n'est pas valable.")
        previous = emails.get(email.casefold())
        if previous is not None:
            raise OutputError(
                f"Les comptes « {previous} » et {who} ont la même adresse électronique « {email} » : "
                "Moodle refuse les doublons. Export Moodle annulé."
            )
        emails[email.casefold()] = user.username
        idnumber = _text(user.idnumber)
        if not idnumber or len(idnumber) > MAX_IDNUMBER:
            raise OutputError(f"Le compte {who} n'a pas d'identifiant stable (idnumber) valable.")
        cohort = _text(user.cohort)
        if cohort and not any(ch.isalpha() for ch in cohort):
            raise OutputError(
                f"La cohorte « {cohort} » du compte {who} ne contient aucune lettre : Moodle la prendrait "
                "pour un numéro interne de cohorte et le dépôt échouerait."
            )
        if len(cohort) > MAX_FIELD:
            raise OutputError(f"La cohorte « {cohort} » du compte {who} dépasse {MAX_FIELD} caractères.")
        password = user.password or ""
        if any(value.startswith(FORMULA_START) for value in (user.username, password, email, idnumber)):
            raise OutputError(f"Le compte {who} a un identifiant, un mot de passe ou une adresse "
                              "commençant par = + - ou @, qu'un tableur prendrait pour une formule : "
                              "export Moodle annulé.")
        row = [user.username, password, neutralise_formula(first), neutralise_formula(last), email, idnumber,
               AUTH, "1" if user.suspended else "0", neutralise_formula(cohort)]
        if any(_CONTROL.search(value) for value in row):
            raise OutputError(f"Le compte {who} contient un caractère de contrôle : export Moodle annulé.")
        if lang is not None:
            row.append(lang)
        rows.append(row)
    return rows


def write_moodle_csv(path, users: Iterable[MoodleUser], *, lang: str | None = None) -> int:
    """Write the upload-users CSV atomically; return the number of user rows.

    Everything is validated before the file is created: one bad account refuses the whole export with an
    ``OutputError`` naming it (a partial upload is worse than none).
    """
    if lang is not None:
        lang = lang.strip()
        if not _LANG.match(lang):
            raise OutputError(f"« {lang} » n'est pas un code de langue Moodle (par exemple fr ou en).")
    rows = _rows(users, lang)
    header = list(HEADER) + (["lang"] if lang is not None else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")  # no BOM, on purpose (see the module docstring)

    def write(temp: Path) -> None:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    write_atomically(path, write, what="le fichier CSV pour Moodle")
    return len(rows)


def instructions_path(csv_path: str | os.PathLike[str]) -> Path:
    """Where the instructions go: ``<name>-LISEZMOI.txt`` beside the CSV."""
    csv_path = Path(csv_path)
    return csv_path.with_name(f"{csv_path.stem}-LISEZMOI.txt")


def upload_instructions_text(csv_name: str) -> str:
    """The short French text shown when exporting and written beside the CSV."""
    lines = [
        f"Dépôt du fichier « {csv_name} » dans Éléa (Moodle)",
        "",
        "Administration du site > Utilisateurs > Comptes > Déposer des utilisateurs.",
        "Déposez le fichier, puis choisissez ces réglages :",
        "",
    ]
    lines += [f"- {label} : {value}" for label, value in UPLOAD_SETTINGS_FR]
    lines += [
        "",
        "Les lignes sans mot de passe laissent inchangé le mot de passe d'un compte existant.",
        WEAK_PASSWORD_NOTE_FR,
        "Les adresses électroniques en « .invalid » sont volontairement fictives : "  # RFC 2606
        "aucun courriel ne peut y parvenir.",
        "",
        "Cohortes",
        COHORT_NOTE_FR,
        "",
        CONFIDENTIAL_NOTE_FR,
    ]
    return "\n".join(lines) + "\n"


def write_upload_instructions(path, csv_name: str) -> None:
    """Write ``upload_instructions_text`` (UTF-8, Windows line ends for Notepad), atomically."""
    data = upload_instructions_text(csv_name).replace("\n", "\r\n").encode("utf-8")

    def write(temp: Path) -> None:
        with open(temp, "wb") as handle:
            handle.write(data)

    write_atomically(path, write, what="la notice de dépôt Moodle")
