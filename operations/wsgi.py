"""The outermost WSGI wrapper: health checks, request ids and one log line per request.

site_project/wsgi.py puts it around the fast paths (pagecache/wsgi.py, viewcounts/wsgi.py)
and Django, so every request is logged, whoever answered it, without building a Django
request: the line is made from the WSGI environ and the status the application gave.

A line (JSON in production, operations/logs.py) holds the time, the request id (nginx's
`X-Request-Id` when it is well formed, else a new one), method, path, status, duration
in ms, what the page cache did (HIT: answered from it, by the fast path or the
middleware; MISS: rendered and stored; PASS: not cached) and the client's address as
the per-address limits see it (throttle/clients.py). The line is written when the
response is finished (its body sent), so the duration is the whole request.
"""

import logging
import os
import re
import time

from pagecache.pages import ENVIRON_VERDICT
from throttle.clients import client_address

from . import health
from .logs import request_id_var, request_logger

ENVIRON_REQUEST_ID = "dayuan.request_id"
# nginx's $request_id is 32 hex digits; anything odd a client sends is replaced.
WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def request_id(environ):
    given = environ.get("HTTP_X_REQUEST_ID", "")
    if given and WELL_FORMED_REQUEST_ID.fullmatch(given):
        return given
    return os.urandom(16).hex()


class OperationsWSGIApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        environ[ENVIRON_REQUEST_ID] = this_request = request_id(environ)
        request_id_var.set(this_request)
        health_check = environ.get("PATH_INFO") in health.PATHS
        status = []

        def recording_start_response(status_line, headers, exc_info=None):
            status[:] = [status_line]
            return start_response(status_line, headers, exc_info)

        def finished():
            request_id_var.set(None)
            code = int(status[0][:3]) if status else 500
            # A load balancer asks every few seconds: only a failing check is news.
            if request_logger.isEnabledFor(logging.INFO) and not (health_check and code == 200):
                _log(environ, code, started)

        try:
            if health_check:
                body = health.answer(environ, recording_start_response)
            else:
                body = self.application(environ, recording_start_response)
        except BaseException:
            finished()  # gunicorn answers 500 itself
            raise
        file_wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(body, list) or (
            isinstance(file_wrapper, type) and isinstance(body, file_wrapper)
        ):
            # An answer already in memory (the fast paths), or a file the server sends
            # itself (sendfile): wrapping it would cost the server that shortcut.
            finished()
            return body
        return _LoggedBody(body, finished)


class _LoggedBody:
    """The application's response body, logged once the server has closed it."""

    def __init__(self, body, finished):
        self._body = body
        self._finished = finished

    def __iter__(self):
        return iter(self._body)

    def close(self):
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            self._finished()


def _log(environ, status, started):
    method = environ.get("REQUEST_METHOD", "")
    try:
        path = environ.get("PATH_INFO", "").encode("iso-8859-1").decode("utf-8")
    except UnicodeError:
        path = environ.get("PATH_INFO", "")
    # A record made and handled directly: Logger.info would also look for its caller in
    # the stack, for a line whose place in the code says nothing.
    record = request_logger.makeRecord(
        request_logger.name,
        logging.INFO,
        __file__,
        0,
        "%s %s %d",
        (method, path, status),
        None,
        extra={
            "request_id": environ[ENVIRON_REQUEST_ID],
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "cache": environ.get(ENVIRON_VERDICT, "PASS"),
            "client": client_address(environ),
        },
    )
    request_logger.handle(record)
