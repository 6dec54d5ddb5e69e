"""Éléa Desktop core: everything that does not need Qt.

Nothing in this package may import PySide6: the command line and the tests use it headless.
"""

APP_NAME = "Éléa Desktop"
APP_ID = "elea-desktop"
_FALLBACK_VERSION = "0.1.0"  # frozen build or source tree without install


def version() -> str:
    """The installed distribution's version, looked up only when asked: ``importlib.metadata`` costs a
    few tens of milliseconds at every start-up (it imports email, zipfile, csv…)."""
    from importlib import metadata

    try:
        return metadata.version("elea-desktop")
    except metadata.PackageNotFoundError:
        return _FALLBACK_VERSION


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
