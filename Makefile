# Understudy — the documented verbs. `make run` and `make test` bootstrap .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000

.PHONY: install browser run test test-fast lint format conform load bench soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

browser:  ## Debian's Chromium for the tests that look at pages (Playwright drives it)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

run: install  ## start the mock with every API on http://127.0.0.1:$(PORT)
	$(BIN)/understudy mock --port $(PORT)

test: install browser  ## spec lint, code lint + types, unit + integration + conformance + load tests
	$(BIN)/understudy lint
	$(BIN)/ruff check mockserver conformance loadtests bench tests
	$(BIN)/mypy mockserver conformance loadtests
	$(BIN)/python -m pytest tests -q -p no:cacheprovider

lint: install
	$(BIN)/understudy lint
	$(BIN)/ruff check mockserver conformance loadtests bench tests
	$(BIN)/ruff format --check mockserver conformance loadtests bench tests
	$(BIN)/mypy mockserver conformance loadtests

format: install
	$(BIN)/ruff format mockserver conformance loadtests bench tests
	$(BIN)/ruff check --fix mockserver conformance loadtests bench tests

bench: install  ## throughput of the mock against a bare Starlette baseline
	$(BIN)/python bench/throughput.py

soak: install  ## the hostile mix against a fresh mock for a bounded time (3 x SOAK_SECONDS)
	$(BIN)/python bench/soak.py --seconds $(or $(SOAK_SECONDS),10)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out
