import os

from django.core.wsgi import get_wsgi_application

# What gunicorn loads is production: a forgotten DJANGO_SETTINGS_MODULE must stop the
# server (no SECRET_KEY, no ALLOWED_HOSTS), never open it with DEBUG on. manage.py keeps
# the development default for local commands.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.production")

application = get_wsgi_application()

# Cached pages and view counts are answered before Django builds a request object; health
# checks and the request log sit outside both.
from operations.wsgi import OperationsWSGIApplication  # noqa: E402
from pagecache.wsgi import PageCacheWSGIApplication  # noqa: E402
from viewcounts.wsgi import ViewCountWSGIApplication  # noqa: E402

application = OperationsWSGIApplication(
    ViewCountWSGIApplication(PageCacheWSGIApplication(application))
)
