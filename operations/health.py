"""/healthz and /readyz: is the process up, and can it serve everything.

Both are answered by the outermost WSGI wrapper (operations/wsgi.py), before the page
cache, the view-count fast path and Django's middleware: never cached (here or in the
front cache), never rate-limited, never redirected to HTTPS or refused for their Host
(a load balancer checks an app server by its address), and answered while Redis or the
database is down. A failing check is a 503 with a JSON body naming it, not an error log.

- /healthz touches nothing: 200 "ok" while the process answers at all.
- /readyz checks the database (a trivial query), the cache (a key written and read
  back) and the scheduling worker's heartbeat (newsroom/heartbeat.py), and names each.
"""

import json
import secrets
import time

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import Error as DatabaseError
from django.db import connection

from newsroom.heartbeat import STALE_SECONDS, last_heartbeat

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
PATHS = (HEALTH_PATH, READY_PATH)

OK = "ok"


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return OK


def check_cache():
    # A key of its own each time: two app servers checking at once must not read each
    # other's value.
    key, token = f"dayuan:readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, token, 30)
    found = cache.get(key)
    cache.delete(key)
    # A Redis cache that fails open answers from the process's memory meanwhile.
    reachable = getattr(cache, "reachable", True)
    return OK if found == token and reachable else "unreachable"


def check_worker(cache_state):
    """The worker's heartbeat: "ok", "stale" or "missing" ("unknown" without a cache)."""
    if cache_state != OK:
        return "unknown", None
    seen = last_heartbeat()
    if seen is None:
        return "missing", None
    age = max(0, round(time.time() - seen))
    return (OK if age <= STALE_SECONDS else "stale"), age


def readiness():
    """(ready, the JSON body's dict)."""
    # The signals Django's handler sends: a connection the database dropped is replaced.
    request_started.send(sender=__name__)
    try:
        checks = {"database": check_database(), "cache": check_cache()}
        checks["worker"], age = check_worker(checks["cache"])
    finally:
        request_finished.send(sender=__name__)
    ready = all(state == OK for state in checks.values())
    body = {"status": OK if ready else "fail", "checks": checks}
    if age is not None:
        body["worker_seconds_ago"] = age
    return ready, body


def answer(environ, start_response):
    """The WSGI answer to a request for one of PATHS."""
    method = environ.get("REQUEST_METHOD", "GET")
    if method not in ("GET", "HEAD"):
        headers = [("Allow", "GET, HEAD"), ("Content-Length", "0")]
        return _respond(start_response, "405 Method Not Allowed", b"", headers)
    if environ.get("PATH_INFO") == HEALTH_PATH:
        status, body, content_type = "200 OK", b"ok\n", "text/plain; charset=utf-8"
    else:
        ready, report = readiness()
        status = "200 OK" if ready else "503 Service Unavailable"
        body, content_type = json.dumps(report).encode() + b"\n", "application/json"
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    return _respond(start_response, status, b"" if method == "HEAD" else body, headers)


def _respond(start_response, status, body, headers):
    start_response(
        status,
        [
            *headers,
            # Neither the front cache nor a browser may keep an answer about this moment.
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [body]
