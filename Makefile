# Two entry points for a fresh machine (Python 3.11 on PATH):
#   make demo   generate 1,000 sample persons and run the whole job on DuckDB
#   make test   install the test tools and run every test (what CI runs)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PERSONS ?= 1000

.PHONY: demo test test-spark lint ui install install-dev install-spark browser postgres-server clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

demo: install
	$(BIN)/c360 demo --persons $(PERSONS)

# Browser tests drive Debian's chromium (never a downloaded browser).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium fonts-liberation)

# The engine parity test (tests/test_engines.py) starts a throwaway PostgreSQL 15 server
# from Debian's server binaries.
postgres-server:
	@test -x /usr/lib/postgresql/15/bin/initdb || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15)

test: install-dev browser postgres-server
	$(BIN)/pytest -n 2 --dist loadgroup

install-spark: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,spark]'

# The Spark half of the engine parity test (tests/test_engines_spark.py): not in `make test`
# (CI) because it takes far longer than the rest of the suite on 2 cores; needs Java 17+.
test-spark: install-spark
	C360_TEST_SPARK=1 $(BIN)/pytest -n 2 --dist loadgroup tests/test_engines_spark.py

# sqlfluff compiles the models against an empty scratch warehouse: against a built one,
# is_incremental() is true and it would lint the incremental branch instead.
lint: install-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	scratch=$$(mktemp -d) && C360_WAREHOUSE=$$scratch/lint.duckdb DBT_TARGET_PATH=$$scratch/target \
		DBT_LOG_PATH=$$scratch/logs $(BIN)/sqlfluff lint models macros tests/dbt; \
		status=$$?; rm -rf $$scratch; exit $$status

ui: install
	$(BIN)/c360 ui

clean:
	rm -rf target logs data .dagster_home test-artifacts
