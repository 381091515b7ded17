# Understudy — the documented verbs. `make run` and `make test` bootstrap .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
TEST_WORKERS ?= 3
# pytest-xdist workers for `make test`: more than the 2 cores, as many tests mostly wait
# (Locust runs, rate-limit windows, subprocess start-up); tests sharing a module-scoped
# fixture stay on one worker (tests/conftest.py). `make test TEST_WORKERS=0`: serial.
SPECTRAL_VERSION := 6.16.3
SPECTRAL := .tools/node_modules/.bin/spectral
PRISM_VERSION := 5.14.2
PRISM := bench/.tools/node_modules/.bin/prism
BENCH_SECONDS ?= 2
PACKAGES := understudy contract mockserver conformance loadtests
CODE := $(PACKAGES) bench tests

.PHONY: install browser spectral run test test-fast lint format conform load bench soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

browser:  ## Debian's Chromium for the tests that look at pages (Playwright drives it)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

$(SPECTRAL):
	npm install --silent --no-audit --no-fund --prefix .tools @stoplight/spectral-cli@$(SPECTRAL_VERSION)

$(PRISM):
	npm install --silent --no-audit --no-fund --prefix bench/.tools @stoplight/prism-cli@$(PRISM_VERSION)

spectral: $(SPECTRAL)  ## the Spectral CLI (Node), project-local in .tools/, for `understudy lint`

run: install  ## start the mock with every API on http://127.0.0.1:$(PORT)
	$(BIN)/understudy mock --port $(PORT)

# `make test`: mypy (one core, ~30 s cold) runs beside the spec lint + ruff (the other core);
# both must pass before pytest starts. `make -j3 test` (.ci/run) also installs in parallel.
test: install browser spectral  ## spec lint (+ Spectral), code lint + types, unit + integration + conformance + load tests
	$(BIN)/mypy $(PACKAGES) & types=$$!; \
	$(BIN)/understudy lint --require-spectral && $(BIN)/ruff check $(CODE) \
		&& $(BIN)/ruff format --check $(CODE); lints=$$?; \
	wait $$types && [ $$lints -eq 0 ]
	$(BIN)/python -m pytest tests -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadgroup

lint: install spectral
	$(BIN)/understudy lint --require-spectral
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy $(PACKAGES)

format: install
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

bench: install $(PRISM)  ## the mock against bare Starlette and Prism 5, same run, + the scaling run (< 3 min)
	$(BIN)/python -m bench.run --duration $(BENCH_SECONDS) --json out/bench.json

soak: install  ## the hostile mix against a fresh mock for a bounded time (3 x SOAK_SECONDS)
	$(BIN)/python bench/soak.py --seconds $(or $(SOAK_SECONDS),10)

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache out
