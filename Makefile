# viborg_bu — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run worker test install migrate seed check clean bench backup restore audit

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

seed: migrate
	DEBUG=1 $(PY) manage.py seed_demo

run: seed
	@echo ""
	@echo "  viborg_bu kører på http://$(HOST):$(PORT)/"
	@echo "  Demologins (adgangskode: demo):"
	@echo "    redaktoer  – Redaktør: opretter og redigerer, skifter status"
	@echo "    laeser     – Læser: læser dashboards og lister"
	@echo "    ansvarlig  – Ansvarlig: indberetter på egne punkter (Rapportering → Mine opgaver)"
	@echo "    admin      – Administrator: Django-administrationen"
	@echo "  Demobrugerne oprettes kun i en database uden andre brugere – aldrig i en database med rigtige brugere."
	@echo "  Baggrundsprocessen (manage.py db_worker) udsteder bilag; den stopper sammen med serveren."
	@echo ""
	@# The background worker (ADR 0020) runs beside the dev server and is stopped when it stops (Ctrl+C).
	DEBUG=1 $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Only the background worker, for a second terminal or a server (docs/deployment.md).
worker: migrate
	DEBUG=1 $(PY) manage.py db_worker

# In parallel (pytest-xdist, ADR 0021): PYTEST_WORKERS processes, each with its own test database.
# Serial: make test PYTEST_WORKERS=0. One file: make test PYTEST_ARGS=tests/test_goals.py
PYTEST_WORKERS ?= 2
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

check: install
	DJANGO_SETTINGS_MODULE=viborg_bu.test_settings $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=viborg_bu.test_settings $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=viborg_bu.test_settings $(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MAKE) --no-print-directory bandit

clean:
	rm -rf $(VENV) .venv-audit db.sqlite3 staticfiles

# The portal at scale 100 on PostgreSQL: pages, bilag, gunicorn throughput, load test → docs/benchmarks.md.
# Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres); takes about 10 minutes.
bench: install
	$(PY) -m bench.run --scale 100

# Security lint of the portal's own code ([tool.bandit] in pyproject.toml): no medium or high finding.
.PHONY: bandit
bandit: install
	$(VENV)/bin/bandit -c pyproject.toml -r . --severity-level medium --quiet

# Known vulnerabilities in requirements.lock (pip-audit, in its own .venv-audit). Exit 1 on a finding;
# offline it says that nothing was checked and exits 0 (ops/audit.sh, ADR 0017).
audit: install
	PYTHON=$(PY) ops/audit.sh

# Backup and restore (docs/backup-and-restore.md): make backup FILE=x.dump; make restore FILE=x.dump
backup:
	PYTHON=$(PY) ops/backup.sh $(FILE)

restore:
	PYTHON=$(PY) ops/restore.sh $(FILE)
