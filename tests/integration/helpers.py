"""What the real-Moodle tests share: the CLI run as a user runs it, and the platform seen independently."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from elea_desktop.directory.store import Directory
from elea_desktop.platform.client import MoodleClient
from tests.platform.conftest import import_pupils
from tests.siecle_factory import generate_pupils

ROOT = Path(__file__).resolve().parents[2]
UAI = "0750680G"
READS = {
    "core_webservice_get_site_info",
    "core_user_get_users_by_field",
    "core_cohort_search_cohorts",
    "core_cohort_get_cohort_members",
}


def cli(data_dir: Path, *args: str, stdin: str | None = None, hook: str | None = None):
    """``python main.py ARGS`` in its own process, with the data folder and no usable keyring (like CI)."""
    env = dict(os.environ, ELEA_DESKTOP_DATA_DIR=str(data_dir))
    env.pop("ELEA_DESKTOP_TEST_HOOK", None)
    if hook:
        env["ELEA_DESKTOP_TEST_HOOK"] = hook
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


def sync_json(data_dir: Path, *extra: str) -> tuple[int, dict, str]:
    done = cli(data_dir, "moodle", "sync", "--json", *extra)
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {}, done.stderr


def connect(data_dir: Path, site, token: str | None = None, *extra: str):
    return cli(data_dir, "moodle", "connect", site.url, *extra, stdin=(token or site.token) + "\n")


@pytest.fixture
def file_keyring():
    """The subprocesses have no keyring: the in-process import must keep its key where they find it."""
    keyring.set_keyring(FailKeyring())


@pytest.fixture
def pupils():
    return generate_pupils(60, classes=("6A", "6B", "5A"))


@pytest.fixture
def school(data_dir, file_keyring, pupils):
    """A directory with 60 pupils in three classes, imported with the default password policy."""
    with Directory.open(data_dir) as directory:
        import_pupils(directory, pupils)
        yield directory


def platform_users(site) -> dict[str, dict]:
    """Our users on the platform (idnumber set), by username, read with the administrator's token."""
    rows = site.sql("SELECT username FROM mdl_user WHERE idnumber <> '' AND deleted = 0").split()
    found = site.call("core_user_get_users_by_field", field="username", values=rows) if rows else []
    return {user["username"]: user for user in found}


def platform_cohorts(site) -> dict[str, tuple[str, set[int]]]:
    """Our cohorts (idnumber → (name, member ids)), read with the administrator's token."""
    cohorts = site.call(
        "core_cohort_search_cohorts", query=f"{UAI}-", context={"contextlevel": "system", "instanceid": 0},
        includes="all", limitfrom=0, limitnum=100,
    )["cohorts"]  # fmt: skip
    if not cohorts:
        return {}
    members = site.call("core_cohort_get_cohort_members", cohortids=[c["id"] for c in cohorts])
    by_id = {m["cohortid"]: set(m["userids"]) for m in members}
    return {c["idnumber"]: (c["name"], by_id.get(c["id"], set())) for c in cohorts}


def class_members(users: dict[str, dict], accounts, idnumber: str) -> set[int]:
    """Platform ids of the accounts in the class of cohort ``idnumber`` (``<UAI>-<year>-<class>``)."""
    return {users[a.username]["id"] for a in accounts if idnumber.endswith(f"-{a.class_code}")}


def duplicates(site) -> list[str]:
    return site.sql("SELECT idnumber FROM mdl_user WHERE idnumber <> '' GROUP BY idnumber HAVING COUNT(*) > 1"
                    ).split()  # fmt: skip


class CountingClient(MoodleClient):
    """The real client, remembered: the tests read which functions a sync called."""

    made: list[MoodleClient] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        CountingClient.made.append(self)


def write_calls(client: MoodleClient) -> dict[str, int]:
    return {name: n for name, n in client.stats.by_function.items() if name not in READS}
