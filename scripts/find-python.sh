#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 (Django 6.1 refuses older ones).
# The machine's default python3 may be 3.11; pyenv usually has 3.12 and 3.13.
set -u
candidates=()
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for v in $(ls "$root/versions" 2>/dev/null | grep -E '^3\.1[2-9]\.[0-9]+$' | sort -t. -k2,2n -k3,3n); do
    candidates+=("$root/versions/$v/bin/python3")
  done
fi
candidates+=(python3.12 python3.13 python3.14 python3)
for c in "${candidates[@]}"; do
  if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    command -v "$c" || echo "$c"
    exit 0
  fi
done
echo "找不到 Python 3.12 或更新版本 / no Python >= 3.12 found (install one, e.g. pyenv install 3.12)" >&2
exit 1
