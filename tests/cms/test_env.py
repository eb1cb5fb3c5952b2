"""The environment reader alone: which variables select which storage, and
plain start-up errors. Pure configuration logic; no server is contacted here
(the S3 URLs are never dialled). Storage against the real S3 server is
tests/cms/test_storage.py."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms import env as envconf

ROOT = Path(__file__).resolve().parents[2]
S3_VARS = (*envconf.S3_TRIGGERS, "AWS_S3_CUSTOM_DOMAIN")


@pytest.fixture
def no_s3(monkeypatch):
    for name in S3_VARS:
        monkeypatch.delenv(name, raising=False)


def test_no_s3_variables_means_local_media(no_s3):
    assert envconf.s3_storage() is None


def test_half_set_s3_names_every_missing_variable(no_s3, monkeypatch):
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "key")
    with pytest.raises(ImproperlyConfigured) as error:
        envconf.s3_storage()
    message = str(error.value)
    assert "AWS_STORAGE_BUCKET_NAME" in message and "AWS_SECRET_ACCESS_KEY" in message
    assert message.startswith("配置错误")
    assert "Configuration error" in message


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in S3_VARS and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_with_half_set_s3_fails_plainly():
    """A clear message and exit code 2 at start-up, not a traceback later."""
    result = _manage("check", AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert result.returncode == 2
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_needs_a_secret_key():
    result = _manage(
        "check", DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY=""
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="xuexi.example.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_embedded_sqlite_lets_the_worker_and_the_web_write_in_turn(
    monkeypatch, tmp_path
):
    """`make run`'s web server, worker and autosave write at once: WAL, an
    immediate write lock and a busy timeout instead of "database is locked"."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    options = envconf.database(tmp_path)["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]
