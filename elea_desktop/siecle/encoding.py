"""Making sure lxml decodes the export's bytes as what they really are.

Real exports declare ISO-8859-15 (where ``œ`` is 0xBD). libxml2 decodes that through iconv at about half
its UTF-8 speed, so single-byte documents that Python's own exact codecs know are transcoded to UTF-8
(bytes, declaration rewritten) before parsing; anything else is left to libxml2.

A file re-saved as UTF-8 by an editor keeps its ISO-8859-15 declaration: every byte is still valid Latin-9,
so it would decode silently into mojibake (``Ã©``). Valid multi-byte UTF-8 is essentially never meaningful
Latin-9 text for names, so such a file is read as UTF-8, with a warning.
"""

from __future__ import annotations

import re

from elea_desktop.siecle.model import Notice

UTF8_BOM = b"\xef\xbb\xbf"
_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])([A-Za-z0-9._:-]+)\2")
_SINGLE_BYTE = re.compile(r"^(iso[-_]?8859|latin|l\d|windows-125|cp125|us-ascii|ascii)", re.IGNORECASE)
# Python codecs that match what libxml2/iconv would do for these declarations, byte for byte.
_TRANSCODABLE = {
    "iso-8859-15": "iso8859_15", "iso8859-15": "iso8859_15", "latin-9": "iso8859_15", "latin9": "iso8859_15",
    "iso-8859-1": "latin_1", "iso8859-1": "latin_1", "latin1": "latin_1", "latin-1": "latin_1",
    "windows-1252": "cp1252", "cp1252": "cp1252", "us-ascii": "ascii", "ascii": "ascii",
}


def declared_encoding(data: bytes) -> str | None:
    match = _DECLARATION.match(data[:256])
    return match.group(3).decode("ascii") if match else None


def _declare_utf8(data: bytes) -> bytes:
    head = _DECLARATION.sub(lambda m: m.group(1) + m.group(2) + b"UTF-8" + m.group(2), data[:256], count=1)
    return head + data[256:]


def prepare(data: bytes) -> tuple[bytes, list[Notice]]:
    """The bytes to hand to lxml, and a warning when the declaration had to be corrected."""
    if data.startswith(UTF8_BOM):
        return data, []  # a BOM makes libxml2 read UTF-8 whatever the declaration says
    declared = declared_encoding(data)
    if declared is None or not _SINGLE_BYTE.match(declared):
        return data, []
    codec = _TRANSCODABLE.get(declared.lower())
    if data.isascii():
        return (_declare_utf8(data) if codec else data), []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        if codec is None:
            return data, []
        try:
            return _declare_utf8(data.decode(codec).encode("utf-8")), []
        except UnicodeError:
            return data, []  # let libxml2 report the undecodable byte
    notice = Notice(
        "mislabelled_utf8",
        f"Le fichier annonce l'encodage {declared} mais il est en réalité enregistré en UTF-8 "
        "(il a probablement été ouvert puis réenregistré dans un éditeur) : il a été lu en UTF-8. "
        "Vérifiez les accents des noms ; au besoin, téléchargez de nouveau l'export depuis SIECLE.",
    )
    return _declare_utf8(data), [notice]
