"""Writes ``resources/samples/ExportXML_ElevesSansAdresses.zip``: a fictional export shipped with the app.

Run: ``.venv/bin/python tests/make_sample_export.py``. The output is deterministic (fixed seed, fixed zip
timestamps), so re-running it only changes the file when this script changes.
"""

from __future__ import annotations

import dataclasses
import io
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.siecle_factory import build_xml, generate_pupils  # noqa: E402

TARGET = REPO / "resources" / "samples" / "ExportXML_ElevesSansAdresses.zip"
CLASSES = ("6A", "5B", "4C")


def sample_pupils():
    pupils = generate_pupils(60, classes=CLASSES, seed=2025, id_start=1826001)
    # One pupil left during the summer: still in the file, with an exit date and reason.
    pupils[17] = dataclasses.replace(pupils[17], exit_date="05/07/2025", exit_reason="42")
    return pupils


def sample_bytes() -> bytes:
    xml = build_xml(sample_pupils(), uai="0750680G", school_year=2025, export_date="15/09/2025",
                    horodatage="15/09/2025 10:42:17")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("ElevesSansAdresses.xml", date_time=(2025, 9, 15, 10, 42, 16))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # "made on Unix" whatever the OS: the same bytes on Windows (default 0 there)
        archive.writestr(info, xml)
    return buffer.getvalue()


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(sample_bytes())
    print(f"écrit : {TARGET.relative_to(REPO)} ({TARGET.stat().st_size} octets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
