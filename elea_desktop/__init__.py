"""Éléa Desktop core: everything that does not need Qt.

Nothing in this package may import PySide6: the command line and the tests use it headless.
"""

from importlib import metadata

APP_NAME = "Éléa Desktop"
APP_ID = "elea-desktop"

try:
    __version__ = metadata.version("elea-desktop")
except metadata.PackageNotFoundError:  # frozen build or source tree without install
    __version__ = "0.1.0"
