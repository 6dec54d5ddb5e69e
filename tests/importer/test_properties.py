"""Invariants of any sequence of imports, on random school histories (property-based)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elea_desktop.directory.store import Directory
from elea_desktop.importer.engine import run_import
from elea_desktop.siecle.model import ACTIVE, LEFT, WITHOUT_CLASS, Export, Pupil

NAMES = ["MARTIN", "DURAND", "LE GOFF", "N'DIAYE", "MÜLLER"]
FIRST = ["Léa", "Zoé", "Hugo", "Noé"]

pupil_state = st.tuples(
    st.integers(0, 11),  # eleve_id
    st.sampled_from(NAMES), st.sampled_from(FIRST), st.integers(1, 3),  # names, birth day
    st.sampled_from(["6A", "6B", "5A", None]),  # class (None: without class)
    st.booleans(),  # left during the year
)
history = st.lists(st.lists(pupil_state, max_size=10), min_size=1, max_size=4)


def export_for(year: int, states) -> Export:
    pupils = {}
    for eleve_id, family, first, day, class_code, left in states:
        status = LEFT if left else (ACTIVE if class_code else WITHOUT_CLASS)
        pupils[str(eleve_id)] = Pupil(
            eleve_id=str(eleve_id), family_name=family, first_name=first, status=status,
            birth_date=date(2012, 1, day), class_code=class_code if status == ACTIVE else None,
            exit_date=date(year, 10, 1) if left else None,
        )
    return Export(uai="0750680G", school_year=year, export_date=date(year, 11, 1),
                  exported_at=datetime(year, 11, 1, 10, 0), pupils=tuple(pupils.values()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history, st.sampled_from(["new", "keep"]), st.data())
def test_any_history_keeps_the_directory_consistent(years, mode, data):
    with tempfile.TemporaryDirectory() as folder, Directory.open(Path(folder)) as directory:
        usernames: dict[str, str] = {}  # account uid → username, never to change
        for offset, states in enumerate(years):
            export = export_for(2025 + offset, states)
            protect = data.draw(st.booleans()) and directory.has_accounts()
            if protect:
                directory.protect(directory.list_accounts()[0].username)
            report = run_import(directory, export, mode if directory.has_accounts() else None, confirmed=True)
            accounts = directory.list_accounts()
            assert len({a.username for a in accounts}) == len(accounts)
            for account in accounts:
                assert usernames.setdefault(account.uid, account.username) == account.username
            active_ids = {p.eleve_id for p in export.pupils if p.status == ACTIVE}
            by_eleve = {a.eleve_id: a for a in accounts}
            pupils = {p.eleve_id: p for p in export.pupils}
            for eleve_id in active_ids:  # every pupil present has an account, active unless protected
                if eleve_id not in by_eleve:
                    # Matched by name and birth date to a protected account, whose identifiers never change.
                    pupil = pupils[eleve_id]
                    assert any(a.protected and (a.last_name, a.first_name, a.birth_date)
                               == (pupil.last_name, pupil.first_name, pupil.birth_date) for a in accounts)
                    continue
                assert by_eleve[eleve_id].status == "active" or by_eleve[eleve_id].protected
            for account in accounts:  # every account of a pupil not present is suspended unless protected
                if account.eleve_id not in active_ids and not account.protected:
                    assert account.status == "suspended"
            counts = report.counts
            assert counts["passwords_generated"] == (
                len(directory.load_batch(report.batch_id).credentials) if report.batch_id else 0)
            # Re-importing the same file in keep mode changes nothing and gives no password.
            again = run_import(directory, export, "keep", confirmed=True).counts
            assert again["users_created"] == again["users_updated"] == again["users_reactivated"] == 0
            assert again["users_suspended"] == again["passwords_generated"] == again["classes_created"] == 0
