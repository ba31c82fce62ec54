# newsledger: `make demo` runs the main job on the bundled example corpus; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.duckdb

.PHONY: install demo test bench train-quotes train-events lock clean

install: $(STAMP)

# `make install` is for working on newsledger: the runtime, Ray, and the test/bench tools
# (requirements-dev.lock). A user who only runs it installs requirements.lock (README).
$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	# The bytecode a regular install compiles: an editable one leaves it to the first import, which
	# never writes it where PYTHONDONTWRITEBYTECODE is set, so every command compiled ~70 modules.
	$(BIN)/python -m compileall -q newsledger
	touch $(STAMP)

demo: install
	$(BIN)/newsledger ingest examples/corpus --db $(DEMO_DB)
	$(BIN)/newsledger query events --db $(DEMO_DB) --actor RUS
	$(BIN)/newsledger query quotes --db $(DEMO_DB) --speaker Sherman
	$(BIN)/newsledger analyze examples/corpus/geneva-talks.jsonl --format md

test: install
	$(BIN)/python -m pytest -q

bench: install
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Retrains the quote stage's cue and keep models on PolNeAR train (needs ../shared beside the repo).
train-quotes: install
	$(BIN)/python -m newsledger.quotes.train --polnear ../shared/data/polnear --out newsledger/quotes/data

# Retrains the event coder's type and role models on PLV train (needs ../shared beside the repo).
train-events: install
	$(BIN)/python -m newsledger.events.train --plv ../shared/data/plv/PLV_train.tsv --out newsledger/events/data

# Re-pin every dependency (with hashes) after changing pyproject.toml: the runtime, runtime + Ray,
# and everything a developer needs (the dev lock's pins lead, so the three agree).
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(LOCK) --extra ray --extra test --extra bench --extra build -o requirements-dev.lock pyproject.toml
	$(LOCK) --constraint requirements-dev.lock -o requirements.lock pyproject.toml
	$(LOCK) --constraint requirements-dev.lock --extra ray -o requirements-ray.lock pyproject.toml

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache
