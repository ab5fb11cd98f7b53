"""The error page for a request Django could not answer.

A database that cannot be reached (restarting, failed over, out of connections) is a
passing outage, not a fault in the page: the reader gets 503 with Retry-After, which tells
browsers and crawlers to come back rather than index an error, and lets the front cache
serve its stale copy (proxy_cache_use_stale http_503). Everything else is the plain 500.

Django calls handler500 inside the `except` that caught the error (wherever it was raised:
a view, a middleware, a template), so the exception is still in sys.exc_info().
"""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30


# SQLite raises OperationalError for a missing table too: only these are passing.
SQLITE_PASSING = ("database is locked", "unable to open database file", "disk i/o error")


def database_unreachable(error):
    # OperationalError is what psycopg raises when it cannot connect, loses the connection
    # or a statement is cancelled (PostgreSQL's missing table is a ProgrammingError);
    # InterfaceError, a connection already closed under the process.
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    if connection.vendor == "sqlite":
        return str(error).lower().startswith(SQLITE_PASSING)
    return True


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if not database_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request, template_name)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
