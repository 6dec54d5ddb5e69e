# Every target sets up what it needs: a fresh machine only needs python3 (>= 3.11) with venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench screenshots package windows windows-test clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,build]"
	touch $(STAMP)

run: $(STAMP)
	bash scripts/desktop_libs.sh
	$(PY) main.py

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots artifacts/screenshots/1366x768 --screen 1366x768
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots artifacts/screenshots/1024x600 --screen 1024x600

package: $(STAMP)
	$(PY) scripts/package_linux.py

# Windows bundle and installer under Wine (see README, « Paquet Windows et Linux »). Work folders:
# build/windows (downloads reused by the next run), dist/windows, dist/installer.
windows: $(STAMP)
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) scripts/package_windows.py $(WINDOWS_ARGS)

windows-test: $(STAMP)
	$(PY) scripts/windows_tests.py $(WINDOWS_TEST_ARGS)

clean:
	rm -rf $(VENV) build dist artifacts .pytest_cache
