"""What the secretariat does all year, on several accounts at once: new passwords, protection, reprints,
class rosters, an account's history. The window's Comptes section and the command line both call these."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from elea_desktop.credentials.batch import Credential, CredentialBatch
from elea_desktop.directory import batches
from elea_desktop.directory.models import ACTIVE
from elea_desktop.directory.queries import account_by_username, parse_time
from elea_desktop.errors import DirectoryError
from elea_desktop.text import class_sort_key, fold


@dataclass(frozen=True)
class ResetResult:
    batch_id: int
    usernames: tuple[str, ...]  # the accounts that got a new password
    skipped: tuple[str, ...]  # suspended accounts of the selection: no password for them


def _accounts(directory, usernames):
    found = []
    for username in dict.fromkeys(usernames):
        account = account_by_username(directory.connection, username)
        if account is None:
            raise DirectoryError(f"Aucun compte ne porte l'identifiant « {username} ».")
        found.append(account)
    return found


def reset_passwords(directory, usernames) -> ResetResult:
    """One new batch (origin ``reset``) with a new password for each ACTIVE account of ``usernames``."""
    from elea_desktop.policies.passwords import generate_password

    accounts = _accounts(directory, usernames)
    active = [a for a in accounts if a.status == ACTIVE]
    if not active:
        raise DirectoryError(
            "Aucun des comptes choisis n'est actif : un compte suspendu (élève parti) ne reçoit pas de "
            "mot de passe. Il sera réactivé, avec un nouveau mot de passe, s'il revient dans un export."
        )
    policy = directory.settings().password_policy
    with directory.transaction() as conn:
        batch_id = batches.create_batch(conn, "reset", None, directory.now())
        batches.add_entries(conn, directory.vault, batch_id,
                            [(a.id, a.uid, generate_password(policy)) for a in active])
    return ResetResult(batch_id, tuple(a.username for a in active),
                       tuple(a.username for a in accounts if a.status != ACTIVE))


def set_protected(directory, usernames, protected: bool) -> int:
    """Protect (or stop protecting) every account of ``usernames`` in one transaction; returns how many."""
    accounts = _accounts(directory, usernames)
    with directory.transaction() as conn:
        conn.executemany("UPDATE accounts SET protected = ?, updated_at = ? WHERE id = ?",
                         [(int(protected), directory.now().isoformat(), a.id) for a in accounts])
    return len(accounts)


@dataclass(frozen=True)
class Reprint:
    batch: CredentialBatch | None  # the slips still printable (None: none is)
    missing: tuple[str, ...]  # accounts whose password no held batch keeps any more
    batch_ids: tuple[int, ...]


def reprint(directory, usernames) -> Reprint:
    """The slips of ``usernames``, each from its account's latest batch when that batch still holds the
    password: an older batch's password was replaced by the later one and no longer opens the account."""
    accounts = _accounts(directory, usernames)
    wanted = {a.id: a for a in accounts}
    latest = dict(directory.connection.execute(
        "SELECT account_id, MAX(batch_id) FROM batch_entries "
        "WHERE account_id IN (SELECT value FROM json_each(?)) GROUP BY account_id",
        (json.dumps(list(wanted)),)))
    held = {b.id for b in directory.list_batches() if not b.purged}
    found: dict[int, tuple[int, Credential]] = {}
    loaded: dict[int, CredentialBatch] = {}
    for batch_id in sorted({latest[i] for i in wanted if latest.get(i) in held}):
        try:
            batch = loaded[batch_id] = directory.load_batch(batch_id)
        except DirectoryError:
            continue  # expired in the meantime
        by_username = {c.username: c for c in batch.credentials}
        for account_id, account in wanted.items():
            if latest.get(account_id) == batch_id and account.username in by_username:
                found[account_id] = (batch_id, by_username[account.username])
    missing = tuple(a.username for a in accounts if a.id not in found)
    if not found:
        return Reprint(None, missing, ())
    batch_ids = tuple(sorted({batch_id for batch_id, _ in found.values()}))
    newest = loaded[batch_ids[-1]]
    credentials = tuple(credential for _, credential in found.values())
    merged = CredentialBatch(
        batch_id=newest.batch_id, created_at=newest.created_at, origin=newest.origin, uai=newest.uai,
        establishment_name=newest.establishment_name, platform_url=newest.platform_url,
        school_year=newest.school_year, credentials=credentials)
    return Reprint(merged, missing, batch_ids)


@dataclass(frozen=True)
class RosterLine:
    last_name: str
    first_name: str
    username: str


def class_roster(directory, class_code: str | None) -> list[RosterLine]:
    """The active pupils of a class, by name: what a teacher asks for (no password). ``class_code`` None
    or "" lists the pupils without a class (never the staff, who have none either)."""
    code = (class_code or "").strip() or None
    accounts = directory.list_accounts(class_code=code, status=ACTIVE, role="student")
    if code is None:
        accounts = [a for a in accounts if not a.class_code]
    return [RosterLine(a.last_name, a.first_name, a.username)
            for a in sorted(accounts, key=lambda a: (fold(a.last_name), fold(a.first_name), a.username))]


@dataclass(frozen=True)
class HistoryEvent:
    when: datetime
    text: str


_CATEGORY_WORDS = {
    "created": "Compte créé par l'importation",
    "updated": "Compte actualisé par l'importation",
    "suspended": "Compte suspendu par l'importation",
    "reactivated": "Compte réactivé par l'importation",
}
_ORIGIN_WORDS = {"import": "importation", "reset": "nouveau mot de passe"}


def account_history(directory, username: str) -> list[HistoryEvent]:
    """Everything the directory remembers about an account, oldest first: imports' changes and batches."""
    account = directory.get_account(username)
    conn = directory.connection
    events = []
    for imported_at, source, school_year, category, detail, class_code in conn.execute(
        "SELECT i.imported_at, i.source_name, i.school_year, ch.category, ch.detail, ch.class_code "
        "FROM import_changes ch JOIN imports i ON i.id = ch.import_id WHERE ch.account_id = ? "
        "ORDER BY i.id", (account.id,)
    ):
        words = f"{_CATEGORY_WORDS.get(category, category)} {school_year}-{school_year + 1}"
        if source:
            words += f" (« {source} »)"
        extra = [part for part in (f"classe {class_code}" if class_code else "", detail or "") if part]
        words += " : " + " ; ".join(extra) if extra else ""
        events.append(HistoryEvent(parse_time(imported_at), words))
    for batch_id, created_at, origin, distributed_at, purged_at in conn.execute(
        "SELECT b.id, b.created_at, b.origin, b.distributed_at, b.purged_at FROM batch_entries e "
        "JOIN credential_batches b ON b.id = e.batch_id WHERE e.account_id = ? ORDER BY b.id", (account.id,)
    ):
        state = ("distribué, effacé" if distributed_at else "effacé") if purged_at else "à distribuer"
        events.append(HistoryEvent(parse_time(created_at), f"Mot de passe du lot n° {batch_id} "
                                   f"({_ORIGIN_WORDS.get(origin, origin)}, {state})"))
    if not events or not events[0].text.startswith(_CATEGORY_WORDS["created"]):
        events.insert(0, HistoryEvent(account.created_at, "Compte enregistré dans l'annuaire"))
    events.sort(key=lambda e: e.when)
    return events


def class_codes(directory) -> list[str]:
    codes = {a.class_code for a in directory.list_accounts() if a.class_code}
    return sorted(codes, key=class_sort_key)
