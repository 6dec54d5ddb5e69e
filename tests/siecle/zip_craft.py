"""Hand-built zip archives for hostile-input tests: whatever headers we want, built in memory cheaply."""

from __future__ import annotations

import struct
import zlib

DEFLATED = 8


def raw_zip(
    name: str, payload: bytes, *, file_size: int, crc: int, method: int = DEFLATED, flags: int = 0
) -> bytes:
    """One-member zip whose headers say exactly what we are told, whatever ``payload`` really holds."""
    encoded = name.encode("utf-8")
    # Both headers carry these fields in this order: flags, method, time, date, CRC, compressed size,
    # size, name length, extra length; the central one adds comment, disk, attributes and offset.
    shared = (flags, method, 0, 0x21, crc, len(payload), file_size, len(encoded), 0)
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, *shared)
    central = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, *shared, 0, 0, 0, 0, 0)
    body = local + encoded + payload
    directory = central + encoded
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def deflate_of_zeros(total: int, chunk: int = 1 << 20) -> bytes:
    """A raw Deflate stream that inflates to ``total`` zero bytes, built from one compressed chunk.

    After a full flush the compressor forgets its history, so every chunk compresses to the same bytes:
    2 GiB of zeros costs one 1 MiB compression and about 2 MB of memory.
    """
    assert total % chunk == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(chunk)) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(bytes(chunk)) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert again == block
    return block * (total // chunk) + compressor.flush()


def set_encrypted_flag(data: bytes) -> bytes:
    """Sets bit 0 (« encrypted ») in every local and central header of an ordinary zip."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (index := out.find(signature, start)) >= 0:
            out[index + offset] |= 0x1
            start = index + 4
    return bytes(out)
