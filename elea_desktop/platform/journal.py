"""The sync's record in the directory: the mirror of what the platform holds of ours, and one row per
write call, written before the call goes out and completed as soon as its answer is back.

Every function here runs in its own short transaction (``directory.transaction()``): a kill at any moment
leaves at worst one call marked ``sent``, which the next run settles by reading the platform again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from elea_desktop.platform.api import RemoteCohort, RemoteUser
from elea_desktop.platform.planner import Plan
from elea_desktop.platform.state import LocalAccount, PlatformState

_INSERT_ACCOUNT = (
    "{verb} INTO platform_accounts (account_id, moodle_id, firstname, lastname, email, idnumber, suspended, "
    "password_batch, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _account_row(account_id: int, user: RemoteUser, batch: int | None, now: str) -> tuple:
    """The mirror's row for ``user`` as the platform holds it."""
    return (account_id, user.id, user.firstname, user.lastname, user.email, user.idnumber,
            int(user.suspended), batch, now)


class Journal:
    def __init__(self, directory) -> None:
        self._directory = directory

    def _now(self) -> str:
        return self._directory.now().isoformat()

    # ------------------------------------------------------------------------------------------------ runs

    def start_run(self) -> int:
        with self._directory.transaction() as conn:
            return conn.execute("INSERT INTO platform_runs (started_at) VALUES (?)", (self._now(),)).lastrowid

    def finish_run(self, run_id: int, outcome: str, report: dict) -> None:
        with self._directory.transaction() as conn:
            conn.execute(
                "UPDATE platform_runs SET finished_at = ?, outcome = ?, report = ? WHERE id = ?",
                (self._now(), outcome, json.dumps(report, ensure_ascii=False), run_id),
            )

    def last_run(self) -> dict | None:
        row = self._directory.connection.execute(
            "SELECT started_at, finished_at, outcome, report FROM platform_runs WHERE outcome IS NOT NULL "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return {
            "started_at": row[0],
            "finished_at": row[1],
            "outcome": row[2],
            "report": json.loads(row[3] or "{}"),
        }

    # ----------------------------------------------------------------------------------------------- calls

    def begin_call(
        self,
        run_id: int,
        function: str,
        items: int,
        fields: int,
        pending: Iterable[tuple[int, int | None]] = (),
    ) -> int:
        with self._directory.transaction() as conn:
            call_id = conn.execute(
                "INSERT INTO platform_calls (run_id, function, items, fields, started_at, outcome) "
                "VALUES (?, ?, ?, ?, ?, 'sent')",
                (run_id, function, items, fields, self._now()),
            ).lastrowid
            conn.executemany(
                "INSERT INTO platform_pending (call_id, account_id, password_batch) VALUES (?, ?, ?)",
                [(call_id, account_id, batch) for account_id, batch in pending],
            )
        return call_id

    def refuse_call(self, call_id: int, detail: str) -> None:
        with self._directory.transaction() as conn:
            conn.execute(
                "UPDATE platform_calls SET outcome = 'refused', finished_at = ?, detail = ? WHERE id = ?",
                (self._now(), detail[:2000], call_id),
            )
            conn.execute("DELETE FROM platform_pending WHERE call_id = ?", (call_id,))

    def _done(self, conn, call_id: int, detail: str | None = None) -> None:
        conn.execute(
            "UPDATE platform_calls SET outcome = 'done', finished_at = ?, detail = ? WHERE id = ?",
            (self._now(), detail, call_id),
        )
        conn.execute("DELETE FROM platform_pending WHERE call_id = ?", (call_id,))

    # ---------------------------------------------------------------------------------------------- mirror

    def refresh_mirror(self, plan: Plan, accounts: list[LocalAccount], state: PlatformState) -> None:
        """Replace the mirror by the platform's state just read; settle the calls left ``sent``."""
        by_id = {a.id: a for a in accounts}
        now = self._now()
        with self._directory.transaction() as conn:
            conn.execute("DELETE FROM platform_accounts")
            conn.executemany(
                _INSERT_ACCOUNT.format(verb="INSERT"),
                [
                    _account_row(account_id, user, plan.sent.get(account_id), now)
                    for account_id, user in plan.matched.items()
                    if account_id in by_id
                ],
            )
            conn.execute("DELETE FROM platform_cohorts")
            conn.executemany(
                "INSERT INTO platform_cohorts (idnumber, moodle_id, name) VALUES (?, ?, ?)",
                [(c.idnumber, c.id, c.name) for c in state.cohorts.values()],
            )
            conn.execute("DELETE FROM platform_memberships")
            account_of = {user.id: account_id for account_id, user in plan.matched.items()}
            conn.executemany(
                "INSERT INTO platform_memberships (cohort_idnumber, account_id) VALUES (?, ?)",
                [
                    (cohort.idnumber, account_of[user_id])
                    for cohort in state.cohorts.values()
                    for user_id in state.members.get(cohort.id, ())
                    if user_id in account_of
                ],
            )
            for (call_id,) in conn.execute("SELECT id FROM platform_calls WHERE outcome = 'sent'").fetchall():
                self._done(
                    conn, call_id, "issue inconnue : état relu sur la plateforme au début de l'envoi suivant"
                )

    def cohorts_created(self, call_id: int, cohorts: list[RemoteCohort]) -> None:
        with self._directory.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO platform_cohorts (idnumber, moodle_id, name) VALUES (?, ?, ?)",
                [(c.idnumber, c.id, c.name) for c in cohorts],
            )
            self._done(conn, call_id)

    def users_created(self, call_id: int, created: list[tuple[LocalAccount, int, int | None]]) -> None:
        """``(account, moodle id, password batch)`` for each user of a successful creation call."""
        now = self._now()
        with self._directory.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO platform_accounts (account_id, moodle_id, firstname, lastname, "
                "email, idnumber, suspended, password_batch, synced_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                [
                    (a.id, moodle_id, a.firstname, a.lastname, a.email, a.uid, batch, now)
                    for a, moodle_id, batch in created
                ],
            )
            self._done(conn, call_id)

    def users_updated(
        self,
        call_id: int,
        updated: list[tuple[LocalAccount, RemoteUser, dict, int | None]],
        detail: str | None = None,
    ) -> None:
        """``(account, user, fields sent, password batch sent)`` for each user the platform updated."""
        now = self._now()
        with self._directory.transaction() as conn:
            for account, user, fields, batch in updated:
                conn.execute(_INSERT_ACCOUNT.format(verb="INSERT OR IGNORE"),
                             _account_row(account.id, user, None, now))
                columns = {
                    k: v
                    for k, v in fields.items()
                    if k in ("firstname", "lastname", "email", "idnumber", "suspended")
                }
                if batch is not None:
                    columns["password_batch"] = batch
                columns["synced_at"] = now
                assignments = ", ".join(f"{name} = ?" for name in columns)
                conn.execute(
                    f"UPDATE platform_accounts SET {assignments} WHERE account_id = ?",  # noqa: S608
                    (*columns.values(), account.id),
                )
            self._done(conn, call_id, detail)

    def members_added(self, call_id: int, pairs: list[tuple[str, int]], detail: str | None = None) -> None:
        """``(cohort idnumber, account id)``."""
        with self._directory.transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO platform_memberships (cohort_idnumber, account_id) VALUES (?, ?)",
                pairs,
            )
            self._done(conn, call_id, detail)

    def members_removed(self, call_id: int, pairs: list[tuple[str, int]]) -> None:
        with self._directory.transaction() as conn:
            conn.executemany(
                "DELETE FROM platform_memberships WHERE cohort_idnumber = ? AND account_id = ?", pairs
            )
            self._done(conn, call_id)

    def forget_platform(self) -> None:
        """Another platform (or none): what the mirror says about the old one no longer holds."""
        with self._directory.transaction() as conn:
            for table in (
                "platform_pending",
                "platform_memberships",
                "platform_cohorts",
                "platform_accounts",
            ):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608
