"""Every safety rule refuses with a French message, a stable code, and nothing changed."""

from __future__ import annotations

import pytest

from elea_desktop.directory.backups import list_backups
from elea_desktop.directory.store import Directory
from elea_desktop.errors import SafetyRefusal
from elea_desktop.importer.engine import plan_import, run_import
from tests.importer.helpers import dump, export_of, year_kwargs
from tests.siecle_factory import generate_pupils

PUPILS = generate_pupils(40, classes=["5A", "5B"])


@pytest.fixture
def directory(data_dir):
    with Directory.open(data_dir) as opened:
        run_import(opened, export_of(PUPILS, **year_kwargs(2025)), None)
        yield opened


def refused(directory, data_dir, export, mode, *, confirmed=False) -> SafetyRefusal:
    before = dump(data_dir)
    backups = list_backups(data_dir)
    with pytest.raises(SafetyRefusal) as caught:
        run_import(directory, export, mode, confirmed=confirmed)
    assert dump(data_dir) == before
    assert list_backups(data_dir) == backups  # a refused import does not even take a copy
    return caught.value


def test_another_establishment_is_never_imported(directory, data_dir):
    export = export_of(PUPILS, uai="0931234L", **year_kwargs(2025, day="20/09"))
    refusal = refused(directory, data_dir, export, "keep", confirmed=True)
    assert refusal.code == "uai_mismatch" and not refusal.overridable
    assert "0931234L" in refusal.message and "0750680G" in refusal.message


def test_a_file_without_uai_is_refused(data_dir):
    with Directory.open(data_dir) as directory:
        refusal = refused(directory, data_dir, export_of(PUPILS, uai=None, **year_kwargs(2025)), None,
                          confirmed=True)
    assert refusal.code == "uai_missing" and not refusal.overridable


def test_existing_directory_needs_a_password_mode(directory, data_dir):
    refusal = refused(directory, data_dir, export_of(PUPILS, **year_kwargs(2025, day="20/09")), None)
    assert refusal.code == "mode_required" and not refusal.overridable
    assert "--passwords" in refusal.cli_hint


def test_older_export_needs_confirmation(directory, data_dir):
    older = export_of(PUPILS, **year_kwargs(2025, day="10/09"))
    refusal = refused(directory, data_dir, older, "keep")
    assert refusal.code == "older_export" and refusal.overridable
    assert "10/09/2025" in refusal.message
    report = run_import(directory, older, "keep", confirmed=True)
    assert report.counts["users_unchanged"] == 40


def test_partial_export_needs_confirmation(directory, data_dir):
    one_class = export_of([p for p in PUPILS if p.class_code == "5A"], **year_kwargs(2025, day="20/09"))
    refusal = refused(directory, data_dir, one_class, "keep")
    assert refusal.code == "partial_export" and refusal.overridable
    assert "20 élève(s)" in refusal.message and "40 comptes" in refusal.message
    report = run_import(directory, one_class, "keep", confirmed=True)
    assert report.counts["users_suspended"] == 20


def test_exactly_75_percent_passes(directory):
    export = export_of(PUPILS[:30], **year_kwargs(2025, day="20/09"))
    assert run_import(directory, export, "keep").counts["users_suspended"] == 10


def test_plan_lists_every_finding_non_overridable_first(directory):
    export = export_of(PUPILS[:5], uai="0931234L", **year_kwargs(2025, day="01/09"))
    plan = plan_import(directory, export, None)
    assert [f.code for f in plan.findings] == ["uai_mismatch", "mode_required", "older_export",
                                               "partial_export"]
    assert plan.needs_mode and not plan.is_first_import


def test_dry_run_applies_the_same_rules(directory, data_dir):
    one_class = export_of(PUPILS[:5], **year_kwargs(2025, day="20/09"))
    with pytest.raises(SafetyRefusal):
        run_import(directory, one_class, "keep", dry_run=True)
    report = run_import(directory, one_class, "keep", dry_run=True, confirmed=True)
    assert report.counts["users_suspended"] == 35


def test_refusal_messages_name_no_command_line_option_and_the_cli_hint_does(data_dir):
    from elea_desktop.importer.safety import check
    from tests.importer.helpers import export_of
    from tests.siecle_factory import generate_pupils

    export = export_of(generate_pupils(10), uai="0750680G")
    findings = check(export, bound_uai="0752387M", has_accounts=True, mode=None,
                     latest_export=export.exported_at.replace(year=2030), active_accounts=100)
    assert {f.code for f in findings} == {"uai_mismatch", "mode_required", "older_export", "partial_export"}
    for finding in findings:
        assert "--" not in finding.message
        assert finding.cli_hint and "--" in finding.cli_hint
