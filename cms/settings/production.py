"""Production: everything from the environment, nothing insecure by default."""

from cms.env import required

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = required("SECRET_KEY", "生产环境必须设置密钥")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[]) or [
    required("ALLOWED_HOSTS", "生产环境必须设置允许的主机名")
]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
