import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, DAYUAN_VIEW_BUFFER_OPTIONS, MEDIA_ROOT, STORAGES

DEBUG = False
SECRET_KEY = "django-insecure-dayuan-tests-only"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests must not depend on `collectstatic` having run.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
SERVE_MEDIA = True
# Files the tests upload go to a folder of their own, removed at exit: never into the
# checkout's media/, which on a server may be the live site's. An explicit MEDIA_ROOT
# (a test's subprocess) is kept.
if MEDIA_ROOT == BASE_DIR / "media":
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="dayuan-test-media-"))
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# Tests write buffered views with flush_views() when they mean to, never on a timer.
DAYUAN_VIEW_BUFFER_OPTIONS = {**DAYUAN_VIEW_BUFFER_OPTIONS, "interval": 0}
# Tests that mean to keep worker-local copies of pages turn them on themselves.
DAYUAN_PAGE_CACHE_LOCAL_SECONDS = 0
# Never Baidu itself from a test: port 9 (discard) refuses, a test points at its own server.
DISTRIBUTION_BAIDU_ENDPOINT = "http://127.0.0.1:9/urls"
