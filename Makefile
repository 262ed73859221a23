# GridGov: `make run` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The stamp follows both lock files: any change to them reinstalls.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

# The locks pin every package with its hashes, as the public index serves them.
LOCK := env -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null \
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile -q --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: install lock run test lint format bench messages check-tree clean

# Development and tests: the runtime lock plus the tools (requirements-dev.txt
# holds both). The production image installs requirements.txt alone.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# After editing requirements.in or requirements-dev.in: pin and hash again.
# `make lock UPGRADE=1` moves every pin to the newest allowed release.
lock: install
	$(LOCK) $(if $(UPGRADE),--upgrade) -o requirements.txt requirements.in
	$(LOCK) $(if $(UPGRADE),--upgrade) -o requirements-dev.txt requirements-dev.in

# Web server, Celery worker and Celery beat together; Ctrl-C stops all three.
run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/celery -A grid_gov worker --loglevel=INFO --pool=solo --without-mingle --without-gossip & \
	$(BIN)/celery -A grid_gov beat --loglevel=INFO & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=grid_gov.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# Refresh the catalogs from the sources, then compile them. Each app keeps its
# own catalog (<app>/locale); templates/ and grid_gov/ use locale/.
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests
	# No creation date: it would change on every run and make every merge conflict.
	find . -path ./.venv -prune -o -name django.po -print | xargs sed -i '/^"POT-Creation-Date: /d'
	$(BIN)/python manage.py compilemessages --ignore=.venv

check-tree: install
	$(BIN)/python manage.py check_tree

clean:
	rm -rf $(VENV) var staticfiles
