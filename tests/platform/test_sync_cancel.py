"""Cancel: the sync stops before its next write call, says so, and the next run completes it once."""

from __future__ import annotations

import pytest

from elea_desktop.platform import connection
from elea_desktop.platform.sync import run_sync
from tests.platform.conftest import import_pupils


def ours(fake):
    return [u["username"] for u in fake.users.values() if u["idnumber"]]


@pytest.mark.parametrize("after_writes", [0, 1, 2])
def test_cancel_stops_after_the_current_call_and_a_rerun_completes_without_duplicates(
    fake, directory, after_writes
):
    from tests.siecle_factory import generate_pupils

    import_pupils(directory, generate_pupils(200, classes=("6A", "6B", "5A")))
    connection.connect(directory, fake.url, fake.token)
    connection.set_budget(directory, 500)  # several creation calls, so a cancel lands between two of them
    asked = []

    def cancel() -> bool:
        asked.append(len(fake.write_calls()))
        return len(fake.write_calls()) >= after_writes

    report = run_sync(directory, cancel=cancel)
    assert report.error is not None and report.error.code == "cancelled" and report.exit_code == 4
    assert "après le dernier appel terminé" in report.error.message
    assert len(fake.write_calls()) == after_writes  # the call under way ended; no new one started
    assert asked[-1] == after_writes
    again = run_sync(directory)
    assert again.error is None, again.error
    users = ours(fake)
    assert len(users) == len(set(users)) == 200
    assert again.users_created + report.users_created == 200
    assert run_sync(directory).users_created == 0


def test_a_cancel_asked_during_the_dry_run_changes_nothing(connected, fake):
    report = run_sync(connected, dry_run=True, cancel=lambda: True)
    assert report.error is None and report.users_created == 60  # a dry run writes nothing: no cancel point
    assert fake.write_calls() == []
