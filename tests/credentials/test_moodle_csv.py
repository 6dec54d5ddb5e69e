"""Moodle upload-users CSV: round trip, header, encoding, validation, atomic writing, instructions."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest

from elea_desktop.credentials import moodle_csv
from elea_desktop.credentials.batch import MoodleUser
from elea_desktop.credentials.moodle_csv import (
    COHORT_NOTE_FR,
    HEADER,
    MAX_FIELD,
    UPLOAD_SETTINGS_FR,
    default_email,
    instructions_path,
    is_moodle_username,
    upload_instructions_text,
    write_moodle_csv,
    write_upload_instructions,
)
from elea_desktop.errors import OutputError


@pytest.fixture
def out_dir(tmp_path) -> Path:
    """An empty folder of its own (tmp_path also holds the test's data folder)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def user(username="come.durand", **changes) -> MoodleUser:
    values = dict(
        username=username,
        password="Kp7-mx4Rw",
        first_name="Côme",
        last_name="Durand",
        email=default_email(username, "0750680G"),
        idnumber=f"uid-{username}",
        suspended=False,
        cohort="0750680G-2026-4A",
    )
    values.update(changes)
    return MoodleUser(**values)


USERS = [
    user("come.durand"),
    user("lukasz.waz", first_name="Łukasz", last_name="Wąż", password=None),
    user("thi.nguyen", first_name="Thị Hương", last_name="Nguyễn", cohort="0750680G-2026-3B"),
    user("awa.ndiaye", first_name="Awa", last_name="N'Diaye", suspended=True, cohort=None),
    user("tom.martin", first_name='Tom "le grand", & <b>', last_name="Martin; Dupont", password='a,b"c'),
]


def read_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def test_round_trip_matches_the_users(tmp_path):
    out = tmp_path / "moodle.csv"
    assert write_moodle_csv(out, USERS) == len(USERS)
    rows = read_rows(out)
    assert tuple(rows[0]) == HEADER
    assert len(rows) == len(USERS) + 1
    for row, expected in zip(rows[1:], USERS, strict=True):
        record = dict(zip(HEADER, row, strict=True))
        assert record["username"] == expected.username
        assert record["password"] == (expected.password or "")
        assert record["firstname"] == expected.first_name
        assert record["lastname"] == expected.last_name
        assert record["email"] == expected.email
        assert record["idnumber"] == expected.idnumber
        assert record["auth"] == "manual"
        assert record["suspended"] == ("1" if expected.suspended else "0")
        assert record["cohort1"] == (expected.cohort or "")
        assert is_moodle_username(record["username"])


def test_utf8_without_bom_and_comma_separated(tmp_path):
    out = tmp_path / "moodle.csv"
    write_moodle_csv(out, USERS)
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.startswith(b"username,password,firstname,lastname,email,idnumber,auth,suspended,cohort1\r\n")
    text = raw.decode("utf-8")
    for name in ("Côme", "Łukasz", "Wąż", "Nguyễn", "Thị Hương", "N'Diaye"):
        assert name in text
    assert "lang" not in text.splitlines()[0]


def test_names_are_nfc(tmp_path):
    out = tmp_path / "moodle.csv"
    decomposed = "Co\u0302me"  # what a macOS file name or a copy-paste can produce
    write_moodle_csv(out, [user(first_name=decomposed)])
    assert read_rows(out)[1][2] == "Côme"


def test_lang_column_only_when_asked(tmp_path):
    out = tmp_path / "moodle.csv"
    write_moodle_csv(out, USERS[:2], lang="fr")
    rows = read_rows(out)
    assert rows[0] == list(HEADER) + ["lang"]
    assert all(row[-1] == "fr" for row in rows[1:])
    with pytest.raises(OutputError):
        write_moodle_csv(out, USERS[:2], lang="fr;rm -rf")


def test_default_email():
    assert default_email("come.durand", "0750680G") == "come.durand@0750680g.invalid"


@pytest.mark.parametrize("username", ["jean.dupont", "j.dupont2", "le-goff-darc", "a_b@c", "x" * MAX_FIELD])
def test_moodle_usernames_accepted(username):
    assert is_moodle_username(username)


@pytest.mark.parametrize(
    "username",
    ["", "Jean.Dupont", "rené", "jean dupont", " jean", "jean'dupont", "jean+1", "x" * (MAX_FIELD + 1),
     "łukasz"],
)
def test_moodle_usernames_refused(username):
    assert not is_moodle_username(username)


def test_policy_usernames_satisfy_param_username():
    # The username policy (owned elsewhere) promises PARAM_USERNAME; check it on hostile names.
    from elea_desktop.policies import usernames

    candidates = [("Éloïse", "Dupont"), ("Cœur", "Lebrun"), ("Łukasz", "Wąż"), ("Şükrü", "Yılmaz"),
                  ("Thị Hương", "Nguyễn"), ("Awa", "N'Diaye"), ("Tom & <b>", "Le Goff-D'Arc"), ("?", "李")]
    for pattern in usernames.PATTERNS:
        for first, last in candidates:
            username = usernames.base_username(first, last, datetime.date(2013, 3, 12), pattern)
            assert is_moodle_username(username), username


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (user("Jean"), "Moodle n'accepte pas"),
        (user(first_name="x" * (MAX_FIELD + 1)), "100 caractères"),
        (user(last_name="y" * (MAX_FIELD + 1)), "100 caractères"),
        (user(first_name="  "), "prénom"),
        (user(cohort="301"), "aucune lettre"),
        (user(idnumber=""), "idnumber"),
        (user(email="nobody"), "adresse"),
        (user(last_name="Du\nrand"), "contrôle"),
    ],
)
def test_invalid_accounts_are_refused_and_nothing_written(out_dir, bad, words):
    out = out_dir / "moodle.csv"
    with pytest.raises(OutputError) as error:
        write_moodle_csv(out, [USERS[0], bad] if bad.username != USERS[0].username else [bad])
    assert words in error.value.message
    assert list(out_dir.iterdir()) == []


def test_duplicate_emails_and_usernames_refused(tmp_path):
    out = tmp_path / "moodle.csv"
    twin = user("come.durand2", email=USERS[0].email.upper())
    with pytest.raises(OutputError, match="même adresse"):
        write_moodle_csv(out, [USERS[0], twin])
    with pytest.raises(OutputError, match="deux fois"):
        write_moodle_csv(out, [USERS[0], USERS[0]])
    assert not out.exists()


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(out_dir, monkeypatch):
    out = out_dir / "moodle.csv"
    out.write_text("previous export\n", encoding="utf-8")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(moodle_csv.os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="Impossible d'enregistrer"):
        write_moodle_csv(out, USERS)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in out_dir.iterdir()] == ["moodle.csv"]


def test_missing_folder_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="n'existe pas"):
        write_moodle_csv(tmp_path / "nowhere" / "moodle.csv", USERS)


def test_target_that_is_a_folder_is_an_output_error(out_dir):
    (out_dir / "moodle.csv").mkdir()
    with pytest.raises(OutputError, match="est un dossier"):
        write_moodle_csv(out_dir / "moodle.csv", USERS)


def test_upload_settings_as_specified():
    settings = dict(UPLOAD_SETTINGS_FR)
    assert settings["Type de dépôt"] == "Ajouter les nouveaux et mettre à jour les utilisateurs existants"
    assert settings["Mot de passe des nouveaux utilisateurs"] == "Champ requis dans le fichier"
    assert settings["Détails des utilisateurs existants"] == "Remplacer avec le fichier"
    assert settings["Mot de passe des utilisateurs existants"] == "Mettre à jour"
    assert "Utilisateurs ayant un mot de passe faible" in settings["Forcer le changement du mot de passe"]
    assert "Tous" in settings["Forcer le changement du mot de passe"]
    assert settings["Séparateur CSV"].startswith(",")
    assert settings["Codage"] == "UTF-8"


def test_instructions_beside_the_csv(tmp_path):
    csv_path = tmp_path / "eleves-2026.csv"
    target = instructions_path(csv_path)
    assert target == tmp_path / "eleves-2026-LISEZMOI.txt"
    write_upload_instructions(target, csv_path.name)
    text = target.read_bytes().decode("utf-8")
    assert text == upload_instructions_text(csv_path.name).replace("\n", "\r\n")
    assert "eleves-2026.csv" in text
    for label, value in UPLOAD_SETTINGS_FR:
        assert f"{label} : {value}" in text
    assert COHORT_NOTE_FR in text
    assert "faibles" in text


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://x.invalid\",\"clic\")", "+33 DUPONT", "-2+3",
                                     "@SUM(A1:A2)"])
def test_formula_cells_are_neutralised_with_an_apostrophe(out_dir, hostile):
    """Issue 12 item 8: such names reached the CSV raw, and Excel runs them as formulas."""
    path = out_dir / "moodle.csv"
    write_moodle_csv(path, [user("eve.martin", last_name=hostile, first_name=hostile, cohort=hostile + "4A"),
                            user("come.durand")])
    rows = read_rows(path)
    eve = dict(zip(rows[0], rows[1], strict=True))
    assert (eve["firstname"], eve["lastname"], eve["cohort1"]) == ("'" + hostile, "'" + hostile,
                                                                  "'" + hostile + "4A")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    come = dict(zip(rows[0], rows[2], strict=True))  # legitimate names are untouched
    assert (come["firstname"], come["lastname"]) == ("Côme", "Durand")


def test_a_password_that_a_spreadsheet_would_run_is_refused_not_altered(out_dir):
    path = out_dir / "moodle.csv"
    with pytest.raises(OutputError, match="formule"):
        write_moodle_csv(path, [user(password="=1+1abc")])
    assert not path.exists()
