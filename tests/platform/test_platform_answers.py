"""Answers first seen on the real Moodle 4.5.6 (tests/integration), reproduced by the fake and handled."""

from __future__ import annotations

import pytest

from elea_desktop.platform.client import MoodleClient
from elea_desktop.platform.errors import TokenRefused
from elea_desktop.platform.sync import run_sync


def test_web_services_switched_off_is_a_403_with_an_empty_body_said_in_french(connected, fake):
    fake.ws_enabled = False
    report = run_sync(connected)
    assert report.exit_code == 2 and report.error.code == "ws_disabled"
    assert "services web" in report.error.message and "REST" in report.error.message


def test_an_expired_token_is_told_apart_from_a_missing_function(fake):
    # Same body for both ("Access control exception"); Moodle deletes the expired token as it refuses it.
    fake.functions.discard("core_cohort_delete_cohort_members")
    client = MoodleClient(fake.url, fake.token)
    with pytest.raises(TokenRefused) as missing:
        client.call("core_cohort_delete_cohort_members", {"members": []}, write=True)
    assert missing.value.code == "missing_function"
    assert "core_cohort_delete_cohort_members" in missing.value.message
    fake.token_expired = True
    with pytest.raises(TokenRefused) as expired:
        client.call("core_user_get_users_by_field", {"field": "id", "values": [2]})
    assert expired.value.code == "token_expired" and "expiré" in expired.value.message


def test_a_refused_site_info_is_a_missing_function_without_looping(fake):
    fake.functions.discard("core_webservice_get_site_info")
    client = MoodleClient(fake.url, fake.token)
    with pytest.raises(TokenRefused) as caught:
        client.call("core_webservice_get_site_info")
    assert caught.value.code == "missing_function" and client.stats.calls == 2


def test_hidden_email_addresses_do_not_make_every_sync_an_update(connected, fake):
    # A token's account without moodle/site:viewuseridentity does not see the users' addresses.
    fake.hide_emails = True
    assert run_sync(connected).error is None
    writes = len(fake.write_calls())
    again = run_sync(connected)
    assert again.error is None and again.users_updated == 0
    assert len(fake.write_calls()) == writes
    # A change of address is still sent: it is compared with what was sent last.
    connected.update_settings(email_domain="college.example.fr")
    changed = run_sync(connected)
    assert changed.error is None and changed.users_updated == 60
    assert all(u["email"].endswith("@college.example.fr") for u in fake.users.values() if u["idnumber"])
    assert run_sync(connected).users_updated == 0
