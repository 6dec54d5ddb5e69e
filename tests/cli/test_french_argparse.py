"""The command line's own words are French, argparse's too: usage, section titles, -h and its errors."""

from __future__ import annotations

import pytest

from elea_desktop.cli import main


def usage_error(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    assert stopped.value.code == 2
    return capsys.readouterr().err


def test_help_is_french(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["accounts", "--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : elea-desktop accounts")
    assert "\narguments:\n" in out and "\noptions:\n" in out
    assert "-h, --help" in out and "afficher cette aide et quitter" in out
    assert "usage:" not in out and "show this help" not in out and "positional arguments" not in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["accounts", "reprint"], "elea-desktop accounts reprint : erreur : argument(s) obligatoire(s) "
                              "manquant(s) : IDENTIFIANT, --pdf"),
    (["settings", "set", "--single", "x"], "argument --single : choix invalide : 'x' (valeurs possibles : "
                                           "'slip', 'letter')"),
    (["accounts", "--bogus"], "erreur : argument(s) non reconnu(s) : --bogus"),
    (["settings", "set", "--per-page"], "argument --per-page : une valeur est attendue"),
])
def test_usage_errors_are_french(capsys, argv, expected):
    err = usage_error(capsys, *argv)
    assert err.startswith("utilisation : ")
    assert expected in err
    assert "error:" not in err and "usage:" not in err
