"""The sync against the real Moodle 4.5.6 of ../shared/moodle (the site of tests/integration): calls, fields
per call, the platform's own time and the client's, for a first sync and a re-sync.

Not in ``make bench`` (it stands a whole Moodle up: about a minute on 2 cores, then ~10 ms a created user).
Run ``.venv/bin/python bench/real_moodle_sync.py [N]`` (default 1,000 accounts); ``ELEA_TEST_MOODLE_DIR``
reuses a site kept by the tests. Target (issue 13): the client adds < 10 % to the platform's own time, here
measured rather than estimated (bench_sync.py estimates it against the fake).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from elea_desktop.directory.store import Directory  # noqa: E402
from elea_desktop.importer.engine import run_import  # noqa: E402
from elea_desktop.platform import connection  # noqa: E402
from elea_desktop.platform.client import MoodleClient  # noqa: E402
from elea_desktop.platform.sync import run_sync  # noqa: E402
from tests.importer.helpers import export_of, year_kwargs  # noqa: E402
from tests.integration.moodle_site import MoodleSite, SiteUnavailable  # noqa: E402
from tests.siecle_factory import generate_pupils  # noqa: E402


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 1000
    started = time.perf_counter()
    try:
        site = MoodleSite.open(os.environ.get("ELEA_TEST_MOODLE_DIR"))
    except SiteUnavailable as missing:
        print(f"Moodle réel indisponible : {missing}")
        return 1
    clients: list[MoodleClient] = []

    def factory(url, token):
        clients.append(MoodleClient(url, token))
        return clients[-1]

    try:
        setup = time.perf_counter() - started
        site.reset()
        rows = []
        with tempfile.TemporaryDirectory() as folder, Directory.open(Path(folder)) as directory:
            export = export_of(generate_pupils(count), **year_kwargs(2025))
            run_import(directory, export, None, confirmed=True)
            connection.connect(directory, site.url, site.token)
            for label in ("first sync", "re-sync (nothing new)"):
                began = time.perf_counter()
                report = run_sync(directory, client_factory=factory)
                wall = time.perf_counter() - began
                assert report.error is None, report.error
                rows.append((label, report, clients[-1], wall))
    finally:
        site.close()
    print(f"real Moodle 4.5.6 (PHP built-in server, PostgreSQL, loopback), {count} accounts, budget 1000; "
          f"site set up in {setup:.0f} s")
    print(f"{'run':24} {'calls':>6} {'writes':>6} {'max fields':>10} {'wall s':>7} {'platform s':>10} "
          f"{'client s':>9} {'client %':>8}")
    for label, _report, client, wall in rows:
        writes = sum(n for f, n in client.stats.by_function.items() if not f.startswith(("core_webservice",
                     "core_user_get", "core_cohort_search", "core_cohort_get")))  # fmt: skip
        waiting = client.stats.seconds_waiting
        outside = wall - waiting
        print(f"{label:24} {client.stats.calls:6} {writes:6} {max(client.stats.fields):10} {wall:7.2f} "
              f"{waiting:10.2f} {outside:9.2f} {outside / waiting:8.1%}")
    first = rows[0]
    share = (first[3] - first[2].stats.seconds_waiting) / first[2].stats.seconds_waiting
    print(f"client time / platform time (first sync): {share:.1%} → {'OK' if share < 0.10 else 'MISSED'}")
    return 0 if share < 0.10 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
