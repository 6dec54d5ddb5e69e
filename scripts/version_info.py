"""Fill ``installer/version_info.txt.in`` with the version of ``pyproject.toml``.

    python scripts/version_info.py [OUTPUT]      (default: build/version_info.txt)

``build.spec`` calls :func:`write_version_file` on Windows (the resource is Windows-only);
``installer/build-windows.ps1`` calls this script too, so the filled file can be inspected.
The template uses ``@VERSION@`` (e.g. ``0.1.0``) and ``@VERSION_TUPLE@`` (e.g. ``0, 1, 0, 0``).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "installer" / "version_info.txt.in"


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    with pyproject.open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """The four 16-bit numbers of a Windows file version: ``0.1.0rc1`` → ``(0, 1, 0, 0)``."""
    numbers = [int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3]]
    numbers += [0] * (4 - len(numbers))
    if any(n > 0xFFFF for n in numbers):
        raise ValueError(f"version {version!r} does not fit a Windows file version")
    return numbers[0], numbers[1], numbers[2], numbers[3]


def render(version: str, template: str | None = None) -> str:
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    numbers = ", ".join(str(n) for n in version_tuple(version))
    text = text.replace("@VERSION_TUPLE@", numbers).replace("@VERSION@", version)
    leftover = re.search(r"@[A-Z_]+@", text)
    if leftover:
        raise ValueError(f"unknown placeholder {leftover.group()} in the version template")
    return text


def write_version_file(output: Path, version: str | None = None) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(version or project_version()), encoding="utf-8")
    return output


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else ROOT / "build" / "version_info.txt"
    version = project_version()
    write_version_file(output, version)
    print(f"{output}: version {version} {version_tuple(version)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
