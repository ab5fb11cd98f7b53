from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, EMAIL_CONFIGURED, LOG_LEVEL, LOGGING, PRODUCTION_ENV

DEBUG = False

SECRET_KEY = PRODUCTION_ENV["SECRET_KEY"]
if not SECRET_KEY:
    raise ImproperlyConfigured("生产环境必须设置 SECRET_KEY 环境变量 (SECRET_KEY is required).")

ALLOWED_HOSTS = PRODUCTION_ENV["ALLOWED_HOSTS"]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("生产环境必须设置 ALLOWED_HOSTS 环境变量 (comma-separated hosts).")
CSRF_TRUSTED_ORIGINS = PRODUCTION_ENV["CSRF_TRUSTED_ORIGINS"]

# Persistent connections: one per worker thread, re-checked before use.
DATABASES["default"]["CONN_MAX_AGE"] = PRODUCTION_ENV["CONN_MAX_AGE"]
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# TLS is terminated by the proxy in front, which must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = PRODUCTION_ENV["SECURE_SSL_REDIRECT"]
SESSION_COOKIE_SECURE = PRODUCTION_ENV["SECURE_COOKIES"]
CSRF_COOKIE_SECURE = PRODUCTION_ENV["SECURE_COOKIES"]
SECURE_HSTS_SECONDS = PRODUCTION_ENV["SECURE_HSTS_SECONDS"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION_ENV["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
SECURE_HSTS_PRELOAD = PRODUCTION_ENV["SECURE_HSTS_PRELOAD"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views set SAMEORIGIN themselves.

WAGTAILADMIN_BASE_URL = PRODUCTION_ENV["WAGTAILADMIN_BASE_URL"] or f"https://{ALLOWED_HOSTS[0]}"

# A reset form whose mail cannot leave would say "sent" and send nothing: without a mail
# server (EMAIL_HOST) there is no password reset; an admin sets a new password instead.
WAGTAIL_PASSWORD_RESET_ENABLED = EMAIL_CONFIGURED

# One JSON object per line on stdout, which journald (or gunicorn's log file) keeps: a line
# per request, security events and errors alike (operations/logs.py, docs/deployment.md).
# Routine messages of every task, front-cache purge and publish are not news there.
LOGGING = {
    **LOGGING,
    "formatters": {"json": {"()": "operations.logs.JSONFormatter"}},
    "handlers": {
        **LOGGING["handlers"],
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "root": {**LOGGING["root"], "level": LOG_LEVEL or "INFO"},
    "loggers": {
        **LOGGING["loggers"],
        **{
            name: {"level": "WARNING"}
            for name in ("django_tasks", "django.tasks", "wagtail", "axes")
        },
        # 4xx are in the request log, refusals in the security log; errors stay.
        "django.request": {"level": "ERROR"},
    },
}
