"""``python -m ui.screenshots_staff OUTDIR [--screen 1366x768|1024x600]``: the staff (STS-web) flow rendered
offscreen to PNG, for review: step 1 to 4 for a staff file, the Comptes section filtered on staff, Réglages.

Same approach as ``ui.screenshots`` (generated data in a temporary folder, dialogs answered by code).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui.event_wait import wait_for  # noqa: E402
from ui.screenshots import _until_idle, answer_dialogs, parse_screen, shooter, work_folder  # noqa: E402


def main(argv: list[str]) -> int:
    out, size = parse_screen(argv, "artifacts/screenshots-staff")
    work = work_folder("elea-staff-screens-")
    from tests.siecle_factory import generate_pupils, write_export
    from tests.sts_factory import FakeStaff, generate_staff, write_sts
    from ui.app import create_application
    from ui.dialogs import notices, welcome
    from ui.main_window import MainWindow

    app = create_application([])
    answer_dialogs()
    notices.show_notice = lambda *a, **k: None  # type: ignore[assignment]
    welcome.show_welcome = lambda *a, **k: None  # type: ignore[assignment]
    pupils = write_export(work / "ExportXML_ElevesSansAdresses.zip",
                          generate_pupils(120, classes=("6A", "5A")), export_date="02/09/2025")
    staff = [*generate_staff(60), FakeStaff("99", "LONGUE", "Absence", function=None)]
    sts = write_sts(work, staff)
    shot = shooter(out)

    window = MainWindow(work / "data")
    window.resize(*size)
    window.show()
    wait_for(window.importer.state_loaded)
    window.importer.open_file(pupils)
    wait_for(window.importer.analysis_ready)
    window.importer.drop_page.import_button.click()
    wait_for(window.importer.import_finished)
    window.importer.credentials.done = True
    window.importer.new_import()

    window.importer.open_file(sts)
    wait_for(window.importer.analysis_ready)
    shot(window, "s1-depot-personnels")
    window.importer.drop_page.import_button.click()
    wait_for(window.importer.import_finished)
    window.importer.show_step(1)
    shot(window, "s2-fonctions")
    window.importer.show_step(2)
    shot(window, "s3-personnels")
    window.importer.show_step(3)
    shot(window, "s4-rapport")
    window.importer.credentials.done = True
    window.show_section("accounts")
    _until_idle(window)
    window.accounts.role_filter.setCurrentIndex(window.accounts.role_filter.findData("staff"))
    shot(window, "s5-comptes-personnels")
    window.open_settings()
    shot(window.settings_dialog, "s6-reglages")
    window.settings_dialog.tabs.setCurrentWidget(window.settings_dialog.staff_box)
    shot(window.settings_dialog, "s7-reglages-personnels")
    window.settings_dialog.reject()
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
