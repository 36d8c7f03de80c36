# Two commands for everyone: `make run` builds a release, `make test` runs the tests.
# Both create .venv (from python3) when it is missing and install the project into it.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export GX_ANALYTICS_ENABLED := false
export DAGSTER_DISABLE_TELEMETRY := true

.PHONY: run test test-fast dev lint expectations bench coverage clean-state

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# The local instance: SQLite storage, a run queue of at most two runs (see the file).
$(DAGSTER_HOME)/dagster.yaml: deploy/dagster.local.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp $< $@

run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/yjdata build

# Two workers, a test file each at a time (module fixtures such as a corpus build stay in
# one worker): the suite is mostly single-threaded Dagster runs, so two cores halve it.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The same without the tests marked slow (whole builds, about half the suite's time): for a
# quick loop while changing code; `make test` (and CI) still runs everything.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not slow"

dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS=true $(BIN)/dagster dev -w workspace.yaml

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests benchmarks

# Synthetic corpora of 100, 1,000 and 5,000 documents through `yjdata extract`; writes
# benchmarks/results.md and .json (BENCH_ARGS="--sizes 100" for a quick run).
bench: $(STAMP)
	$(BIN)/python benchmarks/run_bench.py $(BENCH_ARGS)

# Every document in ../shared/real-plans (or COVERAGE_ARGS="--sources DIR") through the
# per-document pipeline; writes benchmarks/coverage.md and .json. Exits 0 when absent.
coverage: $(STAMP)
	$(BIN)/python benchmarks/coverage.py $(COVERAGE_ARGS)

expectations: $(STAMP)
	$(BIN)/yjdata expectations

clean-state:
	rm -rf $(DAGSTER_HOME)
