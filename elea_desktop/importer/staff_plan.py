"""What a staff import (STS-web) would do, computed without writing anything.

The staff counterpart of ``plan.build_plan``, with the same ``ImportPlan`` as result, so that the engine,
the report, the CLI and the window handle both kinds alike. Who gets an account: the INDIVIDUs whose
FONCTION is in the establishment's ``staff_functions``. Staff accounts only are matched, updated or
suspended; pupils' usernames are reserved all the same (one namespace for the whole directory).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from elea_desktop.directory import queries
from elea_desktop.directory.models import ACTIVE, ROLE_STAFF, Account, Establishment
from elea_desktop.importer import staff_safety
from elea_desktop.importer.cohorts import cohort_idnumber
from elea_desktop.importer.outcomes import count_actions, creation_key, effective_mode, settle_present
from elea_desktop.importer.plan import AccountAction, CohortPlan, ImportPlan
from elea_desktop.importer.staff_matching import match_staff
from elea_desktop.policies.usernames import UsernameAllocator, base_username
from elea_desktop.sts.model import KIND, StaffExport, StaffMember, function_label

# The staff cohort's key among a year's cohorts: longer than any SIECLE class code (8 characters at most).
STAFF_COHORT_CODE = "#PERSONNELS"


# The staff cohort's id number is a class cohort's with this class part: ``<UAI>-<year>-personnels``.
STAFF_COHORT_CLASS = "personnels"


@dataclass(frozen=True)
class StaffSnapshot:
    settings: Establishment
    accounts: tuple[Account, ...]  # staff accounts only
    usernames: frozenset[str]  # every username ever given, pupils' included
    latest_export: datetime | None  # of the STS-web exports imported
    cohort: tuple[int, str] | None  # this year's staff cohort (id, idnumber)
    cohort_idnumbers: frozenset[str]


def read_staff_snapshot(conn: sqlite3.Connection, export: StaffExport) -> StaffSnapshot:
    settings = queries.read_establishment(conn) or Establishment(uai=None)
    uai = (export.uai or settings.uai or "").upper()
    accounts = queries.all_accounts(conn)
    year = export.school_year
    cohorts = queries.cohorts_of_year(conn, year, uai) if year is not None else {}
    return StaffSnapshot(
        settings=settings,
        accounts=tuple(a for a in accounts if a.role == ROLE_STAFF),
        usernames=frozenset(a.username for a in accounts),
        latest_export=queries.latest_export_time(conn, KIND, uai), cohort=cohorts.get(STAFF_COHORT_CODE),
        cohort_idnumbers=frozenset(queries.cohort_idnumbers(conn)),
    )


def _values(member: StaffMember) -> dict[str, object]:
    return {
        "sts_id": member.sts_id, "family_name": member.family_name, "usage_name": member.usage_name,
        "first_name": member.first_name,
        "birth_date": member.birth_date.isoformat() if member.birth_date else None,
        "staff_function": member.function,
    }


_LABELS = {"sts_id": "identifiant STS", "family_name": "nom", "usage_name": "nom d'usage",
           "first_name": "prénom", "birth_date": "date de naissance"}


def _differences(account: Account, values: dict[str, object], cohort_changed: bool) -> list[str]:
    current = {"sts_id": account.sts_id, "family_name": account.family_name, "usage_name": account.usage_name,
               "first_name": account.first_name,
               "birth_date": account.birth_date.isoformat() if account.birth_date else account.birth_date}
    changes = [label for key, label in _LABELS.items() if current[key] != values[key]]
    if account.function != values["staff_function"]:
        changes.insert(0, f"fonction {function_label(account.function)} → "
                          f"{function_label(values['staff_function'])}")
    elif cohort_changed:
        changes.insert(0, "cohorte de la nouvelle année scolaire")
    return changes


def _unique(export: StaffExport) -> list[StaffMember]:
    seen: set[str] = set()
    unique = []
    for member in export.staff:  # the reader already drops repeated IDs; a hand-made export may not
        if member.sts_id not in seen:
            seen.add(member.sts_id)
            unique.append(member)
    return unique


def _left_selection(member: StaffMember) -> str:
    if member.function is None:
        return "sans fonction dans l'export"
    return f"fonction {function_label(member.function)} non retenue"


def _plain(category: str, account: Account, detail: str, member: StaffMember | None = None) -> AccountAction:
    return AccountAction(category=category, username=account.username, first_name=account.first_name,
                         last_name=account.last_name, class_code=None, account=account, detail=detail,
                         values={"staff_function": member.function if member else account.function})


def _shared_action(account: Account, member: StaffMember, settings: Establishment) -> AccountAction:
    """A staff member of both establishments, seen in the export of the one the account is not in."""
    values = {**_values(member), "sts_id": account.sts_id, "uai": account.uai,
              "cohort_id": account.cohort_id}
    changes = _differences(account, values, cohort_changed=False)
    action = AccountAction(category="updated" if changes else "unchanged", username=account.username,
                           first_name=member.first_name, last_name=member.last_name, class_code=None,
                           account=account, values=values)
    action.detail = "; ".join([f"compte de {settings.label_of(account.uai)}", *changes])
    return action


def build_staff_plan(snapshot: StaffSnapshot, export: StaffExport, mode: str | None) -> ImportPlan:
    settings = snapshot.settings
    has_accounts = bool(snapshot.accounts)
    mode_applied = effective_mode(mode, has_accounts=has_accounts)
    findings = staff_safety.check(export, bound_uai=settings.uai, declared=settings.declared_uais,
                                  has_staff_accounts=has_accounts, mode=mode,
                                  latest_export=snapshot.latest_export)
    year, uai = export.school_year, (export.uai or settings.uai or "").upper()
    wanted = set(settings.staff_functions)
    staff = _unique(export)
    selected_count = sum(1 for m in staff if m.function in wanted)

    cohorts: list[CohortPlan] = []
    cohort_id = None
    if snapshot.cohort is not None:
        cohort_id, idnumber = snapshot.cohort
        cohorts.append(CohortPlan(STAFF_COHORT_CODE, idnumber, cohort_id, selected_count, uai, year))
    elif selected_count and year is not None:
        idnumber = cohort_idnumber(uai, year, STAFF_COHORT_CLASS, set(snapshot.cohort_idnumbers))
        cohorts.append(CohortPlan(STAFF_COHORT_CODE, idnumber, None, selected_count, uai, year))

    matches = match_staff(staff, snapshot.accounts)
    regenerate = mode_applied == "new"
    actions: list[AccountAction] = []
    to_create: list[StaffMember] = []
    matched_ids: set[int] = set()
    for index, member in enumerate(staff):
        account = matches.matched.get(index)
        selected = member.function in wanted
        if account is None:
            if selected:
                to_create.append(member)
            continue
        matched_ids.add(account.id)
        elsewhere = (account.uai or settings.uai or uai).upper() != uai
        if elsewhere and account.status == ACTIVE and not account.protected:
            # Cité scolaire: a teacher of both establishments keeps one account, which stays with the
            # establishment it belongs to (its UAI, STS ID and cohort): this export only refreshes it.
            if selected:
                actions.append(_shared_action(account, member, settings))
            continue
        if account.protected:
            actions.append(_plain("protected", account, "compte protégé : rien n'est modifié", member))
        elif not selected:
            if elsewhere:
                continue  # not retained here, and this export does not speak for the other establishment

            if account.status == ACTIVE:
                actions.append(_plain("suspended", account, _left_selection(member), member))
        else:
            values = _values(member)
            cohort_changed = account.cohort_id is None or account.cohort_id != cohort_id
            changes = _differences(account, values, cohort_changed)
            action = AccountAction(category="", username=account.username, first_name=member.first_name,
                                   last_name=member.last_name, class_code=None, account=account,
                                   values=values)
            if account.status != ACTIVE and elsewhere:
                # Gone from the other establishment, now here: same account, password kept in keep mode.
                action.category, action.new_password = "transferred", regenerate
                where = f"{settings.label_of(account.uai)} → {settings.label_of(uai)}"
                action.detail = "; ".join([f"changement d'établissement : {where}", *changes,
                                           *(["nouveau mot de passe"] if regenerate else [])])
            else:
                settle_present(action, account, changes, regenerate)
            actions.append(action)

    home = settings.uai or uai
    for account in snapshot.accounts:
        # Cité scolaire: an STS-web export speaks for its own establishment's staff only.
        if (account.uai or home or "").upper() != uai:
            continue
        if account.id not in matched_ids and account.status == ACTIVE and not account.protected:
            actions.append(_plain("suspended", account, "absent du fichier"))

    allocator = UsernameAllocator(snapshot.usernames)
    for member in sorted(to_create, key=lambda m: creation_key(m.last_name, m.first_name, m.birth_date,
                                                                m.sts_id)):
        base = base_username(member.first_name, member.last_name, member.birth_date,
                             settings.username_pattern)
        actions.append(AccountAction(category="created", username=allocator.allocate(base),
                                     first_name=member.first_name, last_name=member.last_name,
                                     class_code=None, values=_values(member), new_password=True))

    actions.sort(key=lambda a: (a.last_name.casefold(), a.first_name.casefold(), a.username))
    counts = count_actions(actions, cohorts)
    return ImportPlan(
        uai=export.uai.upper() if export.uai else None, school_year=year, mode=mode_applied,
        is_first_import=not has_accounts, needs_mode=has_accounts, findings=findings, cohorts=cohorts,
        actions=actions, warnings=(*export.warnings, *matches.warnings), counts=counts, export=export,
        kind=KIND,
    )
