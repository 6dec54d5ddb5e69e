"""What a sync must do: the difference between the directory and the platform's state, nothing written.

Rules (issue 13):
- a platform user is ours when its ``idnumber`` is one of our accounts' uid; otherwise a user with our
  username is adopted only if its ``idnumber`` is empty and its names match, and is a conflict if not;
- users and cohorts the product did not make are never touched; our cohorts start with ``<UAI>-``;
- protected accounts are created if absent, never changed afterwards (names, address, password,
  suspension); their cohort membership is not the account: it follows the directory like every pupil's
  (the importer leaves a protected account's class alone, so it only moves when the directory does), which
  also puts a protected account created by an interrupted sync into its cohort on the next run;
- passwords go with a creation, and with an update when the directory holds a newer one than the last sent;
- a pupil belongs only to the cohort of their current class; a suspended pupil is in none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from elea_desktop.platform.api import RemoteUser
from elea_desktop.platform.state import LocalAccount, PlatformState, clean
from elea_desktop.text import fold

STAGE_COHORTS = "cohortes"
STAGE_ACCOUNTS = "comptes"
STAGE_SUSPENSIONS = "suspensions"
STAGE_MEMBERSHIPS = "appartenances"
STAGES = (STAGE_COHORTS, STAGE_ACCOUNTS, STAGE_SUSPENSIONS, STAGE_MEMBERSHIPS)


@dataclass(frozen=True)
class Conflict:
    username: str
    name: str
    reason: str

    def as_json(self) -> dict:
        return {"username": self.username, "name": self.name, "reason": self.reason}


@dataclass(frozen=True)
class Update:
    account: LocalAccount
    user: RemoteUser
    kind: str  # "update", "suspend", "reactivate"
    fields: dict  # Moodle fields to change (besides id and password)
    password_batch: int | None  # send this batch's password


@dataclass
class Plan:
    cohorts_to_create: list[tuple[str, str]] = field(default_factory=list)  # (idnumber, name)
    creates: list[LocalAccount] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    memberships_to_add: list[tuple[str, LocalAccount]] = field(default_factory=list)  # (cohort idnumber, …)
    memberships_to_remove: list[tuple[int, int, str, int]] = field(default_factory=list)
    # ^ (cohort id, user id, cohort idnumber, account id)
    conflicts: list[Conflict] = field(default_factory=list)
    matched: dict[int, RemoteUser] = field(default_factory=dict)  # account id -> platform user
    adopted: set[int] = field(default_factory=set)  # account ids matched by username
    sent: dict[int, int | None] = field(default_factory=dict)  # account id -> newest password batch sent

    def of_kind(self, kind: str) -> list[Update]:
        return [u for u in self.updates if u.kind == kind]

    @property
    def is_empty(self) -> bool:
        return not (
            self.cohorts_to_create
            or self.creates
            or self.updates
            or self.memberships_to_add
            or self.memberships_to_remove
        )

    def pending(self) -> dict:
        """The counts shown before a sync (``moodle status``'s ``pending``)."""
        return {
            "users_to_create": len(self.creates),
            "users_to_update": len(self.of_kind("update")),
            "users_to_suspend": len(self.of_kind("suspend")),
            "users_to_reactivate": len(self.of_kind("reactivate")),
            "memberships_to_add": len(self.memberships_to_add),
            "memberships_to_remove": len(self.memberships_to_remove),
        }


def _names_match(account: LocalAccount, user: RemoteUser) -> bool:
    return fold(account.firstname) == fold(user.firstname) and fold(account.lastname) == fold(user.lastname)


def _changed_fields(account: LocalAccount, user: RemoteUser) -> dict:
    changes = {}
    if clean(user.firstname) != account.firstname:
        changes["firstname"] = account.firstname
    if clean(user.lastname) != account.lastname:
        changes["lastname"] = account.lastname
    if clean(user.email).casefold() != account.email.casefold():
        changes["email"] = account.email
    return changes


def _password_to_send(account: LocalAccount, sent: int | None) -> int | None:
    if account.held_batch is not None and (sent is None or account.held_batch > sent):
        return account.held_batch
    return None


def make_plan(accounts: list[LocalAccount], state: PlatformState) -> Plan:
    plan = Plan()
    for account in accounts:
        user = state.by_idnumber.get(account.uid)
        adopted = False
        if user is None:
            other = state.by_username.get(account.username)
            if other is not None:
                if other.idnumber:
                    plan.conflicts.append(
                        Conflict(
                            account.username,
                            f"{account.firstname} {account.lastname}",
                            "un autre compte de la plateforme porte déjà l'identifiant "
                            f"« {account.username} » "
                            f"(numéro d'identification « {other.idnumber} »)",
                        )
                    )
                    continue
                if not _names_match(account, other):
                    plan.conflicts.append(
                        Conflict(
                            account.username,
                            f"{account.firstname} {account.lastname}",
                            f"le compte « {account.username} » de la plateforme appartient à "
                            f"{other.firstname} {other.lastname}",
                        )
                    )
                    continue
                user, adopted = other, True
        if user is None:
            if account.active:
                plan.creates.append(account)
            continue
        plan.matched[account.id] = user
        if adopted:
            plan.adopted.add(account.id)
        if account.id in state.sent_batches:
            sent = state.sent_batches[account.id]
        elif adopted:
            sent = None  # an account made by hand never had our password
        else:
            # Ours by idnumber but never sent by the sync: the CSV upload gave it its passwords so far.
            sent = account.newest_batch
        plan.sent[account.id] = sent
        if account.protected:
            continue
        fields = _changed_fields(account, user)
        if adopted:
            fields["idnumber"] = account.uid
        if not account.active:
            if not user.suspended:
                plan.updates.append(Update(account, user, "suspend", {**fields, "suspended": 1}, None))
            elif fields:
                plan.updates.append(Update(account, user, "update", fields, None))
            continue
        password = _password_to_send(account, sent)
        if user.suspended:
            plan.updates.append(Update(account, user, "reactivate", {**fields, "suspended": 0}, password))
        elif fields or password is not None:
            plan.updates.append(Update(account, user, "update", fields, password))
    _plan_cohorts(plan, accounts, state)
    return plan


def _plan_cohorts(plan: Plan, accounts: list[LocalAccount], state: PlatformState) -> None:
    creating = {a.id for a in plan.creates}
    wanted_new: dict[str, str] = {}
    in_conflict = {c.username for c in plan.conflicts}
    for account in accounts:
        if account.username in in_conflict:
            continue
        matched = plan.matched.get(account.id)
        if matched is None and account.id not in creating:
            continue
        target = account.cohort if account.active else None
        for idnumber, cohort in state.cohorts.items():
            if matched is not None and idnumber != target and matched.id in state.members.get(cohort.id, ()):
                plan.memberships_to_remove.append((cohort.id, matched.id, idnumber, account.id))
        if target is None:
            continue
        cohort = state.cohorts.get(target)
        if cohort is None:
            wanted_new.setdefault(target, account.cohort_name or target)
            plan.memberships_to_add.append((target, account))
        elif matched is None or matched.id not in state.members.get(cohort.id, ()):
            plan.memberships_to_add.append((target, account))
    plan.cohorts_to_create = sorted(wanted_new.items())
