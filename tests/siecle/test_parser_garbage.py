"""A parse leaves no lxml reference cycle behind, whatever the file.

lxml objects caught in a cycle wait for the garbage collector, which may run on another thread (the
window's GUI thread) while this one is parsing the next file: libxml2 then frees parser state that shares
its string dictionary with the running parse, and the process crashes (a segfault seen once in
tests/gui/test_shell.py, main thread "Garbage-collecting" while a job was in ``exports.root_tag``).
"""

from __future__ import annotations

import contextlib
import gc

import pytest

from elea_desktop.errors import ExportError
from elea_desktop.exports import read_any, root_tag
from elea_desktop.siecle import parser as siecle_parser
from tests.siecle_factory import build_xml, generate_pupils
from tests.sts_factory import build_sts_xml, generate_staff

PUPILS = build_xml(generate_pupils(300))
STAFF = build_sts_xml(generate_staff(40))


def _lxml_garbage(action) -> list[str]:
    """The lxml objects the action left for the collector (automatic collection held off meanwhile)."""
    gc.collect()
    gc.disable()
    try:
        with contextlib.suppress(ExportError):
            action()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        return sorted({type(o).__name__ for o in gc.garbage if type(o).__module__.startswith("lxml")})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


CASES = {
    "root_tag of a SIECLE file": lambda: root_tag(PUPILS),
    "root_tag of a truncated file": lambda: root_tag(PUPILS[:200]),
    "root_tag of a malformed head": lambda: root_tag(b"<BEE_ELEVES><A></B></BEE_ELEVES>"),
    "check_root of a SIECLE file": lambda: siecle_parser.check_root(PUPILS, "ElevesSansAdresses.xml"),
    "check_root of another root": lambda: siecle_parser.check_root(STAFF, "ElevesSansAdresses.xml"),
    "reading a SIECLE file": lambda: read_any(PUPILS, name="ElevesSansAdresses.xml"),
    "reading a SIECLE file cut in the middle": lambda: read_any(PUPILS[: len(PUPILS) // 2], name="e.xml"),
    "reading a SIECLE file broken in the middle":
        lambda: read_any(PUPILS.replace(b"</NOM_DE_FAMILLE>", b"</NOM>", 1), name="e.xml"),
    "reading an STS-web file": lambda: read_any(STAFF, name="sts_emp_0750680G_2025.xml"),
    "reading an STS-web file cut in the middle": lambda: read_any(STAFF[: len(STAFF) // 2], name="sts.xml"),
}


@pytest.mark.parametrize("action", CASES.values(), ids=CASES.keys())
def test_no_lxml_object_is_left_in_a_reference_cycle(action):
    assert _lxml_garbage(action) == []
