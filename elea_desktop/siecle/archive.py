"""From the bytes the user gave to the bytes of the XML document, never touching the disk.

A SIECLE export is downloaded as a zip holding one Deflate member; users also hand over the bare XML or
a re-zipped copy (macOS adds ``__MACOSX/``). Everything that could exhaust memory or escape a folder is
refused before any byte is decompressed; the CRC is checked when the member has been fully read.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from elea_desktop.errors import ExportError

MAX_ENTRIES = 50
# A real export of 5,000 pupils is under 10 MB of XML; this leaves a wide margin.
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_RATIO = 100  # real exports compress 13:1 to 23:1
RATIO_FLOOR = 1024 * 1024  # tiny members may compress absurdly well without being a threat
SUPPORTED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
MAX_NESTING = 1
READ_CHUNK = 1024 * 1024

_EXPECTED_MEMBER = re.compile(r"eleves.*\.xml$", re.IGNORECASE)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ADVICE = (
    "Téléchargez de nouveau l'export « Élèves sans adresse » depuis SIECLE et donnez le fichier tel quel."
)


def is_zip(data: bytes) -> bool:
    return data[:4] in _ZIP_MAGIC


def looks_like_xml(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") or data[:2] in (b"\xff\xfe", b"\xfe\xff")


def extract_xml(data: bytes, name: str = "") -> tuple[bytes, str]:
    """Returns the XML bytes and the name of the member they come from (``name`` for a bare XML)."""
    if not data:
        raise ExportError(f"Le fichier « {name} » est vide. {_ADVICE}", code="empty_file")
    if is_zip(data):
        return _read_archive(data, depth=0)
    if data.startswith(b"%PDF"):
        raise ExportError(
            f"Le fichier « {name} » est un document PDF, pas un export SIECLE. Il faut l'archive "
            "« ExportXML_ElevesSansAdresses.zip » : dans SIECLE, Exportations › En XML › "
            "Élèves sans adresse.",
            code="not_an_export",
        )
    if name.lower().endswith(".zip"):
        raise ExportError(
            f"Le fichier « {name} » porte le nom d'une archive zip mais n'en est pas une (fichier endommagé "
            f"ou renommé). {_ADVICE}",
            code="not_a_zip",
        )
    if looks_like_xml(data):
        return data, name
    raise ExportError(
        f"Le fichier « {name} » n'est ni une archive zip ni un fichier XML : ce n'est pas un export SIECLE. "
        f"{_ADVICE}",
        code="not_an_export",
    )


def _is_ignored(member: str) -> bool:
    parts = [p for p in member.split("/") if p]
    return not parts or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts)


def _is_unsafe_name(member: str) -> bool:
    parts = member.split("/")
    return (
        member.startswith("/")
        or re.match(r"^[A-Za-z]:", member) is not None
        or ".." in parts
        or "\x00" in member
    )


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    if not infos:
        raise ExportError(f"L'archive est vide : elle ne contient aucun fichier. {_ADVICE}",
                          code="empty_archive")
    if len(infos) > MAX_ENTRIES:
        raise ExportError(
            f"L'archive contient {len(infos)} fichiers ; un export SIECLE n'en contient qu'un. {_ADVICE}",
            code="too_many_entries",
        )
    total = 0
    for info in infos:
        member = info.filename.replace("\\", "/")
        if _is_unsafe_name(member):
            raise ExportError(
                f"L'archive contient un nom de fichier dangereux (« {info.filename} ») : elle a été refusée "
                f"par sécurité. {_ADVICE}",
                code="unsafe_member_name",
            )
        if info.flag_bits & 0x1:
            raise ExportError(
                "L'archive est protégée par un mot de passe. Les exports SIECLE ne le sont pas : "
                f"{_ADVICE[0].lower()}{_ADVICE[1:]}",
                code="encrypted_archive",
            )
        if info.compress_type not in SUPPORTED_METHODS:
            raise ExportError(
                "L'archive utilise une méthode de compression non prise en charge. "
                f"{_ADVICE}",
                code="unsupported_compression",
            )
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise ExportError(
                "L'archive décompressée dépasserait "
                f"{MAX_UNCOMPRESSED // (1024 * 1024)} Mo, bien plus qu'un export SIECLE réel : elle a été "
                f"refusée. {_ADVICE}",
                code="archive_too_large",
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ExportError(
                "L'archive est anormalement compressée (possible « bombe zip ») : elle a été refusée par "
                f"sécurité. {_ADVICE}",
                code="suspicious_compression",
            )


def _choose_member(infos: list[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    candidates = [
        i for i in infos if not i.is_dir() and not _is_ignored(i.filename.replace("\\", "/"))
    ]
    xml = [i for i in candidates if i.filename.lower().endswith(".xml")]
    expected = [i for i in xml if _EXPECTED_MEMBER.search(i.filename.replace("\\", "/").rsplit("/", 1)[-1])]
    if len(expected) == 1:
        return expected[0]
    if len(expected) > 1 or len(xml) > 1:
        names = ", ".join(f"« {i.filename} »" for i in (expected or xml)[:5])
        raise ExportError(
            f"L'archive contient plusieurs fichiers XML ({names}) : impossible de savoir lequel lire. "
            f"{_ADVICE}",
            code="ambiguous_archive",
        )
    if len(xml) == 1:
        return xml[0]
    inner = [i for i in candidates if i.filename.lower().endswith(".zip")]
    if len(inner) == 1 and len(candidates) == 1:
        return inner[0]
    raise ExportError(
        f"L'archive ne contient aucun fichier XML : ce n'est pas un export SIECLE. {_ADVICE}",
        code="no_xml_in_archive",
    )


def _corrupt(detail: str = "") -> ExportError:
    return ExportError(
        f"L'archive est endommagée ou incomplète{detail} : elle ne peut pas être lue. {_ADVICE}",
        code="corrupt_archive",
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    # Small reads: zipfile inflates up to the requested size before trimming to the declared size, so one
    # big read of a member that lies about its size would allocate the whole limit at once.
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as stream:
        while size <= MAX_UNCOMPRESSED and (chunk := stream.read(READ_CHUNK)):
            chunks.append(chunk)
            size += len(chunk)
    if size > MAX_UNCOMPRESSED:
        raise ExportError(
            f"Le fichier de l'archive dépasse {MAX_UNCOMPRESSED // (1024 * 1024)} Mo : il a été refusé. "
            f"{_ADVICE}",
            code="archive_too_large",
        )
    return b"".join(chunks)


def _read_archive(data: bytes, *, depth: int) -> tuple[bytes, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_entries(infos)
            info = _choose_member(infos)
            content = _read_member(archive, info)
    except ExportError:
        raise
    except zipfile.BadZipFile as error:
        raise _corrupt(" (somme de contrôle incorrecte)" if "CRC" in str(error) else "") from error
    except (EOFError, OSError, zlib.error, ValueError, RuntimeError, NotImplementedError, OverflowError,
            IndexError, KeyError) as error:
        raise _corrupt() from error
    if info.filename.lower().endswith(".zip"):
        if depth >= MAX_NESTING or not is_zip(content):
            raise ExportError(
                f"L'archive contient une autre archive qui n'a pas pu être lue. {_ADVICE}",
                code="no_xml_in_archive",
            )
        return _read_archive(content, depth=depth + 1)
    return content, info.filename
