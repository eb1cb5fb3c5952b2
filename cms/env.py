"""The one place that reads the process environment.

Every integration switches on when its variable is present and falls back to an
embedded default otherwise (SQLite, local media, database search, a broker
that needs no server). Half-configured integrations fail at start-up with a
message naming the missing variables, in Chinese first and English second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

S3_REQUIRED = ("AWS_STORAGE_BUCKET_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
S3_TRIGGERS = (*S3_REQUIRED, "AWS_S3_ENDPOINT_URL")


def config_error(
    missing: list[str] | tuple[str, ...], reason: str
) -> ImproperlyConfigured:
    names = "、".join(missing)
    english = ", ".join(missing)
    return ImproperlyConfigured(
        f"配置错误：{reason}，缺少环境变量 {names}。"
        f" / Configuration error: {reason}; missing {english}."
    )


def database(base_dir: Path) -> dict[str, Any]:
    default = f"sqlite:///{base_dir / 'var' / 'db.sqlite3'}"
    config = env.db_url("DATABASE_URL", default=default)
    if config["ENGINE"].endswith("postgresql"):
        config.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
        config["CONN_HEALTH_CHECKS"] = True
    elif config["ENGINE"].endswith("sqlite3"):
        # `make run` has a web server, a worker and the admin's autosave writing
        # at once. Write-ahead logging lets readers go on while one writes, an
        # immediate transaction takes the write lock up front instead of failing
        # half-way ("database is locked"), and the timeout makes a second writer
        # wait its turn rather than error.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("timeout", 20)
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault(
            "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        )
    return config


def s3_storage() -> dict[str, Any] | None:
    """Options for django-storages' S3 backend, or None for the local folder."""
    present = [name for name in S3_TRIGGERS if env.str(name, default="")]
    if not present:
        return None
    missing = [name for name in S3_REQUIRED if not env.str(name, default="")]
    if missing:
        raise config_error(missing, f"已设置 {present[0]}，S3 存储配置不完整")
    return {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "access_key": env.str("AWS_ACCESS_KEY_ID"),
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="us-east-1"),
        "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
        # Checksums only where S3 requires them: S3-compatible servers (S3Proxy,
        # SeaweedFS, many Chinese clouds) reject botocore's newer default headers.
        "client_config": Config(
            s3={"addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path")},
            signature_version="s3v4",
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    }


def required(name: str, reason: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise config_error([name], reason)
    return value
