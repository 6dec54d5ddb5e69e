"""The establishment's settings: migration v3, defaults, checks (nothing saved on a bad value)."""

from __future__ import annotations

import sqlite3

import pytest

from elea_desktop.directory.schema import SCHEMA_VERSION, migrate
from elea_desktop.directory.settings_rules import cnil_hint
from elea_desktop.directory.store import DB_NAME, Directory
from elea_desktop.errors import DirectoryError
from elea_desktop.importer.engine import run_import
from elea_desktop.policies.passwords import DEFAULT_POLICY, PasswordPolicy
from tests.importer.helpers import dump, export_of, year_kwargs
from tests.siecle_factory import generate_pupils


def test_migration_from_a_version_2_database_keeps_the_settings_and_adds_the_defaults(data_dir):
    conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    assert migrate(conn, target=2) == 2
    conn.execute("INSERT INTO establishment (id, uai, name, platform_url, username_pattern, password_policy, "
                 "email_domain, created_at, updated_at) VALUES (1, '0750680G', 'Collège Test', "
                 "'https://elea.example', 'p.nom', '{\"length\": 12}', 'exemple.invalid', "
                 "'2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00')")
    conn.close()
    with Directory.open(data_dir) as directory:
        version = directory.connection.execute("SELECT version FROM schema_version").fetchone()[0]
        assert version == SCHEMA_VERSION
        settings = directory.settings()
        assert (settings.uai, settings.name, settings.platform_url) == ("0750680G", "Collège Test",
                                                                         "https://elea.example")
        assert settings.username_pattern == "p.nom" and settings.password_policy.length == 12
        assert settings.email_domain == "exemple.invalid"
        assert (settings.sheet_per_page, settings.sheet_qr, settings.sheet_roster) == (10, False, False)
        assert settings.moodle_lang is None
        # The database itself refuses a layout the sheets cannot draw.
        with pytest.raises(sqlite3.IntegrityError):
            directory.connection.execute("UPDATE establishment SET sheet_per_page = 9")
    assert settings.staff_functions == ("ENS", "EDU", "DOC", "DIR")  # v5 default for an old base


def test_defaults_before_the_first_import_and_saving_every_setting(data_dir):
    with Directory.open(data_dir) as directory:
        settings = directory.settings()
        assert settings.uai is None and settings.default_email_domain is None
        assert (settings.sheet_per_page, settings.sheet_qr, settings.sheet_roster, settings.moodle_lang) == (
            10, False, False, None)
        directory.update_settings(name="  Collège Éole ", platform_url="https://elea.ac-test.fr/",
                                  username_pattern="nom.prenom", password_policy=PasswordPolicy(length=11),
                                  email_domain="@Exemple.Invalid", sheet_per_page=12, sheet_qr=True,
                                  sheet_roster=True, moodle_lang=" FR ")
        settings = directory.settings()
        assert settings.uai is None and directory.establishment() is None  # still unbound
        assert settings.name == "Collège Éole" and settings.platform_url == "https://elea.ac-test.fr/"
        assert settings.email_domain == "exemple.invalid" and settings.moodle_lang == "fr"
        assert (settings.sheet_per_page, settings.sheet_qr, settings.sheet_roster) == (12, True, True)
        directory.update_settings(moodle_lang=None, email_domain="", platform_url="")
        settings = directory.settings()
        assert (settings.moodle_lang, settings.email_domain, settings.platform_url) == (None, None, None)
        # The first import binds the UAI and keeps every setting.
        run_import(directory, export_of(generate_pupils(2, classes=["6A"]), **year_kwargs(2025)), None)
        settings = directory.settings()
        assert settings.uai == "0750680G" and settings.default_email_domain == "0750680g.invalid"
        assert settings.sheet_per_page == 12 and settings.username_pattern == "nom.prenom"


@pytest.mark.parametrize(("changes", "message"), [
    ({"platform_url": "elea.ac-test.fr"}, "https://"),
    ({"platform_url": "ftp://elea.ac-test.fr"}, "https://"),
    ({"platform_url": "https://"}, "https://"),
    ({"platform_url": "https://elea ac.fr"}, "https://"),
    ({"email_domain": "collège.fr"}, "nom de domaine"),
    ({"email_domain": "localhost"}, "nom de domaine"),
    ({"email_domain": "a" * 60 + ".fr"}, "nom de domaine"),
    ({"moodle_lang": "français"}, "code de langue"),
    ({"sheet_per_page": 9}, "8, 10 ou 12"),
    ({"sheet_per_page": True}, "8, 10 ou 12"),
    ({"sheet_qr": "oui"}, "oui ou non"),
    ({"sheet_roster": 1}, "oui ou non"),
    ({"password_policy": PasswordPolicy(length=21)}, "entre 8 et 20"),
    ({"username_pattern": "nom"}, "Modèle d'identifiant inconnu"),
    ({"name": "x" * 201}, "trop long"),
])
def test_a_bad_value_is_refused_in_french_and_nothing_is_saved(data_dir, changes, message):
    with Directory.open(data_dir) as directory:
        directory.update_settings(name="Collège Éole")
        before = dump(data_dir)
        with pytest.raises(DirectoryError, match=message):
            # The good value given with the bad one is not saved either.
            directory.update_settings(**{"name": "Autre nom", "sheet_qr": True, **changes})
        assert dump(data_dir) == before


def test_settings_as_json_is_flat_but_for_the_list_of_uais(data_dir):
    with Directory.open(data_dir) as directory:
        data = directory.settings().as_json()
    # The default passes Moodle's default policy (upper case and symbol), 11 characters.
    assert data["password_entropy_bits"] == pytest.approx(DEFAULT_POLICY.entropy_bits, abs=0.01)
    assert 62 < data["password_entropy_bits"] < 63
    assert data["username_pattern_label"] == "prénom.nom (jean.dupont)"
    assert all(not isinstance(value, dict | list) for key, value in data.items() if key != "uais")
    assert data["uais"] == []  # no UAI until the first import (or a declaration) fixes one
    assert {"sheet_per_page", "sheet_qr", "sheet_roster", "moodle_lang", "email_domain"} <= set(data)


def test_the_cnil_hint_names_the_shortest_length_reaching_50_bits():
    assert cnil_hint(PasswordPolicy()) is None  # the default: 11 characters, 54.2 bits
    assert cnil_hint(PasswordPolicy(length=10)).endswith(" : 11 caractères suffisent.")  # 49.2 bits
    assert cnil_hint(PasswordPolicy(length=11)) is None  # 54.2 bits
    assert cnil_hint(PasswordPolicy(length=10, symbol=True)) is None  # 50.3 bits
    assert " : 9 caractères suffisent." in cnil_hint(PasswordPolicy(length=8, uppercase=True))
