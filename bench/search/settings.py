"""Settings for benchmark runs: production-like (no DEBUG), no manifest needed for static files."""

from site_project.settings.base import *  # noqa: F403
from site_project.settings.base import STORAGES

DEBUG = False
SECRET_KEY = "bench-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Every request must reach the search view: the page cache would answer repeats.
DAYUAN_PAGE_CACHE_ENABLED = False
# One client asking hundreds of searches a minute is the benchmark, not an abuser.
DAYUAN_RATE_LIMITS_ENABLED = False
