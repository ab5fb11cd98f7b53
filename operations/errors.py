"""The error page for a request Django could not answer.

A database that cannot be reached (restarting, failed over, out of connections) is a
passing outage, not a fault in the page: the reader gets 503 with Retry-After, which tells
browsers and crawlers to come back rather than index an error, and lets the front cache
serve its stale copy (proxy_cache_use_stale http_503). Everything else is the plain 500.

Django calls handler500 inside the `except` that caught the error (wherever it was raised:
a view, a middleware, a template), so the exception is still in sys.exc_info().
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def database_unreachable(error):
    # OperationalError is what every backend raises when it cannot connect or loses the
    # connection (psycopg's, SQLite's "database is locked"); InterfaceError, a connection
    # already closed under the process.
    return isinstance(error, (OperationalError, InterfaceError))


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if not database_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request, template_name)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
