"""The root element's start, read from the head of a document, leaving no lxml object behind.

A parser abandoned half-way (``next(iterparse(...))``) or stopped by an error keeps itself, its document
and the open elements in a reference cycle. The garbage collector then frees them from whichever thread
it runs on, possibly while this thread parses the next file with the libxml2 string dictionary they share:
a crash, seen once in the window's tests. So every parse here drains its events and closes its parser,
and ``released`` is the one way the readers drive a pull parser. A parse that ran to its end still
leaves its document and parser pointing at each other (lxml keeps them so): the reader drops its last
references and calls ``collect_parser_garbage`` on the parsing thread, before anything else is parsed
on it (a full collection: 7 ms after reading 5,000 pupils).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from lxml import etree

HEAD_CHUNK = 64 * 1024


@dataclass(frozen=True)
class RootStart:
    tag: str  # "" for a tag lxml gives as something else than text (a comment, an entity)
    attributes: dict[str, str]
    has_dtd: bool


@contextmanager
def released(parser) -> Iterator:
    """Yields the parser; afterwards, whatever happened, drops its pending events and closes it."""
    try:
        yield parser
    finally:
        try:
            for _ in parser.read_events():
                pass
            parser.close()
        except (etree.LxmlError, ValueError, LookupError):
            pass  # an unfinished or broken document: the parse itself has reported what mattered


def collect_parser_garbage() -> None:
    gc.collect()


def read_root_start(data: bytes, options: dict) -> RootStart | None:
    """The root's start from ``data`` fed by chunks until it is seen; None when there is none.

    Raises lxml's errors (syntax, encoding) met before the root, as a full parse would.
    """
    with released(etree.XMLPullParser(events=("start",), **options)) as parser:
        for start in range(0, len(data), HEAD_CHUNK):
            parser.feed(data[start:start + HEAD_CHUNK])
            for _, elem in parser.read_events():
                docinfo = elem.getroottree().docinfo
                has_dtd = bool(docinfo.doctype) or docinfo.internalDTD is not None \
                    or docinfo.externalDTD is not None
                tag = elem.tag if isinstance(elem.tag, str) else ""
                return RootStart(tag, dict(elem.attrib), has_dtd)
        parser.close()  # no root at all: lxml's own error ("Document is empty"…) says why
    return None
