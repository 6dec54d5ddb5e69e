"""The sync end to end against the real Moodle 4.5.6, through the command line a user runs."""

from __future__ import annotations

from elea_desktop.directory.store import Directory
from elea_desktop.platform.sync import run_sync
from tests.importer.helpers import moved
from tests.integration.helpers import (
    UAI,
    CountingClient,
    class_members,
    cli,
    connect,
    duplicates,
    platform_cohorts,
    platform_users,
    sync_json,
    write_calls,
)
from tests.platform.conftest import import_pupils


def _printed_passwords(directory: Directory, batch_id: int | None = None) -> dict[str, str]:
    return {c.username: c.password for c in directory.load_batch(batch_id).credentials}


def _resync_writes(data_dir) -> tuple[dict, dict]:
    """A sync in this process with the real client, to see which functions it called."""
    CountingClient.made.clear()
    with Directory.open(data_dir) as directory:
        report = run_sync(directory, client_factory=CountingClient)
    assert report.error is None, report.error
    return report.as_json(), write_calls(CountingClient.made[-1])


def test_first_sync_puts_users_cohorts_and_memberships_on_the_platform(moodle, school, data_dir):
    done = connect(data_dir, moodle)
    assert done.returncode == 0, done.stderr
    assert "Éléa de test" in done.stdout and "4.5.6" in done.stdout and "eleadesktop" in done.stdout

    code, preview, err = sync_json(data_dir, "--dry-run")
    assert code == 0, err
    assert (preview["users_created"], preview["cohorts_created"], preview["memberships_added"]) == (60, 3, 60)
    assert platform_users(moodle) == {}

    code, report, err = sync_json(data_dir)
    assert code == 0, err
    assert (report["users_created"], report["passwords_sent"]) == (60, 60)
    assert (report["cohorts_created"], report["memberships_added"]) == (3, 60)
    assert report["conflicts"] == [] and report["batch_id"] is None

    accounts = {a.username: a for a in school.list_accounts()}
    users = platform_users(moodle)
    assert set(users) == set(accounts)
    for username, user in users.items():
        account = accounts[username]
        assert user["idnumber"] == account.uid and user["auth"] == "manual" and user["suspended"] is False
        assert (user["firstname"], user["lastname"]) == (account.first_name, account.last_name)
    cohorts = platform_cohorts(moodle)
    assert {idnumber: name for idnumber, (name, _) in cohorts.items()} == {
        f"{UAI}-2025-6A": "6A (2025-2026)",
        f"{UAI}-2025-6B": "6B (2025-2026)",
        f"{UAI}-2025-5A": "5A (2025-2026)",
    }
    for idnumber, (_, members) in cohorts.items():
        assert members == class_members(users, accounts.values(), idnumber)
    # The printed password opens the account, and the first login asks for a new one.
    assert set(moodle.logins(_printed_passwords(school)).values()) == {0}
    forced = moodle.sql("SELECT COUNT(*) FROM mdl_user_preferences WHERE name = 'auth_forcepasswordchange' "
                        "AND value = '1'")  # fmt: skip
    assert int(forced) == 60

    status = cli(data_dir, "moodle", "status", "--json")
    assert status.returncode == 0 and '"connected": true' in status.stdout

    again, writes = _resync_writes(data_dir)
    assert writes == {}
    counts = ("users_created", "users_updated", "memberships_added", "passwords_sent")
    assert [again[k] for k in counts] == [0] * 4


def test_year_change_suspends_leavers_and_moves_class_cohorts(moodle, school, data_dir, pupils):
    assert connect(data_dir, moodle).returncode == 0
    assert sync_json(data_dir)[0] == 0
    first_passwords = _printed_passwords(school)
    stayers = [moved(p, class_code="5B") for p in pupils[:40]]
    newcomers = [moved(p, eleve_id=str(1000 + i), first_name=f"Nouveau{i}") for i, p in enumerate(pupils[:5])]
    import_pupils(school, stayers + newcomers, year=2026, mode="keep")

    code, report, err = sync_json(data_dir)
    assert code == 0, err
    assert (report["users_suspended"], report["users_created"]) == (20, 5)
    assert (report["memberships_removed"], report["memberships_added"]) == (60, 45)

    accounts = school.list_accounts()
    users = platform_users(moodle)
    leavers = {a.username for a in accounts if not a.is_active}
    assert len(leavers) == 20
    assert {name for name, user in users.items() if user["suspended"]} == leavers
    # Each active pupil is in the cohort of this year's class and in no other; leavers are in none.
    where: dict[int, set[str]] = {}
    for idnumber, (_, members) in platform_cohorts(moodle).items():
        for member in members:
            where.setdefault(member, set()).add(idnumber)
    assert where == {
        users[a.username]["id"]: {f"{UAI}-2026-{a.class_code}"} for a in accounts if a.is_active
    }
    assert sum(1 for a in accounts if a.is_active and a.class_code == "5B") == 40
    # A suspended pupil cannot log in any more (reason 2 = suspended).
    leaver = next(iter(leavers))
    assert moodle.logins({leaver: first_passwords[leaver]}) == {leaver: 2}

    _, writes = _resync_writes(data_dir)
    assert writes == {}


def test_a_killed_sync_is_completed_by_the_next_run_without_duplicates(moodle, school, data_dir):
    assert connect(data_dir, moodle, None, "--max-fields", "200").returncode == 0
    killed = cli(data_dir, "moodle", "sync", hook="kill:platform_call:3")
    assert killed.returncode == -9, killed.stderr
    created = platform_users(moodle)
    assert 0 < len(created) < 60

    code, report, err = sync_json(data_dir)
    assert code == 0, err
    assert report["users_created"] == 60 - len(created)
    users = platform_users(moodle)
    assert len(users) == 60 and duplicates(moodle) == []
    assert sum(len(members) for _, members in platform_cohorts(moodle).values()) == 60
    assert set(moodle.logins(_printed_passwords(school)).values()) == {0}
    with Directory.open(data_dir) as directory:
        left = directory.connection.execute("SELECT COUNT(*) FROM platform_calls WHERE outcome = 'sent'")
        assert left.fetchone()[0] == 0
    _, writes = _resync_writes(data_dir)
    assert writes == {}
