# viborg_bu — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install migrate seed check clean bench

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
	@echo "    admin      – Administrator: Django-administrationen"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

check: install
	DJANGO_SETTINGS_MODULE=viborg_bu.test_settings $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=viborg_bu.test_settings $(PY) manage.py check

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

bench: install
	$(PY) -m bench.bilag_overview --projects 500
