# The Makefile is the interface: every command here works on a fresh clone (it makes its own venvs).
SHELL := /bin/bash
PY_VERSION ?= 3.13.0
VENV := .venv
SAM_VENV := .venv-sam
PY := $(VENV)/bin/python
# sam build looks for python3.13 on PATH: the project venv provides it.
SAM := PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(SAM_VENV)/bin/sam
export PYTHONPATH := layers/estore:local
export AWS_REGION ?= us-east-1
export AWS_DEFAULT_REGION ?= us-east-1
export SAM_CLI_TELEMETRY := 0
ENV ?= dev
PORT ?= 3000
AWS_PORT ?= 4566
export PORT AWS_PORT

# Python 3.13 (the Lambda runtime) through pyenv when it is there, else from PATH.
PYTHON313 := $(shell if command -v pyenv >/dev/null 2>&1 && PYENV_VERSION=$(PY_VERSION) pyenv which python3.13 >/dev/null 2>&1; then PYENV_VERSION=$(PY_VERSION) pyenv which python3.13; else command -v python3.13; fi)

.PHONY: help venv dev test test-unit test-integration test-e2e test-template lint format typecheck openapi \
        build deploy invoke token bench bench-imports bench-localcloud clean

help:
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

$(VENV)/.installed: requirements-dev.txt layers/estore/requirements.txt
	@test -n "$(PYTHON313)" || { echo "Python 3.13 not found (pyenv install 3.13.0)"; exit 1; }
	test -x $(PY) || $(PYTHON313) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(SAM_VENV)/.installed: requirements-sam.txt
	@test -n "$(PYTHON313)" || { echo "Python 3.13 not found (pyenv install 3.13.0)"; exit 1; }
	test -x $(SAM_VENV)/bin/python || $(PYTHON313) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet -r requirements-sam.txt
	touch $@

venv: $(VENV)/.installed ## create the venv and install everything

dev: $(VENV)/.installed ## start the local cloud (moto + gateway) on 127.0.0.1:$(PORT)
	$(PY) -m estore_local dev

token: $(VENV)/.installed ## print an access token: make token EMAIL=a@b.c ROLE=customer|seller|admin
	@$(PY) -m estore_local token --email "$(EMAIL)" --role "$(or $(ROLE),customer)"

invoke: $(VENV)/.installed ## run one function once: make invoke FUNCTION=HealthFunction EVENT=events/health.json
	@$(PY) -m estore_local invoke --function "$(FUNCTION)" --event "$(EVENT)"

# pytest-xdist: one worker per core, whole modules per worker (a module's fixtures, e.g. the faults cloud, start
# once); each worker's e2e tests share that worker's one local cloud.
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed $(SAM_VENV)/.installed ## every test: lint, unit, integration, e2e, template (prints its time)
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint && \
	$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadscope tests && \
	$(MAKE) --no-print-directory test-template && \
	echo "make test: passed in $$(( $$(date +%s) - start )) s"

test-unit: $(VENV)/.installed
	$(PY) -m pytest -q tests/unit

test-integration: $(VENV)/.installed
	$(PY) -m pytest -q tests/integration

test-e2e: $(VENV)/.installed
	$(PY) -m pytest -q tests/e2e

test-template: $(VENV)/.installed $(SAM_VENV)/.installed ## cfn-lint, sam validate --lint, sam build (arm64)
	$(VENV)/bin/cfn-lint template.yaml
	$(SAM) validate --lint
	$(SAM) build --parallel
	$(PY) -m estore_local.openapi --check

lint: $(VENV)/.installed ## ruff (lint + format check) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

openapi: $(VENV)/.installed ## regenerate openapi.json from the functions' schemas
	$(PY) -m estore_local.openapi --write

build: $(VENV)/.installed $(SAM_VENV)/.installed ## sam build (arm64)
	$(SAM) build --parallel

deploy: build ## sam build && sam deploy --config-env $(ENV)
	$(SAM) deploy --config-env $(ENV)

bench: $(VENV)/.installed ## benchmarks (ratios against baselines measured in the same run)
	$(PY) -m bench.cold_start
	$(PY) -m bench.roundtrips
	$(PY) -m bench.search
	$(PY) -m bench.localcloud
	$(PY) -m bench.imports

bench-imports: $(VENV)/.installed ## bulk import rows/s (1,000 and 10,000 rows) and DynamoDB write calls per row
	$(PY) -m bench.imports

bench-localcloud: $(VENV)/.installed ## ms per TransactWriteItems vs PutItem at 1k, 10k, 100k items in the local table
	$(PY) -m bench.localcloud

clean:
	rm -rf .aws-sam .local .pytest_cache .mypy_cache .ruff_cache
