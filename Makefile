# The Makefile is the interface: every command here works on a fresh clone (it makes its own venvs).
SHELL := /bin/bash
PY_VERSION ?= 3.13.0
VENV := .venv
SAM_VENV := .venv-sam
BOTODATA := layers/estore/estore/_botodata/.built
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
WEB_PORT ?= 5173

# Python 3.13 (the Lambda runtime) through pyenv when it is there, else from PATH.
PYTHON313 := $(shell if command -v pyenv >/dev/null 2>&1 && PYENV_VERSION=$(PY_VERSION) pyenv which python3.13 >/dev/null 2>&1; then PYENV_VERSION=$(PY_VERSION) pyenv which python3.13; else command -v python3.13; fi)

.PHONY: help venv dev test test-unit test-integration test-e2e e2e test-template lint format typecheck openapi \
        template build deploy invoke token bench bench-search-100k reindex bench-imports bench-localcloud bench-contention load cost replay-dlq clean \
        web web-build web-openapi-check test-web test-browser test-repeat chromium

help:
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

$(VENV)/.installed: requirements-dev.txt layers/estore/requirements.txt layers/imaging/requirements.txt layers/tracing/requirements.txt
	@test -n "$(PYTHON313)" || { echo "Python 3.13 not found (pyenv install 3.13.0)"; exit 1; }
	test -x $(PY) || $(PYTHON313) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@
	$(PY) -m estore.botodata build layers/estore/estore/_botodata && touch $(BOTODATA)

# botocore's data cache for the dev tree's layer (estore/botodata.py; sam build writes the layer's own):
# made with the venv, and again by `make venv` when botodata.py changes.
$(BOTODATA): $(VENV)/.installed layers/estore/estore/botodata.py
	$(PY) -m estore.botodata build layers/estore/estore/_botodata
	touch $@

$(SAM_VENV)/.installed: requirements-sam.txt
	@test -n "$(PYTHON313)" || { echo "Python 3.13 not found (pyenv install 3.13.0)"; exit 1; }
	test -x $(SAM_VENV)/bin/python || $(PYTHON313) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet -r requirements-sam.txt
	touch $@

venv: $(VENV)/.installed $(BOTODATA) ## create the venv and install everything

dev: $(VENV)/.installed web/dist/index.html ## the web app on 127.0.0.1:$(WEB_PORT) and the local cloud (API on $(PORT))
	$(PY) -m estore_local dev --web-port $(WEB_PORT)

token: $(VENV)/.installed ## print an access token: make token EMAIL=a@b.c ROLE=customer|seller|admin
	@$(PY) -m estore_local token --email "$(EMAIL)" --role "$(or $(ROLE),customer)"

invoke: $(VENV)/.installed ## run one function once: make invoke FUNCTION=HealthFunction EVENT=events/health.json
	@$(PY) -m estore_local invoke --function "$(FUNCTION)" --event "$(EVENT)"

# pytest-xdist: one worker per core, whole modules per worker (a module's fixtures, e.g. the faults cloud, start
# once); each worker's e2e tests share that worker's one local cloud.
PYTEST_WORKERS ?= auto
# The coverage make test requires of layers/estore/estore and functions/ (pyproject.toml [tool.coverage]);
# why this number: CONTRIBUTING.md, "Coverage".
COVERAGE_FLOOR ?= 90
test: $(VENV)/.installed $(SAM_VENV)/.installed ## every test: lint, unit, integration, e2e, template, web, browser (prints its time)
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint && \
	$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadscope \
	  --durations=20 --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR) tests && \
	$(MAKE) --no-print-directory test-template && \
	$(MAKE) --no-print-directory test-web && \
	$(MAKE) --no-print-directory test-browser && \
	echo "make test: passed in $$(( $$(date +%s) - start )) s"

test-unit: $(VENV)/.installed
	$(PY) -m pytest -q tests/unit

test-integration: $(VENV)/.installed
	$(PY) -m pytest -q tests/integration

test-e2e: $(VENV)/.installed
	$(PY) -m pytest -q tests/e2e

# The same e2e suite against any stack: STACK=<name> reads its CloudFormation outputs, or API_URL, USER_POOL_ID,
# CLIENT_ID and REGION give them (IMAGES_BUCKET, EVENT_BUS, TABLE optional). local_only tests are skipped there;
# users the suite signs up are deleted after it. With neither, it starts a local cloud like test-e2e.
e2e: $(VENV)/.installed ## e2e suite against a stack: make e2e STACK=estore-dev | API_URL=… USER_POOL_ID=… CLIENT_ID=… REGION=…
	ESTORE_E2E_STACK="$(STACK)" ESTORE_E2E_API_URL="$(API_URL)" ESTORE_E2E_USER_POOL_ID="$(USER_POOL_ID)" \
	ESTORE_E2E_CLIENT_ID="$(CLIENT_ID)" ESTORE_E2E_REGION="$(or $(REGION),$(AWS_REGION))" \
	ESTORE_E2E_IMAGES_BUCKET="$(IMAGES_BUCKET)" ESTORE_E2E_EVENT_BUS="$(EVENT_BUS)" ESTORE_E2E_TABLE="$(TABLE)" \
	$(PY) -m pytest -q -p no:cacheprovider -rs tests/e2e

# cfn-lint with Estore's own rules runs in `make lint`; sam validate --lint runs cfn-lint's own rules again here.
test-template: $(VENV)/.installed $(SAM_VENV)/.installed ## sam validate --lint, sam build (arm64), generated files current
	$(PY) -m estore_local.devtools.templategen --check
	$(SAM) validate --lint
	$(SAM) build --parallel
	$(PY) -m estore_local.devtools.openapi --check
	$(MAKE) --no-print-directory web-openapi-check

lint: $(VENV)/.installed web/node_modules/.installed ## ruff, mypy, import contracts (.importlinter), template.yaml current + cfn-lint with lint/cfn_rules; ESLint, Prettier, tsc
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	PYTHONPATH=layers/estore:local:. $(VENV)/bin/lint-imports --config .importlinter
	$(PY) -m estore_local.devtools.templategen --check
	$(VENV)/bin/cfn-lint template.yaml --append-rules lint/cfn_rules
	cd web && npm run --silent lint

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

template: $(VENV)/.installed ## regenerate template.yaml from template.src.yaml (log groups, errors alarms)
	$(PY) -m estore_local.devtools.templategen --write

openapi: $(VENV)/.installed web/node_modules/.installed ## regenerate openapi.json and the web app's typed client
	$(PY) -m estore_local.devtools.openapi --write
	cd web && npm run --silent openapi

build: $(VENV)/.installed $(SAM_VENV)/.installed ## sam build (arm64)
	$(PY) -m estore_local.devtools.templategen --check
	$(SAM) build --parallel

deploy: build web/dist/index.html ## sam build && sam deploy --config-env $(ENV); then the web app to its bucket
	@overrides="$$($(PY) -m estore_local.devtools.webdeploy overrides --env $(ENV))"; \
	  if [ -n "$$overrides" ]; then $(SAM) deploy --config-env $(ENV) --parameter-overrides "$$overrides"; \
	  else $(SAM) deploy --config-env $(ENV); fi
	@# The first deploy creates the distribution: a second one sets AllowedOrigins to its URL.
	@overrides="$$($(PY) -m estore_local.devtools.webdeploy overrides --only-if-changed --env $(ENV))"; \
	  if [ -n "$$overrides" ]; then $(SAM) deploy --config-env $(ENV) --parameter-overrides "$$overrides"; fi
	$(PY) -m estore_local.devtools.webdeploy upload --env $(ENV)

bench: $(VENV)/.installed ## benchmarks (ratios against baselines measured in the same run)
	$(PY) -m bench.cold_start
	$(PY) -m bench.roundtrips
	$(PY) -m bench.search
	$(PY) -m bench.localcloud
	$(PY) -m bench.pillow_cost
	$(PY) -m bench.contention
	$(PY) -m bench.recommendations
	$(PY) -m bench.imports

replay-dlq: $(VENV)/.installed ## replay a DLQ into its function: make replay-dlq QUEUE=SearchIndexerDeadLetterQueue STACK=estore-dev [DRY_RUN=1]
	$(PY) -m ops.replay_dlq --queue "$(QUEUE)" $(if $(STACK),--stack "$(STACK)") $(if $(FUNCTION),--function "$(FUNCTION)") \
		$(if $(DRY_RUN),--dry-run)

cost: $(VENV)/.installed ## the AWS cost of 1,000 orders, 1M searches and an idle month (offline; docs/cost.md)
	@$(PY) -m bench.cost

bench-search-100k: $(VENV)/.installed ## search at 100,000 products (index built straight into moto's table) and the replay against main's plan
	$(PY) -m bench.search --products 100000 --direct
	$(PY) -m bench.search.replay --products 100000

reindex: $(VENV)/.installed ## rebuild every product's search index from the catalog: make reindex STACK=estore-dev | TABLE=... [WORKERS=4] [REWRITE=1]
	$(PY) -m ops.reindex $(if $(STACK),--stack "$(STACK)") $(if $(TABLE),--table "$(TABLE)") $(if $(WORKERS),--workers "$(WORKERS)") \
		$(if $(REWRITE),--rewrite-postings)

bench-imports: $(VENV)/.installed ## bulk import rows/s (1,000 and 10,000 rows) and DynamoDB write calls per row
	$(PY) -m bench.imports

bench-localcloud: $(VENV)/.installed ## ms per TransactWriteItems vs PutItem at 1k, 10k, 100k items in the local table
	$(PY) -m bench.localcloud

bench-contention: $(VENV)/.installed ## p50/p99 of checkout and withdrawal under 1, 10, 50 clients on a 10k-item table
	$(PY) -m bench.contention

load: $(VENV)/.installed ## 60 s of 10 mixed shoppers against a local cloud (ARGS="--state-dir .local" for make dev's)
	$(PY) -m bench.load $(ARGS)

clean:
	rm -rf .aws-sam .local .pytest_cache .mypy_cache .ruff_cache web/dist web/node_modules

# ---------------------------------------------------------------- the web app (web/, docs/web.md)
WEB_SOURCES := $(shell find web/src web/public web/index.html web/vite.config.ts web/tsconfig.json web/tsconfig.app.json \
                 -type f -not -name config.json 2>/dev/null)

# npm ci only when the lock changed (a fresh clone, or a pull that changed dependencies).
web/node_modules/.installed: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

web/dist/index.html: web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run --silent build

web-build: web/dist/index.html ## build the web app into web/dist

web: web/node_modules/.installed ## Vite's dev server (hot reload) against a running `make dev`
	$(PY) -m estore_local.devtools.web --write web/public/config.json
	cd web && npm run dev

web-openapi-check: web/node_modules/.installed
	@cd web && npx openapi-typescript ../openapi.json -o node_modules/.tmp/schema.d.ts --silent >/dev/null \
	  && cmp -s node_modules/.tmp/schema.d.ts src/api/schema.d.ts \
	  || { echo "web/src/api/schema.d.ts is not current: run make openapi"; exit 1; }
	@echo "web/src/api/schema.d.ts matches openapi.json"

# Debian's Chromium for Playwright (browser downloads do not work here; never `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
	  || { echo "Chromium is needed at /usr/bin/chromium for the browser tests"; exit 1; }

test-web: $(VENV)/.installed web/dist/index.html ## web unit tests (Vitest) and the bundle size budget
	cd web && npm run --silent test
	cd web && npm run --silent size

# The Playwright suite starts its own `make dev`-like stack on free ports (demo store seeded) and prints its time.
test-browser: $(VENV)/.installed web/dist/index.html chromium ## the Playwright suite in Chromium (seeds its own stack)
	@start=$$(date +%s); cd web && npx playwright test && \
	echo "make test-browser: passed in $$(( $$(date +%s) - start )) s"

# Issue 11's acceptance: make test N times in a row on a fresh clone of HEAD, stopping at the first failure.
N ?= 5
test-repeat: ## make test N times in a row on a fresh clone of HEAD (N=5): prints "make test i/N passed in … s"
	ops/test_repeat.sh $(N)
