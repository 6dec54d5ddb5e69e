"""Progress comes as stages (classes, then users) with live counters; each stage's last event is sent."""

from __future__ import annotations

from elea_desktop.directory.store import Directory
from elea_desktop.importer.engine import run_import
from elea_desktop.importer.progress import ImportProgress
from tests.importer.helpers import JSON_KEYS, export_of, year_kwargs
from tests.siecle_factory import generate_pupils


def test_progress_stages_and_final_events(data_dir):
    events: list[ImportProgress] = []
    with Directory.open(data_dir) as directory:
        report = run_import(directory, export_of(generate_pupils(130, classes=["6A", "6B", "6C"]),
                                                 **year_kwargs(2025)), None, progress=events.append)
    stages = [e.stage for e in events]
    assert stages == ["classes"] * 3 + ["users"] * (stages.count("users"))
    classes = [e for e in events if e.stage == "classes"]
    assert [(e.done, e.total, e.label) for e in classes] == [(1, 3, "6A"), (2, 3, "6B"), (3, 3, "6C")]
    assert classes[-1].counts == {"classes_created": 3, "classes_total": 3}
    users = [e for e in events if e.stage == "users"]
    assert [e.done for e in users] == sorted(e.done for e in users)
    assert (users[-1].done, users[-1].total) == (130, 130)
    assert users[-1].counts["created"] == 130
    assert set(report.to_json()) == JSON_KEYS


def test_report_lists_and_json(data_dir):
    with Directory.open(data_dir) as directory:
        export = export_of(generate_pupils(10, classes=["6A"]), **year_kwargs(2025))
        report = run_import(directory, export, None)
    data = report.to_json()
    assert set(data) == JSON_KEYS
    assert data["uai"] == "0750680G" and data["school_year"] == 2025 and data["batch_id"] == report.batch_id
    assert set(report.entries) == {"created", "updated", "unchanged", "reactivated", "transferred",
                                  "protected", "suspended"}
    line = report.entries["created"][0]
    assert line.class_code == "6A" and line.username and line.first_name
    assert [(c.code, c.idnumber, c.created, c.pupils) for c in report.classes] == [
        ("6A", "0750680G-2025-6A", True, 10)]
