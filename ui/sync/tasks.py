"""Work functions of the platform jobs (run on a worker thread by ``ui.workers.Job``; Qt-free).

Each opens the directory itself: an SQLite connection belongs to the thread that opened it. They call the
same core functions as ``main.py moodle …``, so the window and the command line keep the token the same way
and send the same things.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from elea_desktop.directory.store import DB_NAME, Directory
from elea_desktop.platform import connection as platform_connection
from elea_desktop.platform.client import normalise_url
from elea_desktop.platform.errors import PlatformError


@dataclass(frozen=True)
class ConnectionState:
    """What the Réglages page shows: the kept connection (or None) and where the token lives."""

    connection: platform_connection.Connection | None
    default_url: str  # the address typed in « Général » (printed on the sheets), to start from


@dataclass(frozen=True)
class CheckResult:
    connection: platform_connection.Connection
    site_name: str
    release: str
    site_user: str
    warnings: list[str]
    saved: bool  # a new token was checked and kept (False: the kept one was checked again)


def connection_state(data_dir: Path) -> ConnectionState:
    with Directory.open(data_dir) as directory:
        return ConnectionState(platform_connection.load(directory), directory.settings().platform_url or "")


def test_connection(data_dir: Path, url: str, token: str, budget: int, report=None, cancelled=None):
    """A typed token: checked then kept (``moodle connect``'s function). No token: the kept one is checked."""
    with Directory.open(data_dir) as directory:
        if token.strip():
            conn, info, warnings = platform_connection.connect(directory, url, token, field_budget=budget)
            return CheckResult(conn, info.sitename, info.release, info.username, warnings, saved=True)
        conn = platform_connection.load(directory)
        if conn is None or conn.url != normalise_url(url):
            raise PlatformError(
                "Collez le jeton d'accès que l'administrateur de la plateforme vous a remis (Administration "
                "du site > Serveur > Services web > Gérer les jetons), puis cliquez sur « Tester la "
                "connexion ».",
                code="token_missing",
            )
        info = platform_connection.check(conn.url, platform_connection.read_token(directory, conn))
        platform_connection.record_check(directory, info)
        return CheckResult(platform_connection.load(directory), info.sitename, info.release, info.username,
                           [], saved=False)


def forget(data_dir: Path, report=None, cancelled=None) -> bool:
    with Directory.open(data_dir) as directory:
        return platform_connection.disconnect(directory)


def preview(data_dir: Path, report=None, cancelled=None):
    """The dry run: counts read live from the platform, no write call (``SyncReport``, error inside)."""
    from elea_desktop.platform.sync import run_sync

    with Directory.open(data_dir) as directory:
        return run_sync(directory, dry_run=True)


@dataclass(frozen=True)
class SendResult:
    report: object  # SyncReport
    batch_size: int  # passwords in the new batch the sync made (0: none)
    uai: str | None  # for the sheets' file name


def send(data_dir: Path, report, cancelled) -> SendResult:
    """The sync; ``report`` gets each ``SyncProgress``, ``cancelled`` is checked before each write call."""
    from elea_desktop.directory.batches import batch_info
    from elea_desktop.platform.sync import run_sync

    with Directory.open(data_dir) as directory:
        result = run_sync(directory, progress=report, cancel=cancelled)
        size = 0
        if result.batch_id is not None:
            size = batch_info(directory.connection, result.batch_id, directory.now()).size
        return SendResult(result, size, directory.settings().uai)


def is_connected(data_dir: Path, report=None, cancelled=None) -> bool:
    if not (Path(data_dir) / DB_NAME).exists():
        return False  # no directory yet: never create one just to answer
    with Directory.open(data_dir) as directory:
        return platform_connection.load(directory) is not None


def unsent_changes(data_dir: Path, report=None, cancelled=None) -> bool | None:
    """True: changes not on the platform yet; False: none; None: no platform connected (nothing to say)."""
    from elea_desktop.platform.status import has_unsent_changes

    if not (Path(data_dir) / DB_NAME).exists():
        return None
    with Directory.open(data_dir) as directory:
        if platform_connection.load(directory) is None:
            return None
        return has_unsent_changes(directory)
