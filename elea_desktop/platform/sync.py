"""Sending the directory to the platform: read its state, plan, then write stage by stage.

Order (the reference's checklist): cohorts, then users (creations, updates, reactivations), then
suspensions, then cohort memberships (removals from stale cohorts, additions). Batches are sized by POST
fields. Before each write call the journal records what goes out; as soon as the answer is back it records
what was done. A run stopped anywhere (kill, network cut, refusal, cancel) is completed by the next one,
which reads the platform again: users are found by ``idnumber``, so nothing is ever created twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from elea_desktop.importer.testhooks import checkpoint
from elea_desktop.platform import connection as platform_connection
from elea_desktop.platform.api import (
    MEMBER_ADD_FIELDS,
    MEMBER_DELETE_FIELDS,
    PlatformApi,
    batches,
    count_fields,
)
from elea_desktop.platform.client import BASE_FIELDS
from elea_desktop.platform.errors import EXIT_PARTIAL, CallRefused, PlatformError
from elea_desktop.platform.journal import Journal
from elea_desktop.platform.passwords import PasswordSource, policy_refusal
from elea_desktop.platform.planner import (
    STAGE_ACCOUNTS,
    STAGE_COHORTS,
    STAGE_MEMBERSHIPS,
    STAGE_SUSPENSIONS,
    Conflict,
    Plan,
    Update,
    make_plan,
)
from elea_desktop.platform.report import SyncCancelled, SyncProgress, SyncReport, preview
from elea_desktop.platform.state import (
    LocalAccount,
    fill_hidden_emails,
    read_accounts,
    read_platform,
    read_sent_batches,
)

AUTH = "manual"


def read_plan(directory, api: PlatformApi) -> tuple[list[LocalAccount], Plan, object]:
    settings = directory.establishment()
    if settings is None:
        raise PlatformError(
            "Il n'y a encore aucun compte à envoyer : importez d'abord l'export SIECLE.", code="no_accounts"
        )
    accounts = read_accounts(directory.connection, settings, directory.now())
    state = read_platform(api, accounts, settings.declared_uais, read_sent_batches(directory.connection))
    fill_hidden_emails(state, accounts, directory.connection)
    return accounts, make_plan(accounts, state), state


def check_functions(directory, api: PlatformApi) -> None:
    info = api.site_info()
    platform_connection.record_check(directory, info)
    if info.missing_functions:
        from elea_desktop.platform.errors import TokenRefused

        raise TokenRefused(
            "Le service web ne permet plus ces fonctions : "
            + ", ".join(info.missing_functions)
            + ". L'administrateur de la plateforme doit les ajouter au service (voir le README).",
            code="missing_functions",
        )


def run_sync(
    directory,
    *,
    dry_run: bool = False,
    progress: Callable[[SyncProgress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    client_factory=None,
) -> SyncReport:
    """The whole sync (or its dry run); never raises a ``PlatformError``: it is in ``report.error``."""
    kwargs = {"client_factory": client_factory} if client_factory is not None else {}
    report = SyncReport(dry_run=dry_run)
    api = None
    try:
        _connection, api = platform_connection.open_api(directory, **kwargs)
        check_functions(directory, api)
        accounts, plan, state = read_plan(directory, api)
        if dry_run:
            result = preview(plan)
            result.calls = api.client.stats.calls
            return result
        Journal(directory).refresh_mirror(plan, accounts, state)
        _Runner(directory, api, plan, report, progress, cancel).run()
    except PlatformError as error:
        report.error = error
    finally:
        if api is not None:
            report.calls = api.client.stats.calls
    return report


class _Runner:
    def __init__(self, directory, api: PlatformApi, plan: Plan, report: SyncReport, progress, cancel) -> None:
        self.directory = directory
        self.api = api
        self.plan = plan
        self.report = report
        self.progress = progress
        self.cancel = cancel
        self.journal = Journal(directory)
        self.passwords = PasswordSource(directory)
        self.user_ids = {account_id: user.id for account_id, user in plan.matched.items()}
        self.cohort_ids: dict[str, int] = {}
        self.writes = 0
        self.lang = directory.settings().moodle_lang

    def run(self) -> None:
        run_id = self.journal.start_run()
        self.run_id = run_id
        outcome = "done"
        try:
            self.report.conflicts = list(self.plan.conflicts)
            self.report.batch_id = self.passwords.ensure_for(self.plan.creates)
            self._cohorts()
            self._creations()
            self._updates(STAGE_ACCOUNTS, [u for u in self.plan.updates if u.kind != "suspend"])
            self._updates(STAGE_SUSPENSIONS, self.plan.of_kind("suspend"))
            self._memberships()
        except PlatformError as error:
            outcome = "cancelled" if isinstance(error, SyncCancelled) else "stopped"
            raise
        finally:
            self.report.warnings.extend(self.directory.take_warnings())
            self.journal.finish_run(run_id, outcome, self.report.as_json())

    # ------------------------------------------------------------------------------------------- plumbing

    def _tick(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(SyncProgress(stage, done, total, self.report.as_json()))

    def _before_write(self) -> None:
        if self.cancel is not None and self.cancel():
            raise SyncCancelled(
                "Envoi interrompu à votre demande après le dernier appel terminé. Ce qui a été envoyé est "
                "enregistré : le prochain envoi reprendra là où celui-ci s'est arrêté."
            )

    def _after_write(self) -> None:
        self.writes += 1
        checkpoint("platform_call", self.writes)  # tests: kill the process just after the platform acted

    def _call(self, function: str, items: list, pending=(), *, per_item: int | None = None) -> int:
        self._before_write()
        fields = BASE_FIELDS + (
            per_item * len(items) if per_item is not None else sum(count_fields(i) for i in items)
        )
        return self.journal.begin_call(self.run_id, function, len(items), fields, pending)

    # --------------------------------------------------------------------------------------------- stages

    def _cohorts(self) -> None:
        items = [PlatformApi.cohort_item(idnumber, name) for idnumber, name in self.plan.cohorts_to_create]
        done = 0
        self._tick(STAGE_COHORTS, 0, len(items))
        for batch in batches(items, count_fields, self.api.budget):
            call_id = self._call("core_cohort_create_cohorts", batch)
            created = self._send(call_id, lambda b=batch: self.api.create_cohorts(b))
            self._after_write()
            self.journal.cohorts_created(call_id, created)
            self.report.cohorts_created += len(created)
            done += len(batch)
            self._tick(STAGE_COHORTS, done, len(items))

    def _send(self, call_id: int, send):
        try:
            return send()
        except CallRefused as error:
            self.journal.refuse_call(call_id, error.details or error.message)
            raise

    def _user_item(self, account: LocalAccount, password: str) -> dict:
        item = {
            "username": account.username,
            "password": password,
            "firstname": account.firstname,
            "lastname": account.lastname,
            "email": account.email,
            "idnumber": account.uid,
            "auth": AUTH,
        }
        if self.lang:
            item["lang"] = self.lang
        item["preferences"] = [{"type": "auth_forcepasswordchange", "value": 1}]
        return item

    def _creations(self) -> None:
        creates = self.plan.creates
        self._tick(STAGE_ACCOUNTS, 0, len(creates) + len(self.plan.updates))
        prepared = [(a, self.passwords.batch_of(a)) for a in creates]
        secrets = self.passwords.read([(a, batch) for a, batch in prepared])
        entries = [(a, batch, self._user_item(a, secrets[a.id])) for a, batch in prepared]
        self.done_accounts = 0
        for chunk in batches(entries, lambda e: count_fields(e[2]), self.api.budget):
            self._create_chunk(chunk)

    def _create_chunk(self, chunk) -> None:
        call_id = self._call(
            "core_user_create_users", [e[2] for e in chunk], pending=[(a.id, batch) for a, batch, _ in chunk]
        )
        try:
            answer = self.api.create_users([e[2] for e in chunk])
        except CallRefused as error:
            self.journal.refuse_call(call_id, error.details or error.message)
            refusal = policy_refusal(error, [(e[0].username, e[2]["password"]) for e in chunk])
            if refusal is not None:
                raise refusal from None
            if len(chunk) == 1:  # one user the platform refuses: a conflict, the others go on
                account = chunk[0][0]
                self.report.conflicts.append(
                    Conflict(
                        account.username,
                        f"{account.firstname} {account.lastname}",
                        f"refusé par la plateforme : {error.message}",
                    )
                )
                return
            middle = len(chunk) // 2  # one call is one transaction: find the culprit, send the rest
            self._create_chunk(chunk[:middle])
            self._create_chunk(chunk[middle:])
            return
        self._after_write()
        ids = {str(u.get("username")): int(u["id"]) for u in answer}
        created = [(a, ids[a.username], batch) for a, batch, _ in chunk if a.username in ids]
        self.journal.users_created(call_id, created)
        for account, moodle_id, _batch in created:
            self.user_ids[account.id] = moodle_id
        self.report.users_created += len(created)
        self.report.passwords_sent += len(created)
        self.done_accounts += len(chunk)
        if len(created) < len(chunk):
            raise PlatformError(
                f"La plateforme n'a créé que {len(created)} des {len(chunk)} comptes d'un même envoi : elle "
                f"accepte moins de champs par appel que le réglage « champs par appel » ({self.api.budget}), "
                "et PHP a ignoré le reste (réglage max_input_vars de la plateforme). Baissez ce réglage dans "
                "Réglages > Plateforme Éléa (1000 par défaut), puis relancez l'envoi : il reprendra sans "
                "doublon.",
                code="truncated",
                exit_code=EXIT_PARTIAL,
            )
        self._tick(STAGE_ACCOUNTS, self.done_accounts, len(self.plan.creates) + len(self.plan.updates))

    def _updates(self, stage: str, updates: list[Update]) -> None:
        if stage == STAGE_SUSPENSIONS:
            self.done_accounts = 0
            self._tick(stage, 0, len(updates))
        with_password = [u for u in updates if u.password_batch is not None]
        secrets = self.passwords.read([(u.account, u.password_batch) for u in with_password])
        entries = []
        for update in updates:
            item = {"id": update.user.id, **update.fields}
            if update.password_batch is not None:
                item["password"] = secrets[update.account.id]
                item["preferences"] = [{"type": "auth_forcepasswordchange", "value": 1}]
            entries.append((update, item))
        total = (
            len(updates) if stage == STAGE_SUSPENSIONS else len(self.plan.creates) + len(self.plan.updates)
        )
        for chunk in batches(entries, lambda e: count_fields(e[1]), self.api.budget):
            call_id = self._call("core_user_update_users", [e[1] for e in chunk])
            try:
                warnings = self.api.update_users([e[1] for e in chunk])
            except CallRefused as error:
                self.journal.refuse_call(call_id, error.details or error.message)
                refusal = policy_refusal(
                    error, [(e[0].account.username, e[1]["password"]) for e in chunk if "password" in e[1]]
                )
                raise refusal or error from None
            self._after_write()
            skipped = {int(w.get("itemid", 0)) for w in warnings if w.get("itemid") is not None}
            self.report.warnings.extend(_warning_text(w) for w in warnings)
            done = [
                (u.account, u.user, u.fields, u.password_batch) for u, _ in chunk if u.user.id not in skipped
            ]
            self.journal.users_updated(call_id, done)
            for update, _ in chunk:
                if update.user.id in skipped:
                    continue
                attribute = {
                    "update": "users_updated",
                    "suspend": "users_suspended",
                    "reactivate": "users_reactivated",
                }[update.kind]
                setattr(self.report, attribute, getattr(self.report, attribute) + 1)
                if update.password_batch is not None:
                    self.report.passwords_sent += 1
            self.done_accounts += len(chunk)
            self._tick(stage, self.done_accounts, total)

    def _memberships(self) -> None:
        removes = self.plan.memberships_to_remove
        adds = []
        for idnumber, account in self.plan.memberships_to_add:
            cohort_id = self.cohort_ids.get(idnumber) or self._cohort_id(idnumber)
            user_id = self.user_ids.get(account.id)
            if cohort_id is not None and user_id is not None:
                adds.append((cohort_id, user_id, idnumber, account.id))
        total, done = len(removes) + len(adds), 0
        self._tick(STAGE_MEMBERSHIPS, 0, total)
        for chunk in batches(removes, lambda _r: MEMBER_DELETE_FIELDS, self.api.budget):
            call_id = self._call("core_cohort_delete_cohort_members", chunk, per_item=MEMBER_DELETE_FIELDS)
            self._send(call_id, lambda b=chunk: self.api.delete_members([(c, u) for c, u, _, _ in b]))
            self._after_write()
            self.journal.members_removed(call_id, [(idn, acc) for _, _, idn, acc in chunk])
            self.report.memberships_removed += len(chunk)
            done += len(chunk)
            self._tick(STAGE_MEMBERSHIPS, done, total)
        for chunk in batches(adds, lambda _a: MEMBER_ADD_FIELDS, self.api.budget):
            call_id = self._call("core_cohort_add_cohort_members", chunk, per_item=MEMBER_ADD_FIELDS)
            warnings = self._send(call_id, lambda b=chunk: self.api.add_members([(c, u) for c, u, _, _ in b]))
            self._after_write()
            refused = [w for w in warnings if str(w.get("warningcode")) not in ("3",)]
            self.report.warnings.extend(_warning_text(w) for w in refused)
            self.journal.members_added(call_id, _added(chunk, refused))
            self.report.memberships_added += len(chunk) - len(refused)
            done += len(chunk)
            self._tick(STAGE_MEMBERSHIPS, done, total)

    def _cohort_id(self, idnumber: str) -> int | None:
        row = self.directory.connection.execute(
            "SELECT moodle_id FROM platform_cohorts WHERE idnumber = ?", (idnumber,)
        ).fetchone()
        if row is not None:
            self.cohort_ids[idnumber] = row[0]
        return self.cohort_ids.get(idnumber)


# core_cohort_add_cohort_members' warnings name no item, only e.g. "user id=12 not exists" (4.5.6).
_NOT_FOUND = re.compile(r"\b(cohort|user) id=(\d+) not exists")


def _added(chunk: list[tuple[int, int, str, int]], refused: list[dict]) -> list[tuple[str, int]]:
    """The ``(cohort idnumber, account id)`` of ``chunk`` that the platform did add (warning 3, already a
    member, counts as added). A warning that cannot be traced to its pair makes the whole call's additions
    unknown: none is mirrored, so the offline status still shows them and the next sync reads them."""
    cohorts, users = set(), set()
    for warning in refused:
        found = _NOT_FOUND.search(str(warning.get("message", "")))
        if found is None:
            return []
        (cohorts if found.group(1) == "cohort" else users).add(int(found.group(2)))
    return [(idn, acc) for cohort, user, idn, acc in chunk if cohort not in cohorts and user not in users]


def _warning_text(warning: dict) -> str:
    return f"Plateforme : {warning.get('message') or warning.get('warningcode')}"
