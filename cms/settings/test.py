"""Settings for `make test`: the real services scripts/test.sh starts.

The suite refuses to run without them (see tests/conftest.py): a missing
service fails the run, it is never skipped.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="test-only-not-secret")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="test")
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
# Tests never collect static files; the live server serves them from the apps.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
