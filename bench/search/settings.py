"""Settings for benchmark runs: production-like (no DEBUG), no manifest needed for static files."""

import os

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

# A run may try other caps than the defaults (search/backends/base.py), e.g.
# DAYUAN_SEARCH_RANKED_HITS=500 python -m bench.search.measure … --reuse.
for _name in ("DAYUAN_SEARCH_RANKED_HITS", "DAYUAN_SEARCH_MAX_HITS"):
    if os.environ.get(_name):
        globals()[_name] = int(os.environ[_name])
