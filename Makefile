# Every target sets up what it needs: a fresh machine only needs python3 (>= 3.11) with venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench screenshots package clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,build]"
	touch $(STAMP)

run: $(STAMP)
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

clean:
	rm -rf $(VENV) build dist artifacts .pytest_cache
