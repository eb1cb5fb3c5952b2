"""Settings shared by every environment; dev, test and production override."""

import tempfile
from pathlib import Path

from celery.schedules import crontab

from cms import env as envconf
from cms.env import env
from core.security import origin_of, public_policy, style_hashes

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The project's apps, from the top layer down; each imports only from the
# apps below it (the contract in pyproject.toml, checked by `make lint`).
# The project shell, cms/, is not an app: it holds settings, urls, the Celery
# app, health checks and the base templates (TEMPLATES DIRS, STATICFILES_DIRS).
INSTALLED_APPS = [
    "demo.apps.DemoConfig",
    "stats.apps.StatsConfig",
    "search.apps.SearchConfig",
    "community.apps.CommunityConfig",
    "resources.apps.ResourcesConfig",
    "media_pipeline.apps.MediaPipelineConfig",
    "institutions.apps.InstitutionsConfig",
    "core.apps.CoreConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First: a stored page skips everything below and keeps their headers.
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.sites.SiteMiddleware",
    "core.validation.BadInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.signin.KnownDeviceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {"default": envconf.database(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Username or mobile number, with the same work whether either exists.
    "resources.accounts.AccountBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first, English second. Interface strings are written in Chinese and
# translated to English in locale/en.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# The admin offers the site's two languages and the one time zone the city
# lives in, not Wagtail's forty languages and six hundred zones.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin_forms.AdminLoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "cms.admin_forms.AdminPasswordResetForm"  # noqa: S105

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

_s3 = envconf.s3_storage()
STORAGES = {
    "default": (
        {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}
        if _s3
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Django's own limits stay small; the page editor needs many fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_NUMBER_FILES = 100

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
        }
        if env.str("REDIS_URL", default="")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Whole anonymous pages and what they depend on (core/pagecache.py), and
    # the list of private sections (core/restrictions.py). Shared by every
    # web process and worker, so a change made anywhere purges everywhere:
    # Redis, or for `make run` a folder.
    "pages": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": "pages",
        }
        if env.str("REDIS_URL", default="")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "pagecache"),
        }
    ),
    # Rate-limit counters (core/ratelimit.py) must outlive a restart.
    "ratelimit": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": "limits",
        }
        if env.str("REDIS_URL", default="")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "ratelimit"),
        }
    ),
}
# How long a stored page may be served at most (core/pagecache.py); every
# change purges what it touches at once, this only bounds a purge that was
# lost.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# Verification codes for residents' phones; the default prints them.
SMS_BACKEND = env.str("SMS_BACKEND", default="resources.sms.ConsoleBackend")
# How many proxies of our own stand in front of the site, each appending to
# X-Forwarded-For; 0 means the connecting address is the client's.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)

# Celery. Unset CELERY_BROKER_URL means kombu's filesystem transport under
# var/broker: no server, for `make run` only.
BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BROKER_DIR),
        "data_folder_out": str(BROKER_DIR),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        # Broadcasts (worker pings, remote control); kombu's default is the
        # working directory.
        "control_folder": str(BROKER_DIR / "control"),
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=10_800)}
)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_TIME_LIMIT = 7_200
CELERY_TASK_SOFT_TIME_LIMIT = 6_900
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"media_pipeline.tasks.*": {"queue": "media"}}
# How often the sweeper looks for transcodes whose worker died.
MEDIA_PIPELINE_SWEEP_SECONDS = env.float("MEDIA_PIPELINE_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {"task": "cms.publish_scheduled_task", "schedule": 60.0},
    "sweep-stuck-media": {
        "task": "media_pipeline.sweep_stuck_task",
        "schedule": MEDIA_PIPELINE_SWEEP_SECONDS,
    },
    "expire-uploads": {
        "task": "media_pipeline.expire_uploads_task",
        "schedule": 3600.0,
    },
    "event-reminders": {"task": "community.send_event_reminders", "schedule": 900.0},
    "statistics-rollup": {
        "task": "stats.rollup_recent",
        "schedule": crontab(hour=2, minute=30),
    },
}
CELERY_TIMEZONE = TIME_ZONE

# The public supermarket index (search/). Unset ELASTICSEARCH_URL means the
# database fallback.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="supermarket")
SEARCH_REQUEST_TIMEOUT = env.float("SEARCH_REQUEST_TIMEOUT", default=2.0)
# Copies of the index on other nodes: 1 on a cluster of three (deploy/).
SEARCH_INDEX_REPLICAS = env.int("SEARCH_INDEX_REPLICAS", default=0)

# Wagtail admin search stays on the database backend: it never serves the
# public site, and the supermarket owns the Elasticsearch index.
# The admin's search and choosers: the database backend, finding Chinese words
# inside titles (search/admin_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.admin_backend"}}

FFMPEG_BINARY = env.str("FFMPEG_BINARY", default="ffmpeg")
FFPROBE_BINARY = env.str("FFPROBE_BINARY", default="ffprobe")
MEDIA_PIPELINE_TMP_DIR = env.str(
    "MEDIA_PIPELINE_TMP_DIR", default=tempfile.gettempdir()
)

# A transcode may take MEDIA_PIPELINE_TIMEOUT_BASE + PER_SECOND × the probed
# duration; a worker's claim on the asset (its lease) lasts that plus MARGIN
# (fetching, probing, publishing). A lease that runs out with the asset still
# unfinished means the worker died: the sweeper queues it again, and after
# MAX_ATTEMPTS claims it is failed with a reason editors can read.
MEDIA_PIPELINE_TIMEOUT_BASE = env.float("MEDIA_PIPELINE_TIMEOUT_BASE", default=600)
MEDIA_PIPELINE_TIMEOUT_PER_SECOND = env.float(
    "MEDIA_PIPELINE_TIMEOUT_PER_SECOND", default=4
)
MEDIA_PIPELINE_LEASE_MARGIN = env.float("MEDIA_PIPELINE_LEASE_MARGIN", default=300)
MEDIA_PIPELINE_MAX_ATTEMPTS = env.int("MEDIA_PIPELINE_MAX_ATTEMPTS", default=3)
MEDIA_PIPELINE_STALL_TIMEOUT = env.float("MEDIA_PIPELINE_STALL_TIMEOUT", default=300)
# Address-space cap for every ffmpeg/ffprobe process: a 1080p ladder peaks
# near 1.8 GiB of virtual memory; a pathological file stops at the cap.
MEDIA_PIPELINE_FFMPEG_MEMORY = env.int(
    "MEDIA_PIPELINE_FFMPEG_MEMORY", default=6 * 1024**3
)
# HLS files are read with one credential per asset (media_pipeline/
# credentials.py), checked by the front server with the same secret: its
# lifetime bounds how long a lesson made private keeps playing.
MEDIA_HLS_SECRET = env.str("MEDIA_HLS_SECRET", default="")
MEDIA_HLS_CREDENTIAL_SECONDS = env.int("MEDIA_HLS_CREDENTIAL_SECONDS", default=300)
# ffmpeg yields the processor to page views: the idle scheduling class and a
# niceness (media_pipeline/limits.py).
MEDIA_PIPELINE_FFMPEG_NICE = env.int("MEDIA_PIPELINE_FFMPEG_NICE", default=19)
# The idle class only where transcodes share a box with page views and may
# wait: a busy box would starve them (deploy/systemd/supermarket-media.service
# sets it for boxes that also serve).
MEDIA_PIPELINE_FFMPEG_IDLE = env.bool("MEDIA_PIPELINE_FFMPEG_IDLE", default=False)
MEDIA_UPLOAD_MAX_SIZE = env.int("MEDIA_UPLOAD_MAX_SIZE", default=2 * 1024**3)
RESIDENT_UPLOAD_MAX_SIZE = env.int("RESIDENT_UPLOAD_MAX_SIZE", default=2 * 1024**3)
# Resumable (tus) uploads: where the parts wait, and how long an unfinished
# upload may be resumed before it is cleaned away.
MEDIA_UPLOAD_DIR = env.str(
    "MEDIA_UPLOAD_DIR", default=str(Path(tempfile.gettempdir()) / "supermarket-uploads")
)
MEDIA_UPLOAD_EXPIRY_HOURS = env.int("MEDIA_UPLOAD_EXPIRY_HOURS", default=24)
CONTRIBUTION_RATE_LIMIT = env.int("CONTRIBUTION_RATE_LIMIT", default=5)  # per hour

HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2.0)

# Moderation notices to editors. Unset EMAIL_URL prints mail to the console.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="社区学习超市 <noreply@localhost>"
)

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/me/"
LOGOUT_REDIRECT_URL = "/"

WAGTAIL_SITE_NAME = "社区学习超市"
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000"
)
WAGTAIL_I18N_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_REDIRECTS_FILE_STORAGE = "cache"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAIL_PASSWORD_RESET_ENABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "elastic_transport": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# The learning map. Tiles come from wherever the city is licensed to use (a
# public map in mainland China needs an approved base map); with no URL, or
# when tiles fail to load, the map page is its list view alone.
LEARNING_MAP_TILE_URL = env.str("LEARNING_MAP_TILE_URL", default="")

# Content-Security-Policy (core/security.py): media, thumbnails and
# playlists may come from the storage's host; tiles from the tile server's
# are added per response.
_media_origin = (
    f"https://{_s3['custom_domain']}"
    if _s3 and _s3["custom_domain"]
    else (_s3["endpoint_url"] or "https://*.amazonaws.com")
    if _s3
    else ""
)
SECURE_CSP = public_policy(
    media=[origin_of(_media_origin)],
    styles=style_hashes(PROJECT_DIR / "templates" / "500.html"),
)
LEARNING_MAP_ATTRIBUTION = env.str("LEARNING_MAP_ATTRIBUTION", default="")
# Registered residents get a reminder this many hours before an event starts.
EVENT_REMINDER_HOURS = 24
