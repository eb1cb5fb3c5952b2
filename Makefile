# 社区学习超市 — the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint format check messages clean

$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || $$(scripts/find-python.sh) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The player's hls.js and the uploader's tus-js-client are served from our
# own static files, never a CDN.
VENDOR := cms/static/vendor/hls.min.js cms/static/vendor/tus.min.js \
	cms/static/vendor/leaflet/leaflet.js cms/static/vendor/echarts.min.js

cms/static/vendor/hls.min.js: node_modules/.installed
	mkdir -p cms/static/vendor
	cp node_modules/hls.js/dist/hls.min.js $@

cms/static/vendor/tus.min.js: node_modules/.installed
	mkdir -p cms/static/vendor
	cp node_modules/tus-js-client/dist/tus.min.js $@

# The statistics dashboard's charts (each has a data table beside it).
cms/static/vendor/echarts.min.js: node_modules/.installed
	mkdir -p cms/static/vendor
	cp node_modules/echarts/dist/echarts.min.js $@

# The learning map's Leaflet, with its stylesheet and marker images.
cms/static/vendor/leaflet/leaflet.js: node_modules/.installed
	mkdir -p cms/static/vendor/leaflet
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images $(@D)/

## run: the demo site with a Celery worker on http://127.0.0.1:8000 (SQLite, local media, no servers)
run: $(VENV)/.runtime $(VENDOR)
	scripts/run.sh

## test: install and start every service, lint, run the whole suite, stop the services
test:
	scripts/bootstrap.sh
	$(MAKE) $(VENV)/.dev node_modules/.installed $(VENDOR)
	scripts/test.sh

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: refresh and compile the English translation of the interface
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --no-obsolete
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) node_modules var/static
