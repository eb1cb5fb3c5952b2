# 社区学习超市 — the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test test-fast lint format check messages clean

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

# Third-party scripts are served from our own static files, never a CDN, each
# from the app that uses it: the player's hls.js (resources), the uploader's
# tus-js-client (media_pipeline), the learning map's Leaflet (community) and
# the dashboard's ECharts (stats). Every one keeps the URL /static/vendor/….
VENDOR := resources/static/vendor/hls.min.js media_pipeline/static/vendor/tus.min.js \
	community/static/vendor/leaflet/leaflet.js stats/static/vendor/echarts.min.js

resources/static/vendor/hls.min.js: node_modules/.installed
	mkdir -p $(@D)
	cp node_modules/hls.js/dist/hls.min.js $@

media_pipeline/static/vendor/tus.min.js: node_modules/.installed
	mkdir -p $(@D)
	cp node_modules/tus-js-client/dist/tus.min.js $@

stats/static/vendor/echarts.min.js: node_modules/.installed
	mkdir -p $(@D)
	cp node_modules/echarts/dist/echarts.min.js $@

community/static/vendor/leaflet/leaflet.js: node_modules/.installed
	mkdir -p $(@D)
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

## test-fast: the tests that need no service (no database, browser or servers), for the inner loop
test-fast: $(VENV)/.dev
	SUPERMARKET_FAST=1 $(PY) -m pytest -q $(ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: refresh and compile the English translation of the interface
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --no-obsolete
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) node_modules var/static $(dir $(VENDOR))
