#!/usr/bin/env bash
# Run one benchmark from bench/ against the real services (as `make test`
# starts them), on a fresh database: scripts/bench.sh bench/search_index.py [ARGS]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON_BIN=".venv/bin/python"
# bench/serving.py drives its load with Debian's wrk.
if ! command -v wrk >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "ERROR: need root to install wrk" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
export DJANGO_SETTINGS_MODULE=cms.settings.test
# shellcheck source=scripts/services.sh
source scripts/services.sh
trap services_down EXIT
services_up
"$PYTHON_BIN" manage.py migrate --noinput >/dev/null
"$PYTHON_BIN" "$@"
