"""Making sure lxml decodes the export's bytes as what they really are, and fast.

Real exports declare ISO-8859-15 (Latin-9, where ``œ`` is 0xBD). libxml2 only knows Latin-9 through iconv,
which decodes at about half its native speed. Latin-9 and Latin-1 differ at exactly eight byte values, and
libxml2 decodes Latin-1 natively: so a Latin-9 document is parsed as Latin-1 and the reader maps those
eight characters back (``fix_latin9``) in the few strings it keeps. The result is identical, byte for byte,
to decoding Latin-9.

A file re-saved as UTF-8 by an editor keeps its ISO-8859-15 declaration: every byte is still valid Latin-9,
so it would decode silently into mojibake (``Ã©``). Valid multi-byte UTF-8 is essentially never meaningful
Latin-9 text for names, so such a file is read as UTF-8, with a warning.

A UTF-8 byte order mark wins over the declaration, and we apply that rule ourselves: the parser gets the
bytes without the BOM and declared UTF-8. libxml2 changed its mind between versions (2.11, shipped by
lxml's Windows wheel, follows an ISO-8859-15 declaration after a BOM; 2.14, in the Linux wheel, does not).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from elea_desktop.siecle.model import Notice

UTF8_BOM = b"\xef\xbb\xbf"
_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])([A-Za-z0-9._:-]+)\2")
_SINGLE_BYTE = re.compile(r"^(iso[-_]?8859|latin|l\d|windows-125|cp125|us-ascii|ascii)", re.IGNORECASE)
_LATIN9_NAMES = {"iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9", "l9"}
# Latin-1 character read from the byte → the Latin-9 character that byte really stands for.
_READ_AS_LATIN1 = "\xa4\xa6\xa8\xb4\xb8\xbc\xbd\xbe"
_LATIN9_FROM_LATIN1 = str.maketrans(_READ_AS_LATIN1, "€ŠšŽžŒœŸ")
# C1 control bytes: never text in ISO-8859-x, but ’ “ ” – Œ œ € in Windows-1252, the usual mislabelling.
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
# Finds text that ``fix_latin9`` would change (rare: most accented names use neither set's differences).
NEEDS_LATIN9_FIX = re.compile(f"[{_READ_AS_LATIN1}]")


@dataclass
class Prepared:
    data: bytes
    notices: list[Notice] = field(default_factory=list)
    latin9_as_latin1: bool = False


def fix_latin9(text: str) -> str:
    """Undoes reading Latin-9 bytes as Latin-1 (a no-op on ASCII)."""
    return text if text.isascii() else text.translate(_LATIN9_FROM_LATIN1)


def declared_encoding(data: bytes) -> str | None:
    match = _DECLARATION.match(data[:256])
    return match.group(3).decode("ascii") if match else None


def _redeclare(data: bytes, encoding: bytes) -> bytes:
    match = _DECLARATION.match(data[:256])
    return b"".join((data[: match.start(3)], encoding, memoryview(data)[match.end(3) :]))


def _without_bom(data: bytes) -> Prepared:
    """UTF-8 whatever the declaration says, without leaving the choice to libxml2's version."""
    data = data[len(UTF8_BOM) :]
    declared = declared_encoding(data)
    if declared is not None and declared.lower().replace("_", "-") not in {"utf-8", "utf8"}:
        data = _redeclare(data, b"UTF-8")
    return Prepared(data)


_UTF8_CHECK_BYTES = 1024 * 1024


def _is_utf8(data: bytes) -> bool:
    # By slices: decoding the whole file at once allocates a string of its size up front even when the first
    # accent already fails. Freeing that block makes glibc serve every later allocation of up to its size
    # from the heap, where the copy made next stays as a hole of the file's size (about 30 MB at 20,000
    # pupils) for the rest of the process.
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), _UTF8_CHECK_BYTES):
            decoder.decode(view[start : start + _UTF8_CHECK_BYTES])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _read_as(data: bytes, encoding: bytes, code: str, what: str) -> Prepared:
    advice = " Vérifiez les accents des noms ; au besoin, téléchargez de nouveau l'export depuis SIECLE."
    return Prepared(_redeclare(data, encoding), [Notice(code, what + advice)])


def prepare(data: bytes) -> Prepared:
    """The bytes to hand to lxml, how to read its strings, and a warning when the declaration lied."""
    if data.startswith(UTF8_BOM):
        return _without_bom(data)
    declared = declared_encoding(data)
    if declared is None or not _SINGLE_BYTE.match(declared):
        return Prepared(data)
    if not data.isascii() and _is_utf8(data):
        return _read_as(data, b"UTF-8", "mislabelled_utf8",
                        f"Le fichier annonce l'encodage {declared} mais il est en réalité enregistré en "
                        "UTF-8 (il a probablement été ouvert puis réenregistré dans un éditeur) : il a été "
                        "lu en UTF-8.")
    if declared.lower().startswith(("iso", "latin", "l")) and _C1_BYTES.search(data):
        return _read_as(data, b"windows-1252", "mislabelled_cp1252",
                        f"Le fichier annonce l'encodage {declared} mais contient des caractères Windows-1252 "
                        "(’, Œ, œ…) : il a été lu en Windows-1252.")
    if declared.lower() in _LATIN9_NAMES:
        return Prepared(_redeclare(data, b"ISO-8859-1"), latin9_as_latin1=True)
    return Prepared(data)
