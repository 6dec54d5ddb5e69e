"""Classes in natural order everywhere (3e 1, 3e 2, … 3e 10), and the report filter on the chosen column."""

from __future__ import annotations

import datetime
from dataclasses import replace

from PySide6.QtCore import Qt

from elea_desktop.credentials.batch import Credential, CredentialBatch
from elea_desktop.credentials.sheets import group_credentials
from tests.gui.conftest import WAIT_MS, make_export
from tests.importer.helpers import year_kwargs
from tests.siecle_factory import generate_pupils

CLASSES = ("3e 10", "3e 2", "3e 1", "4A", "3A")
NATURAL = ["3A", "3e 1", "3e 2", "3e 10", "4A"]


def _import(qtbot, window, path):
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS) as read:
        window.importer.open_file(path)
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
        if window.importer.choice_dialog is not None:
            qtbot.mouseClick(window.importer.choice_dialog.keep_button, Qt.MouseButton.LeftButton)
    return read.args[0], done.args[0]


def _column(table, column: int) -> list[str]:
    return [table.proxy.index(row, column).data() for row in range(table.proxy.rowCount())]


def test_classes_sort_naturally_in_the_window_and_the_sheets(qtbot, window, dialogs, tmp_path):
    analysis, report = _import(qtbot, window, make_export(tmp_path / "a", 25, classes=CLASSES))
    assert list(analysis.export.classes()) == NATURAL
    assert [line.code for line in report.classes] == NATURAL  # cohorts, step 2 and the Classes tab
    chips_list = window.importer.classes_page.classes
    chips = [chips_list.item(i).text() for i in range(chips_list.count())]
    assert [chip.split(" — ")[0].removeprefix("✓ ") for chip in chips] == NATURAL
    window.importer.show_step(3)
    classes = window.importer.report_page.table("classes")
    assert _column(classes, 0) == NATURAL
    created = window.importer.report_page.table("created")
    created.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # a click on « Classe »
    shown = _column(created, 3)
    assert sorted(set(shown), key=shown.index) == NATURAL
    created.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    shown = _column(created, 3)
    assert sorted(set(shown), key=shown.index) == NATURAL[::-1]


def test_sheets_put_classes_in_natural_order():
    credentials = tuple(Credential(f"u{i}", "pw", "A", f"N{i}", code) for i, code in enumerate(CLASSES))
    batch = CredentialBatch(1, datetime.datetime(2026, 9, 1), "import", "0750680G", None, None, 2026,
                            credentials)
    assert [group.label for group in group_credentials(batch)] == NATURAL


def test_class_filter_matches_the_class_column_only(qtbot, window, dialogs, tmp_path):
    pupils = generate_pupils(30, classes=("4A", "4B", "3A"))
    _import(qtbot, window, make_export(tmp_path / "y1", pupils=pupils, **year_kwargs(2025, day="05/09")))
    # Next year every 4A pupil is in 3A: « classe 4A → 3A » in the Détail column of the updated tab.
    moved = [replace(p, class_code="3A") if p.class_code == "4A" else p for p in pupils]
    window.importer.new_import()
    _import(qtbot, window, make_export(tmp_path / "y2", pupils=moved, **year_kwargs(2025, day="20/09")))
    window.importer.show_step(3)
    table = window.importer.report_page.table("updated")
    assert table.proxy.rowCount() > 0 and any("4A" in d for d in _column(table, 4))
    table.search.setText("4A")
    assert table.proxy.rowCount() > 0  # every column: the Détail column matches
    table.column.setCurrentIndex(table.column.findData(3))  # « dans la colonne Classe »
    assert table.proxy.rowCount() == 0  # no pupil is in 4A this year
    table.search.setText("3a")
    assert set(_column(table, 3)) == {"3A"} and table.proxy.rowCount() == 10
    table.column.setCurrentIndex(table.column.findData(None))
    assert table.proxy.rowCount() == 10


def test_class_filter_never_stops_in_the_middle_of_a_number(qapp):
    from ui.models import RowsModel, SearchProxy

    rows = [("a", "3e 1"), ("b", "3e 10"), ("c", "3e 2"), ("d", "4e 1")]
    model = RowsModel(("Nom", "Classe"), rows)
    proxy = SearchProxy(class_column=1)
    proxy.setSourceModel(model)
    proxy.set_column(1)
    for needle, expected in (("3e 1", ["a"]), ("3E1", ["a"]), ("3e", ["a", "b", "c"]), ("3e 10", ["b"])):
        proxy.set_search(needle)
        assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == expected, needle
