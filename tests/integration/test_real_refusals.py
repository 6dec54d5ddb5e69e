"""What the real Moodle 4.5.6 refuses, and what the command line says about it (codes seen, not assumed)."""

from __future__ import annotations

from elea_desktop.directory.store import Directory
from elea_desktop.policies.passwords import PasswordPolicy
from tests.integration.helpers import cli, connect, platform_users, sync_json
from tests.integration.moodle_site import WITHOUT
from tests.platform.conftest import import_pupils


def test_a_password_the_site_policy_refuses_stops_with_french_advice(moodle, data_dir, file_keyring, pupils):
    with Directory.open(data_dir) as directory:
        # Lower case and digits only: Moodle's default policy wants an upper case letter and a symbol.
        directory.update_settings(password_policy=PasswordPolicy(length=10, uppercase=False, symbol=False))
        import_pupils(directory, pupils)
    assert connect(data_dir, moodle).returncode == 0
    code, report, err = sync_json(data_dir)
    assert code == 3, err
    assert "majuscule" in err and "Réglages" in err
    assert report["users_created"] == 0 and platform_users(moodle) == {}


def test_a_reset_password_the_policy_refuses_stops_before_sending_more(moodle, school, data_dir):
    assert connect(data_dir, moodle).returncode == 0
    assert sync_json(data_dir)[0] == 0
    school.update_settings(password_policy=PasswordPolicy(length=10))
    reset = school.list_accounts()[0].username
    school.reset_password(reset)
    code, report, err = sync_json(data_dir)
    assert code == 3, err
    assert "au moins 1 majuscule" in err and report["passwords_sent"] == 0


def test_a_token_without_one_of_the_functions_is_refused_naming_it(moodle, school, data_dir):
    done = connect(data_dir, moodle, moodle.partial_token)
    assert done.returncode == 2 and WITHOUT in done.stderr
    # Connected with the full token, then the administrator takes a function out of the service.
    assert connect(data_dir, moodle).returncode == 0
    moodle.sql(
        "DELETE FROM mdl_external_services_functions WHERE functionname = 'core_user_update_users' AND "
        "externalserviceid = (SELECT id FROM mdl_external_services WHERE shortname = 'eleadesktop')"
    )
    code, _, err = sync_json(data_dir)
    assert code == 2 and "core_user_update_users" in err
    assert platform_users(moodle) == {}


def test_an_expired_token_is_said_expired(moodle, school, data_dir):
    assert connect(data_dir, moodle).returncode == 0
    moodle.sql(f"UPDATE mdl_external_tokens SET validuntil = 1000 WHERE token = '{moodle.token}'")
    code, _, err = sync_json(data_dir)
    assert code == 2 and "a expiré" in err, err
    # Moodle deleted it while refusing it: from now on it is unknown to the platform.
    code, _, err = sync_json(data_dir)
    assert code == 2 and "refuse le jeton" in err and "expiré" in err
    done = connect(data_dir, moodle)
    assert done.returncode == 2 and "refuse le jeton" in done.stderr


def test_web_services_switched_off_are_said_so(moodle, school, data_dir):
    assert connect(data_dir, moodle).returncode == 0
    moodle.php("admin/cli/cfg.php", "--name=enablewebservices", "--set=0")
    code, _, err = sync_json(data_dir)
    assert code == 2 and "services web" in err and "erreur 403" in err, err
    moodle.php("admin/cli/cfg.php", "--name=enablewebservices", "--set=1")
    moodle.php("admin/cli/cfg.php", "--name=webserviceprotocols", "--set=")
    status = cli(data_dir, "moodle", "status", "--json")
    assert status.returncode == 0 and '"ws_disabled"' in status.stdout
    assert moodle.sql("SELECT COUNT(*) FROM mdl_cohort").strip() == "0"  # nothing was sent
