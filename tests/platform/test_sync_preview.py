"""The dry run says how many accounts to create will get a new password (their batch was purged)."""

from __future__ import annotations

from elea_desktop.platform.sync import run_sync


def test_the_dry_run_counts_the_passwords_to_regenerate_and_writes_nothing(connected, fake):
    assert run_sync(connected, dry_run=True).passwords_regenerated == 0  # the import's batch is held
    for info in connected.list_batches():
        connected.purge_batch(info.id)
    batches = len(connected.list_batches())
    report = run_sync(connected, dry_run=True)
    assert report.passwords_regenerated == 60 and report.users_created == 60
    assert fake.write_calls() == [] and len(connected.list_batches()) == batches  # no batch made yet
    assert "passwords_regenerated" not in report.as_json()  # the CLI's keys stay the issue's
    done = run_sync(connected)
    assert done.batch_id is not None and done.users_created == 60
