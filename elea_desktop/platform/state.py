"""Both sides of a sync as plain data: the directory's accounts and what the platform holds of ours.

The platform's side is read either live (``read_platform``: only reads, for the dry run and the sync) or
from the mirror kept in the database (``read_mirror``: what was last seen or sent, for an offline status).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime

from elea_desktop.platform.api import PlatformApi, RemoteCohort, RemoteUser


def clean(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


@dataclass(frozen=True)
class LocalAccount:
    """One account of the directory as the platform should hold it."""

    id: int
    uid: str  # Moodle idnumber
    username: str
    firstname: str
    lastname: str
    email: str
    active: bool
    protected: bool
    cohort: str | None  # idnumber of the class cohort
    cohort_name: str | None
    held_batch: int | None  # the newest batch that still holds this account's password
    newest_batch: int | None  # the newest batch that ever gave this account a password


@dataclass
class PlatformState:
    """Ours on the platform: users by idnumber (and by username for the ones not found), our cohorts."""

    by_idnumber: dict[str, RemoteUser] = field(default_factory=dict)
    by_username: dict[str, RemoteUser] = field(default_factory=dict)
    cohorts: dict[str, RemoteCohort] = field(default_factory=dict)
    members: dict[int, set[int]] = field(default_factory=dict)  # cohort id -> user ids
    sent_batches: dict[int, int | None] = field(default_factory=dict)  # account id -> password batch sent
    known: set[int] = field(default_factory=set)  # account ids the mirror already holds


def cohort_prefixes(uais) -> tuple[str, ...]:
    """Our cohorts' idnumbers start with one of these (one UAI, or several for a cité scolaire)."""
    return tuple(sorted(f"{uai.strip().upper()}-" for uai in uais))


def cohort_name(class_code: str, school_year: int) -> str:
    """A readable name: « 4A (2025-2026) », « Personnels (2025-2026) »."""
    from elea_desktop.importer.staff_plan import STAFF_COHORT_CODE

    label = "Personnels" if class_code == STAFF_COHORT_CODE else class_code
    return f"{label} ({school_year}-{school_year + 1})"


def read_accounts(conn: sqlite3.Connection, settings, now: datetime) -> list[LocalAccount]:
    from elea_desktop.directory.batches import _email, expired_ids

    expired = set(expired_ids(conn, now))
    held: dict[int, int] = {}
    for account_id, batch_id in conn.execute(
        "SELECT e.account_id, e.batch_id FROM batch_entries e JOIN credential_batches b ON b.id = e.batch_id "
        "WHERE e.secret IS NOT NULL AND b.purged_at IS NULL"
    ):
        if batch_id not in expired and batch_id > held.get(account_id, 0):
            held[account_id] = batch_id
    rows = conn.execute(
        "SELECT a.id, a.uid, a.username, a.first_name, COALESCE(a.usage_name, a.family_name), a.status, "
        "a.protected, c.idnumber, c.class_code, c.school_year, "
        "(SELECT MAX(e.batch_id) FROM batch_entries e WHERE e.account_id = a.id) "
        "FROM accounts a LEFT JOIN cohorts c ON c.id = a.cohort_id ORDER BY a.id"
    ).fetchall()
    return [
        LocalAccount(
            id=row[0],
            uid=row[1],
            username=row[2],
            firstname=clean(row[3]),
            lastname=clean(row[4]),
            email=_email(settings, row[2]),
            active=row[5] == "active",
            protected=bool(row[6]),
            cohort=row[7],
            cohort_name=cohort_name(row[8], row[9]) if row[7] else None,
            held_batch=held.get(row[0]),
            newest_batch=row[10],
        )
        for row in rows
    ]


def read_sent_batches(conn: sqlite3.Connection) -> dict[int, int | None]:
    sent = dict(conn.execute("SELECT account_id, password_batch FROM platform_accounts"))
    # A creation whose answer was lost carried a password: if the platform has the user, it has that one.
    for account_id, batch in conn.execute(
        "SELECT p.account_id, MAX(p.password_batch) FROM platform_pending p "
        "JOIN platform_calls c ON c.id = p.call_id WHERE c.outcome = 'sent' AND c.function = "
        "'core_user_create_users' GROUP BY p.account_id"
    ):
        if sent.get(account_id) is None:
            sent[account_id] = batch
    return sent


def read_mirror(conn: sqlite3.Connection) -> PlatformState:
    state = PlatformState(sent_batches=read_sent_batches(conn))
    ids: dict[int, int] = {}
    for account_id, moodle_id, username, first, last, email, idnumber, suspended in conn.execute(
        "SELECT p.account_id, p.moodle_id, a.username, p.firstname, p.lastname, p.email, p.idnumber, "
        "p.suspended FROM platform_accounts p JOIN accounts a ON a.id = p.account_id"
    ):
        user = RemoteUser(moodle_id, username, first, last, email, idnumber, bool(suspended))
        if idnumber:
            state.by_idnumber[idnumber] = user
        else:  # adopted, its idnumber not sent yet
            state.by_username[username] = user
        state.known.add(account_id)
        ids[account_id] = moodle_id
    for idnumber, moodle_id, name in conn.execute("SELECT idnumber, moodle_id, name FROM platform_cohorts"):
        state.cohorts[idnumber] = RemoteCohort(moodle_id, idnumber, name)
        state.members[moodle_id] = set()
    for cohort_idnumber, account_id in conn.execute(
        "SELECT cohort_idnumber, account_id FROM platform_memberships"
    ):
        cohort = state.cohorts.get(cohort_idnumber)
        if cohort is not None and account_id in ids:
            state.members[cohort.id].add(ids[account_id])
    return state


def read_platform(
    api: PlatformApi, accounts: list[LocalAccount], uais, sent_batches: dict[int, int | None]
) -> PlatformState:
    """The platform's current state of everything the sync may touch (read-only calls)."""
    state = PlatformState(sent_batches=sent_batches)
    uids = {a.uid for a in accounts}
    for user in api.users_by_field("idnumber", sorted(uids)):
        if user.idnumber in uids:
            state.by_idnumber[user.idnumber] = user
    missing = sorted({a.username for a in accounts if a.uid not in state.by_idnumber})
    if missing:
        for user in api.users_by_field("username", missing):
            state.by_username[user.username] = user
    for prefix in cohort_prefixes(uais):
        for cohort in api.search_cohorts(prefix):
            if cohort.idnumber.upper().startswith(prefix):
                state.cohorts[cohort.idnumber] = cohort
    if state.cohorts:
        state.members = api.cohort_members(c.id for c in state.cohorts.values())
        for cohort in state.cohorts.values():
            state.members.setdefault(cohort.id, set())
    return state


def fill_hidden_emails(state: PlatformState, accounts: list[LocalAccount], conn: sqlite3.Connection) -> None:
    """Moodle leaves ``email`` out of ``core_user_get_users_by_field`` when the token's account may not see
    other users' identity fields (no ``moodle/site:viewuseridentity``; seen on Moodle 4.5.6). Taken as
    "unchanged" it would otherwise be an update of every user at every sync: compare instead with what was
    last sent, or, for a user the sync never sent (the CSV upload made it), with ours."""
    sent = dict(conn.execute("SELECT idnumber, email FROM platform_accounts"))
    ours = {account.uid: account.email for account in accounts}
    for table in (state.by_idnumber, state.by_username):
        for key, user in table.items():
            if user.email is None:
                known = (sent.get(user.idnumber) or ours.get(user.idnumber)) if user.idnumber else ""
                table[key] = replace(user, email=known or "")
