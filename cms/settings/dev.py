"""Local development: the embedded defaults of `make run`."""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)


def _dev_secret_key() -> str:
    """A random key kept in var/, so sessions survive restarts of `make run`."""
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


WHITENOISE_USE_FINDERS = True
SECRET_KEY = env.str("SECRET_KEY", default="") or _dev_secret_key()
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
