"""Public entry point: ``read_export`` turns what the user gave into an ``Export`` or an ``ExportError``.

Nothing is ever written to disk. Codes are stable (tests, JSON output and the UI rely on them).

Refusals (``ExportError.code``):
    file_not_found, file_unreadable, file_too_large, empty_file
    not_an_export            neither zip nor XML (random bytes, PDF…), or an XML whose root is unknown
    not_a_zip                named ``.zip`` but not a zip archive
    empty_archive, too_many_entries, encrypted_archive, unsupported_compression,
    archive_too_large        uncompressed content over the limit
    suspicious_compression   compression ratio over ~100 (zip bomb)
    corrupt_archive          truncated archive, bad CRC…
    unsafe_member_name       absolute or ``..`` member name
    no_xml_in_archive, ambiguous_archive
    forbidden_dtd            DOCTYPE / ENTITY (XXE, billion laughs)
    malformed_xml, unsupported_encoding
    wrong_file_type          a sibling SIECLE/STS export (responsables, nomenclatures, structures…)
    duplicate_eleve_id, too_many_pupils

Warnings (``Notice.code``, in ``Export.warnings``; ``eleve_id`` set when about one pupil):
    mislabelled_utf8         declared ISO-8859-15 but really UTF-8: read as UTF-8
    with_addresses           « Élèves avec adresses » file: accepted, addresses ignored
    missing_uai, invalid_uai, missing_school_year, invalid_school_year,
    missing_export_date, invalid_export_date
    no_structures, no_pupils
    missing_eleve_id         pupil skipped
    missing_name             no family name or first name: pupil skipped
    several_divisions        several D: the last one is kept
    future_exit_date         DATE_SORTIE after the export date: still active
    invalid_date             unreadable DATE_NAISS or DATE_SORTIE (ignored)
    implausible_birth_date   DATE_NAISS in the future or before 1900 (kept)
    missing_ine, duplicate_ine
    unencodable_character    a name contains « ? » (SIECLE could not export a character)
    mislabelled_cp1252       declared ISO-8859-x but holds Windows-1252 C1 bytes: read as Windows-1252
    control_character        control or bidi-override characters removed from a name
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

from elea_desktop.errors import ExportError
from elea_desktop.siecle import archive, encoding, parser
from elea_desktop.siecle.assemble import build_export
from elea_desktop.siecle.model import Export

MAX_INPUT_BYTES = 64 * 1024 * 1024


def _load(source: str | os.PathLike) -> bytes:
    path = Path(source)
    shown = path.name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ExportError(
                f"Le fichier « {shown} » est trop volumineux pour être un export SIECLE "
                f"(plus de {MAX_INPUT_BYTES // (1024 * 1024)} Mo). Vérifiez que vous avez choisi le bon "
                "fichier.",
                code="file_too_large",
            )
        with path.open("rb") as stream:
            # read(n) allocates n bytes up front: ask for the real size (+1 to notice a growing file).
            return stream.read(size + 1)
    except FileNotFoundError as error:
        raise ExportError(f"Le fichier « {path} » est introuvable. Vérifiez son nom et son emplacement.",
                          code="file_not_found") from error
    except IsADirectoryError as error:
        raise ExportError(f"« {path} » est un dossier, pas un fichier. Choisissez l'archive exportée "
                          "de SIECLE.", code="file_unreadable") from error
    except OSError as error:
        raise ExportError(f"Le fichier « {path} » ne peut pas être lu ({error.strerror or error}). "
                          "Vérifiez qu'il n'est pas ouvert dans un autre programme.",
                          code="file_unreadable") from error


def load_input(source: str | os.PathLike | bytes, name: str | None = None) -> tuple[bytes, str]:
    """The file's bytes (``source`` is a path or the bytes themselves) and the name messages show;
    refuses a file too large to be an export (the STS-web reader rewords the refusal)."""
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), name or "fichier fourni"
    else:
        data, name = _load(source), name or Path(source).name
    if len(data) > MAX_INPUT_BYTES:
        raise ExportError(f"Le fichier « {name} » est trop volumineux pour être un export SIECLE.",
                          code="file_too_large")
    return data, name


def read_export(source: str | os.PathLike | bytes, *, name: str | None = None,
                today: date | None = None) -> Export:
    """Reads a SIECLE « Élèves sans adresse » export (zip as downloaded, or bare XML).

    ``name`` is the file name shown in messages (default: the path's name); ``today`` is the day of reading,
    used to classify leavers when the file has no export date.
    """
    data, name = load_input(source, name)
    digest = hashlib.sha256(data).hexdigest()
    xml, member = archive.extract_xml(data, name)
    prepared = encoding.prepare(xml)
    del xml  # the prepared copy is enough: keep the peak memory low
    raw = parser.parse(prepared.data, member or name, latin9_as_latin1=prepared.latin9_as_latin1)
    return build_export(raw, today=today or date.today(), notices=prepared.notices, digest=digest,
                        source_name=name)
