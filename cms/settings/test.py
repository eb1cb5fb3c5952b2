"""Settings for `make test`: the real services scripts/test.sh starts.

The suite refuses to run without them (see tests/conftest.py): a missing
service fails the run, it is never skipped.
"""

import os


def _xdist_rooms() -> None:
    """pytest-xdist runs the suite in several processes at once
    (PYTEST_XDIST_WORKER is gw0, gw1, …). pytest-django gives each its own
    database; the other services get a room per worker here, so one worker's
    Celery worker never takes another's tasks, a cache flush never clears
    another's rate-limit counters, and index and bucket names never meet.

    The rooms are written into the environment, before the base settings
    read it, because Celery takes CELERY_BROKER_URL from the environment ahead
    of any setting, and the workers and commands a test starts as subprocesses
    inherit it. SUPERMARKET_TEST_ROOM marks it done, so a subprocess does not
    move again.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker or os.environ.get("SUPERMARKET_TEST_ROOM") == worker:
        return
    shift = 3 * int(worker.removeprefix("gw"))
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        url = os.environ.get(name, "")
        if url.startswith("redis://"):
            # Cache, broker and results are databases 0, 1 and 2 of one server.
            server, _, number = url.rpartition("/")
            os.environ[name] = f"{server}/{int(number or 0) + shift}"
    for name in ("SEARCH_INDEX_PREFIX", "AWS_STORAGE_BUCKET_NAME"):
        if os.environ.get(name):
            os.environ[name] += f"-{worker}"
    os.environ["SUPERMARKET_TEST_ROOM"] = worker


_xdist_rooms()

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="test-only-not-secret")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
if not env.str("REDIS_URL", default=""):  # the fast lane: nothing under var/
    for _alias in ("ratelimit", "pages"):
        CACHES[_alias] = {  # noqa: F405
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": _alias,
        }
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="test")
# ffmpeg at normal priority: under the suite's two busy workers a niced or
# idle-class encoder would be starved, and tests do not measure scheduling
# (bench/serving.py does; tests/media_pipeline/test_limits.py checks the
# priority is applied when set).
MEDIA_PIPELINE_FFMPEG_NICE = env.int("MEDIA_PIPELINE_FFMPEG_NICE", default=0)
MEDIA_PIPELINE_FFMPEG_IDLE = env.bool("MEDIA_PIPELINE_FFMPEG_IDLE", default=False)
# Most tests read a page, change data inside a transaction that never
# commits (so no purge runs) and read it again; the page cache's own tests
# and the front-door browser test turn it on.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=False)
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
# Tests never collect static files; the live server serves them from the apps.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# A worker a test starts with an embedded beat runs only the schedules named
# here, so it never sends other periodic tasks into a shared test room.
if beat_only := env.list("CELERY_BEAT_ONLY", default=[]):
    CELERY_BEAT_SCHEDULE = {
        name: entry
        for name, entry in CELERY_BEAT_SCHEDULE.items()  # noqa: F405
        if name in beat_only
    }
