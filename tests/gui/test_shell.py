"""The window's shell: the section bar, its shortcuts, and the sections locked while an import runs."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, drop_file, make_export

CTRL = Qt.KeyboardModifier.ControlModifier


def test_ctrl_1_2_3_switch_sections_and_the_title_follows(qtbot, window):
    assert window.current_section is window.importer
    assert window.bar.buttons[0].isChecked()
    with qtbot.waitSignal(window.accounts.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_section is window.accounts and window.bar.buttons[1].isChecked()
    assert window.windowTitle().startswith("Comptes")
    assert window.accounts.empty.isVisible()  # a fresh directory says where accounts come from
    with qtbot.waitSignal(window.batches.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.current_section is window.batches
    assert window.windowTitle().startswith("Lots d'identifiants")
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert window.current_section is window.importer
    assert window.windowTitle().startswith("Importer des utilisateurs")
    qtbot.mouseClick(window.bar.buttons[1], Qt.MouseButton.LeftButton)
    assert window.current_section is window.accounts


def test_sections_are_locked_while_an_import_runs_then_show_its_accounts(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.importer.analysis_ready, timeout=WAIT_MS):
        drop_file(window.importer.drop_page.drop_zone, make_export(tmp_path / "in", 24))
    during = []

    def started(_job):
        during.append([b.isEnabled() for b in window.bar.buttons] + [window.settings_button.isEnabled()])
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # ignored: the directory is being written
        during.append(window.current_section is window.importer)

    window.importer.import_started.connect(started)
    with qtbot.waitSignal(window.importer.import_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(window.importer.drop_page.import_button, Qt.MouseButton.LeftButton)
    assert during == [[True, False, False, False], True]
    assert all(b.isEnabled() for b in window.bar.buttons) and window.settings_button.isEnabled()
    window.importer.credentials.done = True
    # The Comptes section shows what the import made.
    with qtbot.waitSignal(window.accounts.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.accounts.model.rowCount() == done.args[0].counts["users_created"] == 24
    with qtbot.waitSignal(window.batches.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.batches.model.rowCount() == 1
    assert window.batches.model.index(0, 5).data() == "à distribuer"


def test_start_up_banner_lists_every_batch_still_to_hand_out(qtbot, data_dir, dialogs):
    from elea_desktop.directory.store import Directory
    from tests.gui.test_accounts_section import seed_directory
    from tests.siecle_factory import generate_pupils
    from ui.main_window import MainWindow

    seed_directory(data_dir, generate_pupils(12, classes=("6A",)))
    with Directory.open(data_dir) as directory:
        reset = directory.reset_password(directory.list_accounts()[0].username)
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.importer.state_loaded, timeout=WAIT_MS):
        window.show()
    text = window.importer.drop_page.held_text.text()
    assert "13 identifiants, en 2 lots" in text
    assert f"lot n° {reset} " in text and "lot n° 1 " in text and "12 élèves" in text
    assert text.index(f"lot n° {reset} ") < text.index("lot n° 1 ")  # newest first
    window.close()
