"""The real Moodle 4.5.6 of ../shared/moodle, stood up once per session and reset before each test.

Without ../shared/moodle (or PostgreSQL, PHP and its modules) the tests are skipped with a one-line reason,
except under CI (``CI=true``), where a skip would hide that the sync was never run against the real
platform: there it is a failure. Windows (``make windows-test``) has no such site: nothing is collected.
"""

from __future__ import annotations

import os
import time

import pytest

collect_ignore_glob = ["test_*.py"] if os.name == "nt" else []

_SESSION: dict = {}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def moodle_site():
    from tests.integration.moodle_site import MoodleSite, SiteUnavailable

    started = time.perf_counter()
    try:
        site = MoodleSite.open(os.environ.get("ELEA_TEST_MOODLE_DIR"))
    except SiteUnavailable as missing:
        if _in_ci():
            pytest.fail(f"CI must run the real-Moodle tests: {missing}")
        pytest.skip(f"Moodle réel indisponible : {missing}")
    _SESSION["site"] = site
    _SESSION["setup"] = time.perf_counter() - started
    yield site
    site.close()


@pytest.fixture
def moodle(moodle_site):
    """The site as it was right after its set-up, whatever the previous test did to it."""
    moodle_site.reset()
    return moodle_site


def pytest_terminal_summary(terminalreporter):
    site = _SESSION.get("site")
    if site is None:
        return
    steps = ", ".join(f"{name} {seconds} s" for name, seconds in site.timings.items())
    resets = site.resets
    mean = sum(resets) / len(resets) if resets else 0.0
    terminalreporter.write_line(
        f"Moodle réel 4.5.6 : mise en place {_SESSION['setup']:.0f} s ({steps}) ; "
        f"{len(resets)} remises à zéro, {mean:.1f} s en moyenne"
    )


from tests.integration.helpers import file_keyring, pupils, school  # noqa: E402, F401 (fixtures)
