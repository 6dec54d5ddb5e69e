"""Sync of 5,000 accounts against the fake platform (tests/platform/fake_moodle.py): calls, fields per call,
time spent outside the network, and the issue's targets.

Targets (issue 13): a first sync makes at most 5,000 / (1,000 / fields per user) + 20 calls, and the client
adds < 10 % to the platform's own time. The fake answers in microseconds where a real Moodle takes ~75 ms a
call and ~9 ms a created user (../shared/reference/moodle-web-services.md), so the client's time is compared
with both the fake's measured time and that real-platform estimate for the same calls.
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
from elea_desktop.platform.api import count_fields  # noqa: E402
from elea_desktop.platform.client import MoodleClient  # noqa: E402
from elea_desktop.platform.sync import run_sync  # noqa: E402
from tests.importer.helpers import export_of, year_kwargs  # noqa: E402
from tests.platform.fake_moodle import FakeMoodle  # noqa: E402
from tests.siecle_factory import generate_pupils  # noqa: E402

N = 5000
BUDGET = 1000
REAL_CALL_S, REAL_USER_S = 0.075, 0.009


def main() -> int:
    pupils = generate_pupils(N)
    fake = FakeMoodle(max_input_vars=BUDGET).start()
    clients: list[MoodleClient] = []

    def factory(url, token):
        client = MoodleClient(url, token)
        clients.append(client)
        return client

    with tempfile.TemporaryDirectory() as folder, Directory.open(Path(folder)) as directory:
        run_import(directory, export_of(pupils, **year_kwargs(2025)), None, confirmed=True)
        connection.connect(directory, fake.url, fake.token)
        rows = []
        for label in ("first sync", "re-sync (nothing new)"):
            before_calls, before_server = len(fake.calls), fake.server_seconds
            started = time.perf_counter()
            report = run_sync(directory, client_factory=factory)
            wall = time.perf_counter() - started
            assert report.error is None, report.error
            client = clients[-1]
            fields = [f for _, f in fake.calls[before_calls:]]
            outside = wall - client.stats.seconds_waiting
            server = fake.server_seconds - before_server
            rows.append((label, report, client, fields, wall, outside, server))
    fake.stop()
    user_fields = count_fields({"username": "u", "password": "p", "firstname": "f", "lastname": "l",
                                "email": "e", "idnumber": "i", "auth": "manual",
                                "preferences": [{"type": "auth_forcepasswordchange", "value": 1}]})
    member_fields = 4
    per_user = user_fields + member_fields
    target = N / (BUDGET / per_user) + 20
    print(f"{N} accounts, field budget {BUDGET}; per user: {user_fields} fields to create + {member_fields} "
          f"to join a cohort = {per_user}")
    print(f"{'run':24} {'calls':>6} {'max fields':>10} {'mean':>6} {'wall s':>7} {'client s':>9} "
          f"{'fake s':>7} {'real est. s':>11}")
    for label, report, client, fields, wall, outside, server in rows:
        real = REAL_CALL_S * client.stats.calls + REAL_USER_S * report.users_created
        print(f"{label:24} {client.stats.calls:6} {max(fields):10} {sum(fields) / len(fields):6.0f} "
              f"{wall:7.2f} {outside:9.2f} {server:7.2f} {real:11.1f}")
    first = rows[0]
    first_calls = first[2].stats.calls
    real_first = REAL_CALL_S * first_calls + REAL_USER_S * first[1].users_created
    print(f"\nby function (first sync): {dict(sorted(first[2].stats.by_function.items()))}")
    print(f"target calls ≤ {target:.0f}: {first_calls} → {'OK' if first_calls <= target else 'MISSED'}")
    print(f"no field budget exceeded: {'OK' if max(first[3]) <= BUDGET else 'MISSED'}")
    share = first[5] / real_first
    versus_fake = first[5] / max(first[6], 1e-9)
    print(f"client time outside the network / real platform estimate: {share:.1%} → "
          f"{'OK' if share < 0.10 else 'MISSED'} (vs the fake's own time: {versus_fake:.1f}×)")
    resync_writes = rows[1][1].users_created + rows[1][1].memberships_added
    verdict = "OK" if resync_writes == 0 else "MISSED"
    print(f"re-sync makes no write: {verdict} ({rows[1][2].stats.calls} reads)")
    ok = first_calls <= target and max(first[3]) <= BUDGET and share < 0.10 and resync_writes == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
