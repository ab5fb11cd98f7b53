import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.dev")

application = get_wsgi_application()

# Cached pages and view counts are answered before Django builds a request object.
from news.caching import PageCacheWSGIApplication  # noqa: E402
from news.view_counting import ViewCountWSGIApplication  # noqa: E402

application = ViewCountWSGIApplication(PageCacheWSGIApplication(application))
