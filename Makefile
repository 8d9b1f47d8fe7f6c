# Two commands for a fresh Linux machine with Python 3.11:
#   make run    install, load the sample articles into an empty store, start the dashboard on :8501
#   make test   install (system packages too), run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test system-deps bench screenshots clean

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

run: $(BIN)/.installed
	$(BIN)/stance dashboard

# Debian's chromium for the real-browser test (Playwright's own browser download does not work here),
# and Debian's postgresql, whose initdb/pg_ctl the tests use to start a throwaway server (tests/db_fixtures.py).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test: $(BIN)/.installed system-deps
	$(BIN)/python -m pytest

bench: $(BIN)/.installed
	$(BIN)/python bench/classifier_speed.py
	$(BIN)/python bench/analyze_speed.py
	$(BIN)/python bench/attribution_speed.py
	$(BIN)/python bench/dashboard_speed.py
	$(BIN)/python bench/bulk_ingest.py --articles 1000

# Refresh docs/overview.png and docs/briefing.png (the README shows them) from the browser test.
screenshots: $(BIN)/.installed system-deps
	STANCE_SCREENSHOT_DIR=docs $(BIN)/python -m pytest tests/test_browser.py

clean:
	rm -rf $(VENV) .pytest_cache
