"""``accounts forget-leavers`` and ``settings set --forget-after-years`` as support types them."""

from __future__ import annotations

import json

from tests.cli.helpers import run, run_json
from tests.importer.helpers import dump, year_kwargs
from tests.siecle_factory import generate_pupils, write_export

PUPILS = generate_pupils(20, classes=["6A"])


def leavers_gone(capsys, tmp_path):
    # The suite's clock is today's: the 2025 rentrée's leavers are past a one-year delay from 2026-2027.
    assert run(capsys, "import", write_export(tmp_path / "y24.zip", PUPILS, **year_kwargs(2024)))[0] == 0
    assert run(capsys, "import", write_export(tmp_path / "y25.zip", PUPILS[3:], **year_kwargs(2025)),
               "--passwords", "keep")[0] == 0


def test_forget_leavers_asks_first_lists_with_dry_run_then_anonymises(capsys, tmp_path, data_dir):
    leavers_gone(capsys, tmp_path)
    before = dump(data_dir)
    code, _, err = run(capsys, "accounts", "forget-leavers")
    assert code == 3 and "3 compte(s) d'anciens élèves" in err and "--yes" in err
    preview = run_json(capsys, "accounts", "forget-leavers", "--dry-run")
    assert preview["dry_run"] and preview["count"] == 3 and preview["suspended_until"] == "2025-2026"
    code, out, _ = run(capsys, "accounts", "forget-leavers", "--dry-run")
    assert code == 0 and "3 compte(s) seraient anonymisés" in out and PUPILS[0].first_name in out
    assert dump(data_dir) == before

    code, out, err = run(capsys, "accounts", "forget-leavers", "--yes")
    assert code == 0 and "3 compte(s) anonymisé(s)" in out, err
    code, out, _ = run(capsys, "accounts")
    assert out.count("(anonymisé") == 3 and out.count("Élève ANONYMISÉ") == 3
    listed = run_json(capsys, "accounts", "--status", "suspended")
    assert sum(1 for a in listed if "forgotten_at" in a and a["ine"] is None) == 3
    code, out, _ = run(capsys, "accounts", "forget-leavers", "--yes")
    assert code == 0 and "Aucun compte à anonymiser" in out


def test_the_delay_is_a_setting_from_one_to_ten_school_years(capsys, tmp_path, data_dir):
    leavers_gone(capsys, tmp_path)
    assert run_json(capsys, "settings")["forget_after_years"] == 1
    assert run_json(capsys, "settings", "set", "--forget-after-years", "3")["forget_after_years"] == 3
    assert run_json(capsys, "accounts", "forget-leavers", "--dry-run")["count"] == 0
    code, _, err = run(capsys, "settings", "set", "--forget-after-years", "0")
    assert code == 1 and "entre 1 et 10" in err
    code, out, _ = run(capsys, "settings")
    assert "Anciens élèves anonymisables après : 3 année(s) scolaire(s)" in out
    assert json.loads(run(capsys, "settings", "--json")[1])["forget_after_years"] == 3
