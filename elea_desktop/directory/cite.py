"""Cités scolaires: declaring the UAIs a directory serves beside the one its first import bound.

A collège and a lycée side by side share one secretariat and one platform: each has its own UAI and its
own SIECLE export, and the directory keeps one account per pupil across both. A UAI is added on purpose
(Réglages or ``settings set --add-uai``); an export of an undeclared UAI is refused as before.

Every change is checked before the first write (French ``DirectoryError``, nothing saved).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime

from elea_desktop.directory import queries
from elea_desktop.directory.settings_rules import check_name
from elea_desktop.errors import DirectoryError
from elea_desktop.siecle.uai import is_valid_uai

MAX_UAIS = 5  # a cité has two or three establishments; five leaves room without inviting a district


def check_uai(value) -> str:
    """``value`` as a UAI (upper case, spaces removed) or a French DirectoryError saying what is wrong."""
    text = "".join(str(value or "").split()).upper()
    if not is_valid_uai(text):
        raise DirectoryError(
            f"« {value} » n'est pas un UAI valable : un UAI s'écrit avec 7 chiffres suivis d'une lettre "
            "de contrôle, par exemple 0750680G. Recopiez-le depuis l'export SIECLE (il y figure sous "
            "« UAJ ») ou depuis l'annuaire de l'éducation."
        )
    return text


def _references(conn: sqlite3.Connection, uai: str) -> int:
    accounts = conn.execute("SELECT COUNT(*) FROM accounts WHERE upper(uai) = ?", (uai,)).fetchone()[0]
    cohorts = conn.execute("SELECT COUNT(*) FROM cohorts WHERE upper(uai) = ?", (uai,)).fetchone()[0]
    return accounts + cohorts


def apply_changes(conn: sqlite3.Connection, now: datetime, *, add: Iterable[str] = (),
                  names: Mapping[str, str | None] | None = None, remove: Iterable[str] = ()) -> None:
    """Declare ``add``, name the UAIs of ``names`` (declared or being added), forget ``remove``.

    Runs inside the caller's transaction. The first UAI declared in a directory that no import has bound
    yet becomes its bound UAI (its name is the establishment's name).
    """
    add = [check_uai(uai) for uai in add]
    remove = [check_uai(uai) for uai in remove]
    named = {check_uai(uai): check_name(name) for uai, name in (names or {}).items()}
    settings = queries.read_establishment(conn)
    bound = (settings.uai or "").upper() if settings else ""
    others = {entry.uai.upper() for entry in (settings.other_uais if settings else ())}
    for uai in remove:
        if uai == bound:
            raise DirectoryError(
                f"L'UAI {uai} est celui de l'annuaire (fixé par la première importation) : il ne peut pas "
                "être retiré. Seuls les UAI rattachés ensuite peuvent l'être."
            )
        if uai not in others:
            raise DirectoryError(f"L'UAI {uai} n'est pas rattaché à cet annuaire : rien à retirer.")
        if _references(conn, uai):
            raise DirectoryError(
                f"Des comptes ou des classes de l'établissement {uai} sont enregistrés : son UAI ne peut "
                "plus être retiré (les comptes des élèves restent valables toute leur scolarité)."
            )
    after = (others | set(add)) - set(remove) - {bound}
    if not bound and add:
        after.discard(add[0])
    if len(after) + 1 > MAX_UAIS:
        raise DirectoryError(f"Un annuaire regroupe au plus {MAX_UAIS} établissements (UAI).")
    known = after | ({bound} if bound else set()) | ({add[0]} if add and not bound else set())
    for uai in named:
        if uai not in known:
            raise DirectoryError(
                f"L'UAI {uai} n'est pas rattaché à cet annuaire : ajoutez-le d'abord "
                f"(--add-uai {uai}), puis donnez-lui un nom."
            )

    stamp = now.isoformat()
    queries.ensure_establishment(conn, now)
    if not bound and add:
        bound = add[0]
        conn.execute("UPDATE establishment SET uai = ?, updated_at = ? WHERE id = 1", (bound, stamp))
    for offset, uai in enumerate(add):
        if uai != bound:
            # Distinct stamps keep the declaration order even within one command.
            conn.execute("INSERT OR IGNORE INTO establishment_uais (uai, name, added_at) VALUES (?, NULL, ?)",
                         (uai, f"{stamp}#{offset:02d}"))
    for uai in remove:
        conn.execute("DELETE FROM establishment_uais WHERE uai = ?", (uai,))
    for uai, name in named.items():
        if uai == bound:
            conn.execute("UPDATE establishment SET name = ?, updated_at = ? WHERE id = 1", (name, stamp))
        else:
            conn.execute("UPDATE establishment_uais SET name = ? WHERE uai = ?", (name, uai))
