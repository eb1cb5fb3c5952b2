#!/usr/bin/env bash
# `make test`: real services up, lint, checks, the whole pytest suite, services down.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON_BIN=".venv/bin/python"
export DJANGO_SETTINGS_MODULE=cms.settings.test
started=$(date +%s)

# shellcheck source=scripts/services.sh
source scripts/services.sh
trap services_down EXIT
services_up

log "Lint (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

log "Import layers (import-linter)"
.venv/bin/lint-imports

log "Django checks"
"$PYTHON_BIN" manage.py check --fail-level WARNING
"$PYTHON_BIN" manage.py makemigrations --check --dry-run --noinput >/dev/null \
  || die "models changed without a migration: run manage.py makemigrations"

# One pytest worker per core (pytest-xdist), each file on one worker so its
# module-wide fixtures are made once; each worker has its own database, Redis
# databases, index prefix and bucket (cms/settings/test.py).
WORKERS="${TEST_WORKERS:-$(nproc)}"
log "pytest ($WORKERS workers)"
set +e
"$PYTHON_BIN" -m pytest -n "$WORKERS" --dist loadfile --durations=10 "$@"
status=$?
set -e
log "make test finished in $(( $(date +%s) - started ))s with exit code $status"
exit $status
