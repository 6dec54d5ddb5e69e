"""The sync against the fake platform: first sync, idempotent re-sync, year change, conflicts, refusals."""

from __future__ import annotations

import pytest

from elea_desktop.platform import connection
from elea_desktop.platform.sync import run_sync
from tests.importer.helpers import moved
from tests.platform.conftest import import_pupils


def ours(fake):
    return {u["username"]: u for u in fake.users.values() if u["idnumber"]}


def test_first_sync_creates_users_cohorts_and_memberships(connected, fake, pupils):
    report = run_sync(connected)
    assert report.error is None, report.error
    assert report.users_created == 60 and report.passwords_sent == 60
    assert report.cohorts_created == 3 and report.memberships_added == 60
    assert report.conflicts == [] and report.batch_id is None
    users = ours(fake)
    accounts = {a.username: a for a in connected.list_accounts()}
    assert set(users) == set(accounts)
    for username, user in users.items():
        assert user["idnumber"] == accounts[username].uid
        assert user["preferences"] == {"auth_forcepasswordchange": "1"}
        assert user["auth"] == "manual"
    cohorts = {c["idnumber"]: c["name"] for c in fake.cohorts.values()}
    assert cohorts == {
        "0750680G-2025-6A": "6A (2025-2026)",
        "0750680G-2025-6B": "6B (2025-2026)",
        "0750680G-2025-5A": "5A (2025-2026)",
    }
    for account in accounts.values():
        assert account.username in fake.members_of(f"0750680G-2025-{account.class_code}")
    # The password the platform holds is the one printed on the sheet.
    batch = connected.load_batch()
    printed = {c.username: c.password for c in batch.credentials}
    assert all(users[name]["password"] == printed[name] for name in users)


def test_a_second_sync_with_nothing_new_makes_no_write_call(connected, fake):
    assert run_sync(connected).error is None
    before = len(fake.calls)
    writes_before = len(fake.write_calls())
    again = run_sync(connected)
    assert again.error is None and again.exit_code == 0
    assert len(fake.write_calls()) == writes_before
    assert (
        again.users_created,
        again.users_updated,
        again.memberships_added,
        again.memberships_removed,
        again.passwords_sent,
    ) == (0, 0, 0, 0, 0)
    assert len(fake.calls) - before == again.calls


def test_dry_run_counts_without_writing(connected, fake):
    report = run_sync(connected, dry_run=True)
    assert report.dry_run and report.users_created == 60 and report.cohorts_created == 3
    assert report.memberships_added == 60
    assert fake.write_calls() == [] and len(ours(fake)) == 0


def test_batches_stay_within_the_field_budget(connected, fake):
    fake.max_input_vars = 1000
    report = run_sync(connected)
    assert report.error is None
    assert max(fields for _, fields in fake.calls) <= 1000


def test_a_budget_above_the_platform_limit_is_detected_and_the_next_run_completes(connected, fake):
    connection.set_budget(connected, 5000)
    fake.max_input_vars = 300  # PHP drops what is past it, silently
    report = run_sync(connected)
    assert report.exit_code == 4 and report.error.code in ("truncated", "refused")
    assert "champs par appel" in report.error.message or "Missing" in (report.error.details or "")
    connection.set_budget(connected, 300)
    again = run_sync(connected)
    assert again.error is None, again.error
    users = [u["username"] for u in fake.users.values() if u["idnumber"]]
    assert len(users) == len(set(users)) == 60
    assert max(fields for _, fields in fake.calls[-again.calls :]) <= 300


def test_year_change_moves_pupils_suspends_leavers_and_empties_old_cohorts(connected, fake, pupils):
    assert run_sync(connected).error is None
    stayers = [moved(p, class_code="5B") for p in pupils[:40]]
    newcomers = [moved(p, eleve_id=str(1000 + i), first_name=f"Nouveau{i}") for i, p in enumerate(pupils[:5])]
    import_pupils(connected, stayers + newcomers, year=2026, mode="keep")
    report = run_sync(connected)
    assert report.error is None, report.error
    assert report.users_suspended == 20 and report.users_created == 5
    assert report.memberships_removed == 60 - 0 - 0 and report.memberships_added == 45
    users = ours(fake)
    leavers = {a.username for a in connected.list_accounts() if not a.is_active}
    assert len(leavers) == 20 and all(users[name]["suspended"] == 1 for name in leavers)
    assert fake.members_of("0750680G-2026-5B") == {
        a.username for a in connected.list_accounts() if a.is_active and a.class_code == "5B"
    }
    for old in ("0750680G-2025-6A", "0750680G-2025-6B", "0750680G-2025-5A"):
        assert fake.members_of(old) == set()
    # And once more: nothing left to do.
    writes = len(fake.write_calls())
    assert run_sync(connected).error is None and len(fake.write_calls()) == writes


def test_users_and_cohorts_the_product_did_not_make_are_never_touched(connected, fake):
    teacher = fake.add_user(username="prof.x", firstname="Prof", lastname="X")
    other = fake.add_cohort("AUTRE-2025", "Club échecs")
    fake.members.add((other, teacher))
    before = dict(fake.users[teacher])
    assert run_sync(connected).error is None
    assert fake.users[teacher] == before and fake.members_of("AUTRE-2025") == {"prof.x"}


def test_an_existing_user_with_our_username_is_adopted_or_a_conflict(connected, fake):
    accounts = connected.list_accounts()
    same, other = accounts[0], accounts[1]
    fake.add_user(username=same.username, firstname=same.first_name.upper(), lastname=same.last_name)
    fake.add_user(username=other.username, firstname="Quelqu'un", lastname="D'autre")
    report = run_sync(connected)
    assert report.error is None and report.exit_code == 3
    assert [c.username for c in report.conflicts] == [other.username]
    assert "Quelqu'un D'autre" in report.conflicts[0].reason
    adopted = fake.user_by("username", same.username)
    assert adopted["idnumber"] == same.uid and adopted["firstname"] == same.first_name
    assert fake.user_by("username", other.username)["firstname"] == "Quelqu'un"  # never overwritten
    assert report.users_created == 58 and report.users_updated == 1


def test_a_password_the_policy_refuses_stops_the_sync_with_advice(data_dir, fake, pupils):
    from elea_desktop.directory.store import Directory
    from elea_desktop.policies.passwords import PasswordPolicy

    with Directory.open(data_dir) as directory:
        directory.update_settings(password_policy=PasswordPolicy(length=10, uppercase=False, symbol=False))
        import_pupils(directory, pupils)
        connection.connect(directory, fake.url, fake.token)
        report = run_sync(directory)
    assert report.exit_code == 3 and report.error.code == "password_policy"
    assert "majuscule" in report.error.message and "Réglages" in report.error.message
    assert ours(fake) == {}
    assert fake.write_calls() == ["core_cohort_create_cohorts", "core_user_create_users"]


def test_expired_token_and_missing_function(connected, fake):
    fake.token_expired = True
    report = run_sync(connected)
    assert report.exit_code == 2 and report.error.code == "token_expired" and "expiré" in report.error.message
    # Moodle deleted it as it refused it: from now on it is unknown, which may also mean expired.
    report = run_sync(connected)
    assert report.exit_code == 2 and report.error.code == "token_invalid" and "expiré" in report.error.message
    fake.token_expired = fake.token_deleted = False  # the administrator made it valid again
    fake.functions.discard("core_cohort_delete_cohort_members")
    report = run_sync(connected)
    assert report.exit_code == 2 and "core_cohort_delete_cohort_members" in report.error.message


def test_unreachable_host(connected, fake):
    fake.stop()
    report = run_sync(connected)
    assert report.exit_code == 2 and report.error.code in ("offline", "timeout")


@pytest.mark.parametrize("drop_at", [1, 2, 3])
def test_a_connection_cut_after_the_platform_acted_is_completed_without_duplicates(connected, fake, drop_at):
    fake.drop_after_write = drop_at
    first = run_sync(connected)
    assert first.exit_code == 4 and first.error.code == "uncertain"
    fake.drop_after_write = None
    second = run_sync(connected)
    assert second.error is None, second.error
    users = [u["username"] for u in fake.users.values() if u["idnumber"]]
    assert len(users) == len(set(users)) == 60
    assert sum(len(fake.members_of(c["idnumber"])) for c in fake.cohorts.values()) == 60
    writes = len(fake.write_calls())
    assert run_sync(connected).error is None and len(fake.write_calls()) == writes


def _year_change(directory, pupils):
    stayers = [moved(p, class_code="5B" if i % 2 else "6A") for i, p in enumerate(pupils[:45])]
    import_pupils(directory, stayers, year=2026, mode="keep")


def _shape(fake):
    users, cohorts, members = fake.snapshot()
    return [(u[:4], bool(u[4]), u[5]) for u in users], cohorts, members


def test_interrupted_at_random_points_ends_equal_to_an_uninterrupted_run(tmp_path, fake, pupils):
    import random

    from elea_desktop.directory.store import Directory
    from elea_desktop.platform.sync import run_sync as sync
    from elea_desktop.policies.passwords import PasswordPolicy
    from tests.platform.fake_moodle import FakeMoodle

    def scenario(folder, server, drops):
        with Directory.open(folder) as directory:
            directory.update_settings(password_policy=PasswordPolicy(uppercase=True, symbol=True))
            import_pupils(directory, pupils)
            connection.connect(directory, server.url, server.token)
            connection.set_budget(directory, 150)
            outcomes = []
            for step in (None, _year_change):
                if step is not None:
                    step(directory, pupils)
                for drop in drops:
                    server.drop_after_write = server.writes + drop
                    outcomes.append(sync(directory).exit_code)
                server.drop_after_write = None
                assert sync(directory).error is None
        return outcomes

    reference = FakeMoodle().start()
    try:
        scenario(tmp_path / "ref", reference, [])
    finally:
        reference.stop()
    rng = random.Random(13)
    drops = [rng.randint(1, 4) for _ in range(3)]
    outcomes = scenario(tmp_path / "cut", fake, drops)
    assert 4 in outcomes
    assert _shape(fake) == _shape(reference)


def test_a_reset_password_is_sent_once_and_a_protected_account_is_left_alone(connected, fake):
    assert run_sync(connected).error is None
    accounts = connected.list_accounts()
    reset, protected = accounts[0], accounts[1]
    batch_id = connected.reset_password(reset.username)
    connected.protect(protected.username)
    fake.user_by("username", protected.username)["firstname"] = "Changé"
    report = run_sync(connected)
    assert report.error is None
    assert (report.users_updated, report.passwords_sent) == (1, 1)
    printed = {c.username: c.password for c in connected.load_batch(batch_id).credentials}
    new_password = printed[reset.username]
    user = fake.user_by("username", reset.username)
    assert user["password"] == new_password and user["preferences"]["auth_forcepasswordchange"] == "1"
    assert fake.user_by("username", protected.username)["firstname"] == "Changé"  # never changed afterwards
    again = run_sync(connected)
    assert (again.users_updated, again.passwords_sent) == (0, 0)


def test_a_purged_password_gets_a_new_batch_for_the_accounts_to_create(connected, fake):
    for info in connected.list_batches():
        connected.purge_batch(info.id)
    report = run_sync(connected)
    assert report.error is None and report.users_created == 60 and report.batch_id is not None
    printed = {c.username: c.password for c in connected.load_batch(report.batch_id).credentials}
    assert len(printed) == 60
    assert all(fake.user_by("username", name)["password"] == pw for name, pw in printed.items())


def test_a_reset_password_refused_by_the_policy_on_update_stops_with_advice(connected, fake):
    from elea_desktop.policies.passwords import PasswordPolicy

    assert run_sync(connected).error is None
    connected.update_settings(password_policy=PasswordPolicy(length=10))
    connected.reset_password(connected.list_accounts()[0].username)
    report = run_sync(connected)
    assert report.exit_code == 3 and report.error.code == "password_policy"
    assert "au moins 1 majuscule" in report.error.message
