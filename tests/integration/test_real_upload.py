"""The CSV path: the application's Moodle CSV through Moodle's own upload-users tool (its CLI), then a sync.

The upload settings are those of the instructions written beside the CSV (credentials/moodle_csv.py,
UPLOAD_SETTINGS_FR), as the tool's command-line options.
"""

from __future__ import annotations

from tests.integration.helpers import (
    UAI,
    CountingClient,
    class_members,
    cli,
    connect,
    duplicates,
    platform_cohorts,
    platform_users,
    sync_json,
    write_calls,
)

UPLOAD_OPTIONS = (
    "--delimiter_name=comma",  # Séparateur CSV : , (virgule)
    "--encoding=UTF-8",  # Codage : UTF-8
    "--uutype=2",  # Ajouter les nouveaux et mettre à jour les utilisateurs existants
    "--uupasswordnew=0",  # Mot de passe des nouveaux utilisateurs : champ requis dans le fichier
    "--uuupdatetype=1",  # Détails des utilisateurs existants : remplacer avec le fichier
    "--uupasswordold=1",  # Mot de passe des utilisateurs existants : mettre à jour
    "--uuforcepasswordchange=1",  # Forcer le changement du mot de passe : mots de passe faibles
)


def test_the_moodle_csv_uploaded_with_the_upload_tool_makes_the_users_and_cohorts(
    moodle, school, data_dir, tmp_path
):
    csv = tmp_path / "comptes-moodle.csv"
    exported = cli(data_dir, "credentials", "--moodle-csv", str(csv))
    assert exported.returncode == 0, exported.stderr
    output = moodle.php("admin/tool/uploaduser/cli/uploaduser.php", f"--file={csv}", *UPLOAD_OPTIONS)
    assert "Users created: 60" in output, output[-2000:]

    accounts = {a.username: a for a in school.list_accounts()}
    users = platform_users(moodle)
    assert set(users) == set(accounts) and duplicates(moodle) == []
    for username, user in users.items():
        account = accounts[username]
        assert user["idnumber"] == account.uid and user["suspended"] is False
        assert (user["firstname"], user["lastname"]) == (account.first_name, account.last_name)
    # The tool makes each missing cohort from the cell: idnumber and name are both our idnumber.
    cohorts = platform_cohorts(moodle)
    assert {idnumber: name for idnumber, (name, _) in cohorts.items()} == {
        f"{UAI}-2025-{c}": f"{UAI}-2025-{c}" for c in ("6A", "6B", "5A")
    }
    for idnumber, (_, members) in cohorts.items():
        assert members == class_members(users, accounts.values(), idnumber)
    printed = {c.username: c.password for c in school.load_batch().credentials}
    assert set(moodle.logins(printed).values()) == {0}

    # Then the web-service sync finds everything there: no user, cohort, password or membership to send.
    assert connect(data_dir, moodle).returncode == 0
    code, report, err = sync_json(data_dir)
    assert code == 0, err
    counts = ("users_created", "users_updated", "passwords_sent", "cohorts_created", "memberships_added")
    assert [report[k] for k in counts] == [0] * 5
    assert set(moodle.logins(printed).values()) == {0}  # the password the pupil was given still works
    CountingClient.made.clear()
    from elea_desktop.platform.sync import run_sync

    report = run_sync(school, client_factory=CountingClient)
    assert report.error is None and write_calls(CountingClient.made[-1]) == {}
