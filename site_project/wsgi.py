import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.dev")

application = get_wsgi_application()

# Cached pages are answered before Django builds a request object.
from news.caching import PageCacheWSGIApplication  # noqa: E402

application = PageCacheWSGIApplication(application)
