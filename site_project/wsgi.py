import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.dev")

application = get_wsgi_application()

# Cached pages and view counts are answered before Django builds a request object.
from pagecache.wsgi import PageCacheWSGIApplication  # noqa: E402
from viewcounts.wsgi import ViewCountWSGIApplication  # noqa: E402

application = ViewCountWSGIApplication(PageCacheWSGIApplication(application))
