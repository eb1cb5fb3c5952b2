#!/usr/bin/env bash
# `make run`: the demo site and a Celery worker on the embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-cms.settings.dev}"
mkdir -p var
# ffmpeg, the CJK font and Mandarin speech for the demo's video and audio
# lessons: installed when missing and root, otherwise one line says what to get.
scripts/bootstrap-run.sh

$PY manage.py migrate --noinput -v0
if ! $PY manage.py shell --no-imports -c "from institutions.models import CityCentrePage; import sys; sys.exit(0 if CityCentrePage.objects.exists() else 1)" 2>/dev/null; then
  echo "==> 空数据库：创建演示数据 / empty database: loading the demo"
  $PY manage.py seed_demo
  # The supermarket at once, rather than as the worker gets through one sync a page.
  $PY manage.py search_reindex
fi
$PY manage.py collectstatic --noinput -v0

.venv/bin/celery -A cms worker -B -s var/celerybeat-schedule -Q default,media -c 1 -l info >var/celery.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT

cat <<MSG

  社区学习超市 / Community Learning Supermarket
  站点 Site:         http://127.0.0.1:8000/
  管理后台 Admin:    http://127.0.0.1:8000/admin/
  服务状态 Health:   http://127.0.0.1:8000/healthz
  演示账号 Demo logins (密码 password: $($PY -c 'from demo.data import DEMO_PASSWORD; print(DEMO_PASSWORD)')):
    admin             系统管理员 superuser
    city_editor       市指导中心编辑 city centre editor
    district_editor   渝水区社区学院编辑 district editor
    township_teacher  城南街道社区学校教师 township teacher
    resident          居民（无后台权限）resident, no admin access
  Celery worker log: var/celery.log   按 Ctrl+C 停止 / Ctrl+C to stop

MSG
$PY manage.py runserver 127.0.0.1:8000
