"""Cohort memberships: what the platform refused is not mirrored, protected accounts, a cancelled
year change."""

from __future__ import annotations

from elea_desktop.platform.status import pending
from elea_desktop.platform.sync import run_sync
from tests.importer.helpers import moved
from tests.platform.conftest import import_pupils


def _members(directory) -> set[tuple[str, int]]:
    return set(directory.connection.execute("SELECT cohort_idnumber, account_id FROM platform_memberships"))


def test_an_addition_the_platform_answers_not_found_is_not_mirrored_as_a_member(connected, fake):
    gone = {}

    def delete_one_user_before_the_memberships(progress):
        # An administrator deletes a user between its creation and its cohort membership.
        if progress.stage == "appartenances" and not gone:
            user_id = next(u for u in fake.users if fake.users[u]["idnumber"])
            gone[user_id] = fake.users.pop(user_id)

    report = run_sync(connected, progress=delete_one_user_before_the_memberships)
    assert report.error is None, report.error
    assert report.memberships_added == 59
    (user_id, user), = gone.items()
    assert any(f"user id={user_id} not exists" in text for text in report.warnings)
    account_id = next(a.id for a in connected.list_accounts() if a.username == user["username"])
    mirrored = _members(connected)
    assert len(mirrored) == 59 and account_id not in {account for _, account in mirrored}
    # The offline status still says it is to be done.
    assert pending(connected)["memberships_to_add"] == 1


def test_protected_accounts_memberships_follow_the_directory(connected, fake):
    """A protected account is never changed (names, address, password, suspension), but its cohort
    membership is the product's cohort, not the account: it is kept in step, so an interrupted first sync
    still puts it in its class cohort."""
    protected = connected.list_accounts()[0]
    connected.protect(protected.username)
    fake.drop_after_write = 2  # the users are created, the answer is lost: no membership was sent
    first = run_sync(connected)
    assert first.exit_code == 4
    fake.drop_after_write = None
    assert run_sync(connected).error is None
    cohort = f"0750680G-2025-{protected.class_code}"
    assert protected.username in fake.members_of(cohort)
    # Removed by hand from its cohort and put in another of ours: the next sync puts it back.
    user = fake.user_by("username", protected.username)
    other = next(c for c in fake.cohorts.values() if c["idnumber"] != cohort)
    fake.members.discard((fake.cohort_by_idnumber(cohort)["id"], user["id"]))
    fake.members.add((other["id"], user["id"]))
    user["firstname"] = "Changé à la main"
    report = run_sync(connected)
    assert report.error is None and (report.memberships_added, report.memberships_removed) == (1, 1)
    assert fake.members_of(cohort) >= {protected.username}
    assert protected.username not in fake.members_of(other["idnumber"])
    assert user["firstname"] == "Changé à la main" and report.users_updated == 0


def test_a_cancelled_year_change_is_recorded_and_completed_by_the_next_run(connected, fake, pupils):
    # (cancel during a first sync: tests/platform/test_sync_cancel.py)
    assert run_sync(connected).error is None
    import_pupils(connected, [moved(p, class_code="5B") for p in pupils[:30]], year=2026, mode="keep")
    writes = len(fake.write_calls())
    stopped = run_sync(connected, cancel=lambda: len(fake.write_calls()) >= writes + 1)
    assert stopped.error is not None and stopped.error.code == "cancelled"
    assert len(fake.write_calls()) == writes + 1
    assert connected.connection.execute(
        "SELECT outcome FROM platform_runs ORDER BY id DESC LIMIT 1"
    ).fetchone() == ("cancelled",)
    assert run_sync(connected).error is None
    assert fake.members_of("0750680G-2026-5B") == {
        a.username for a in connected.list_accounts() if a.is_active
    }
    assert sum(1 for u in fake.users.values() if u["idnumber"] and u["suspended"]) == 30
    writes = len(fake.write_calls())
    assert run_sync(connected).error is None and len(fake.write_calls()) == writes
