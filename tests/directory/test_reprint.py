"""``workspace.reprint``: a slip is reprinted only with the password the account has now — the one of its
latest batch — never with an older batch's password that a later batch replaced."""

from __future__ import annotations

from elea_desktop.directory import workspace
from elea_desktop.directory.store import Directory
from elea_desktop.importer.engine import run_import
from tests.importer.helpers import export_of
from tests.siecle_factory import FakePupil

PUPILS = [FakePupil(eleve_id=str(6100 + n), family_name=last, first_name=first, class_code="5A")
          for n, (last, first) in enumerate((("AUBERT", "Anna"), ("BLANC", "Basile"), ("COSTE", "Cyril")))]


def _usernames(directory) -> dict[str, str]:
    return {a.last_name: a.username for a in directory.list_accounts()}


def test_reprint_takes_each_account_from_its_latest_held_batch(data_dir):
    with Directory.open(data_dir) as directory:
        first = run_import(directory, export_of(PUPILS), None, confirmed=True).batch_id
        names = _usernames(directory)
        reset = workspace.reset_passwords(directory, [names["BLANC"]]).batch_id
        result = workspace.reprint(directory, [names["AUBERT"], names["BLANC"]])
        new_password = directory.load_batch(reset).credentials[0].password
    by_user = {c.username: c.password for c in result.batch.credentials}
    assert by_user[names["BLANC"]] == new_password  # not September's, which no longer works
    assert result.batch_ids == (first, reset) and not result.missing


def test_an_account_whose_latest_batch_was_erased_has_nothing_to_reprint(data_dir):
    with Directory.open(data_dir) as directory:
        run_import(directory, export_of(PUPILS), None, confirmed=True)
        names = _usernames(directory)
        reset = workspace.reset_passwords(directory, [names["BLANC"], names["COSTE"]]).batch_id
        directory.purge_batch(reset)  # handed out: September's batch still holds the OLD passwords
        result = workspace.reprint(directory, [names["AUBERT"], names["BLANC"], names["COSTE"]])
    assert [c.username for c in result.batch.credentials] == [names["AUBERT"]]
    assert set(result.missing) == {names["BLANC"], names["COSTE"]}
