#!/usr/bin/env bash
# Run one benchmark from bench/ against the real services (as `make test`
# starts them), on a fresh database: scripts/bench.sh bench/search_index.py [ARGS]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON_BIN=".venv/bin/python"
export DJANGO_SETTINGS_MODULE=cms.settings.test
# shellcheck source=scripts/services.sh
source scripts/services.sh
trap services_down EXIT
services_up
"$PYTHON_BIN" manage.py migrate --noinput >/dev/null
"$PYTHON_BIN" "$@"
