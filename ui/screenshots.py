"""``python -m ui.screenshots OUTDIR``: every step of the window rendered offscreen to PNG, for review.

Generated pupils in a temporary data folder; dialogs answered by code (this is a review tool, not the
application, so it may wait on its own event loop for the window's signals).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402

from ui.event_wait import settle, wait_for  # noqa: E402

SIZE = (1180, 680)  # the window fit_to_screen opens on a 1366×768 screen (taskbar and title bar taken off)
# ``--screen 1024x600``: the window on that screen, as ``fit_to_screen`` sizes it.
SCREENS = {"1366x768": (1180, 680), "1024x600": (1000, 512)}


def parse_screen(argv: list[str], default_out: str) -> tuple[Path, tuple[int, int]]:
    """``OUTDIR [--screen 1366x768|1024x600]`` → (the output folder, created; the window's size)."""
    size = SCREENS["1366x768"]
    if "--screen" in argv:
        at = argv.index("--screen")
        size = SCREENS[argv[at + 1]]
        argv = argv[:at] + argv[at + 2:]
    out = Path(argv[0] if argv else default_out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    return out, size


def work_folder(prefix: str) -> Path:
    """A temporary folder for the generated files, with the window's data folder inside."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["ELEA_DESKTOP_DATA_DIR"] = str(work / "data")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # key file in the folder
    return work


def answer_dialogs() -> None:
    """Confirmations accepted, messages printed, save dialogs cancelled: nothing waits for a click."""
    from ui.dialogs import confirm, errors, files

    confirm.ask = lambda *a, **k: True  # type: ignore[assignment]
    errors.show_error = lambda parent, title, text: print("message:", title, text)  # type: ignore[assignment]
    errors.show_info = lambda parent, title, text: print("information:", text)  # type: ignore[assignment]
    files.choose_save_file = lambda *a: None  # type: ignore[assignment]


def shooter(out: Path):
    """``shot(widget, name)``: ``widget`` saved as ``out/name.png`` once the window has settled."""
    def shot(widget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    return shot


def main(argv: list[str]) -> int:
    global SIZE
    out, SIZE = parse_screen(argv, "artifacts/screenshots")
    work = work_folder("elea-screens-")
    from tests.siecle_factory import build_xml, generate_pupils, write_export
    from ui.app import create_application
    from ui.dialogs import errors
    from ui.main_window import MainWindow

    app = create_application([])
    answer_dialogs()
    errors.show_crash = lambda parent, details, log: print(details)  # type: ignore[assignment]

    for year in ("annee1", "annee2"):
        (work / year).mkdir()
    classes = ("6A", "6B", "6C", "5A", "5B", "4A", "4B", "3A", "3B")
    first = write_export(work / "annee1" / "ExportXML_ElevesSansAdresses.zip",
                         generate_pupils(240, classes=classes), export_date="02/09/2025")
    returning = generate_pupils(240, classes=classes)[20:]
    second = write_export(work / "annee2" / "ExportXML_ElevesSansAdresses.zip",
                          returning + generate_pupils(30, classes=("6A", "6D"), id_start=900, seed=7),
                          export_date="15/09/2025")
    shot = shooter(out)
    window = MainWindow(work / "data")
    window.resize(*SIZE)
    window.show()
    wait_for(window.importer.state_loaded)
    shot(window, "01-depot-vide")

    # A first year, imported straight away, so that the second one shows the password choice.
    window.importer.open_file(first)
    wait_for(window.importer.analysis_ready)
    shot(window, "02-depot-resume-premiere-importation")
    window.importer.drop_page.import_button.click()
    wait_for(window.importer.import_finished)
    window.importer.credentials.done = True

    window.importer.open_file(second)
    wait_for(window.importer.analysis_ready)
    shot(window, "03-depot-resume")

    # Hold the worker once in each stage so the live pages can be photographed mid-import.
    release = threading.Event()
    held = {"classes": threading.Event(), "users": threading.Event()}

    def hold(event):  # worker thread (direct connection)
        flag = held.get(event.stage)
        if flag is not None and not flag.is_set() and event.done * 2 >= event.total:
            flag.set()
            release.wait(30)
            release.clear()

    window.importer.import_started.connect(
        lambda job: job.progress.connect(hold, Qt.ConnectionType.DirectConnection))
    window.importer.drop_page.import_button.click()
    settle()
    if window.importer.choice_dialog is not None:
        shot(window.importer.choice_dialog, "04-choix-mots-de-passe")
        window.importer.choice_dialog.new_button.click()
    for stage, name in (("classes", "05-importation-classes"), ("users", "06-importation-utilisateurs")):
        while not held[stage].is_set():
            settle(20)
        shot(window, name)
        release.set()
    wait_for(window.importer.import_finished)
    shot(window, "07-importation-achevee")
    window.importer.show_step(3)
    shot(window, "08-rapport-identifiants")
    window.importer.report_page.tabs.setCurrentIndex(2)
    shot(window, "09-rapport-actualises")
    # A 1366×768 screen at 125 %: about 1093×582 logical pixels for the window.
    window.resize(1093, 582)
    window.importer.report_page.tabs.setCurrentIndex(0)
    shot(window, "10-petit-ecran-rapport")
    window.resize(*SIZE)
    wrong = work / "ExportXML_Responsables.xml"
    wrong.write_bytes(build_xml(generate_pupils(3), root="BEE_RESPONSABLES"))
    window.importer.new_import()
    window.importer.open_file(wrong)
    wait_for(window.importer.analysis_failed)
    shot(window, "11-fichier-refuse")
    window.open_settings()
    shot(window.settings_dialog, "12-reglages")
    window.settings_dialog.reject()
    window.importer.credentials.done = True
    shoot_sections(window, shot)
    from ui.screenshots_platform import shoot_platform

    shoot_platform(window, shot)
    window.importer.credentials.done = True
    window.close()
    app.processEvents()
    return 0


def _until_idle(window, timeout_s: float = 60) -> None:
    """Until the window's jobs (a section loading) are done."""
    import time

    deadline = time.monotonic() + timeout_s
    while window.jobs.busy and time.monotonic() < deadline:
        settle(20)


def shoot_sections(window, shot) -> None:
    from ui.screenshots_directory import shoot_account_actions, shoot_directory_menu

    """Comptes and Lots d'identifiants, at the default size and on the two small screens."""
    window.show_section("accounts")
    _until_idle(window)
    shot(window, "13-comptes")
    window.accounts.search.setText("lea")
    shot(window, "14-comptes-recherche")
    window.accounts.search.clear()
    window.show_section("batches")
    _until_idle(window)
    shot(window, "15-lots")
    shoot_batch_actions(window, shot)
    window.show_section("accounts")
    shoot_directory_menu(window, shot)
    shoot_account_actions(window, shot)
    for size in ((1366, 768), (1024, 600)):
        window.resize(*size)
        for key in ("accounts", "batches"):
            window.show_section(key)
            shot(window, f"16-{key}-{size[0]}x{size[1]}")
    window.resize(*SIZE)


def shoot_batch_actions(window, shot) -> None:
    """The Lots panel on one class of the older batch, its context menu, then a batch marked distributed."""
    from PySide6.QtWidgets import QMenu

    section = window.batches
    section.view.selectRow(min(1, section.model.rowCount() - 1))
    combo = section.panel.class_choice
    combo.setCurrentIndex(min(1, combo.count() - 1))
    shot(window, "15-lots-une-classe")
    menu = QMenu(section.view)
    menu.addActions(section.view.actions())
    menu.adjustSize()
    shot(menu, "15-lots-menu")
    section.view.selectRow(0)
    section.panel.purge_button.click()  # confirm.ask answers yes here
    _until_idle(window)
    shot(window, "15-lots-distribue")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
