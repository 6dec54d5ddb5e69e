"""Fixtures of the sync tests: a fake Moodle in a thread, a directory imported from a SIECLE export."""

from __future__ import annotations

import pytest

from elea_desktop.directory.store import Directory
from elea_desktop.importer.engine import run_import
from elea_desktop.platform import connection
from elea_desktop.policies.passwords import PasswordPolicy
from tests.importer.helpers import export_of, year_kwargs
from tests.platform.fake_moodle import FakeMoodle
from tests.siecle_factory import generate_pupils


@pytest.fixture
def fake():
    server = FakeMoodle().start()
    yield server
    server.stop()


def import_pupils(directory: Directory, pupils, year: int = 2025, mode: str | None = None):
    return run_import(directory, export_of(pupils, **year_kwargs(year)), mode, confirmed=True)


@pytest.fixture
def directory(data_dir):
    with Directory.open(data_dir) as opened:
        opened.update_settings(password_policy=PasswordPolicy(length=11, uppercase=True, symbol=True))
        yield opened


@pytest.fixture
def pupils():
    return generate_pupils(60, classes=("6A", "6B", "5A"))


@pytest.fixture
def connected(directory, fake, pupils):
    import_pupils(directory, pupils)
    connection.connect(directory, fake.url, fake.token)
    return directory
