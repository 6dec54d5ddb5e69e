"""Memory: the import lets the export and its plan go before the sheets and the CSV are written.

At 20,000 pupils they are about 25 MB that the PDF and the CSV can then reuse (bench/bench_process.py
measures the whole process's peak); here, what is checked is that nothing keeps them alive.
"""

from __future__ import annotations

import gc
import weakref

from elea_desktop.directory.store import Directory
from elea_desktop.importer.engine import run_import
from tests.importer.helpers import export_of
from tests.siecle_factory import generate_pupils


def test_the_export_is_released_before_the_outputs_are_written(data_dir):
    handed_over = [export_of(generate_pupils(40))]
    export = weakref.ref(handed_over[0])
    seen = []

    def before_commit(report):
        gc.collect()
        seen.append((export() is None, report.counts["users_created"]))

    with Directory.open(data_dir) as directory:
        # As the command line does: the caller keeps no reference of its own.
        run_import(directory, handed_over.pop(), "new", before_commit=before_commit)
        assert directory.load_batch(None).credentials  # the outputs still have everything they need
    assert seen == [(True, 40)]


def test_a_caller_that_keeps_its_export_still_has_it(data_dir):
    kept = export_of(generate_pupils(5))
    with Directory.open(data_dir) as directory:
        run_import(directory, kept, "new", before_commit=lambda report: None)
    assert len(kept.pupils) == 5
