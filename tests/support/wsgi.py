"""Calling the production WSGI entry points directly, as gunicorn does."""

import io
from wsgiref.util import setup_testing_defaults

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client


def call_wsgi(application, path, method="GET", **environ):
    """Returns (status code, headers, body); `environ` adds or overrides WSGI variables."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "testserver", **environ}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO()
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = int(status.split()[0]), dict(headers)

    body = b"".join(application(environ, start_response))
    return captured["status"], captured["headers"], body


def serve_wsgi(application, path, method="GET", **environ):
    """`call_wsgi`, closing the response as a server does once it is sent (Django then sends
    `request_finished`: use it with KeepTestTransactionMixin inside a test transaction)."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "testserver", **environ}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO()
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = int(status.split()[0]), dict(headers)

    response = application(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        if hasattr(response, "close"):
            response.close()
    return captured["status"], captured["headers"], body


def _keep_connections():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)


class _KeepingClient(Client):
    """Django's test client connects `close_old_connections` again after each request."""

    def request(self, **request):
        try:
            return super().request(**request)
        finally:
            _keep_connections()


class KeepTestTransactionMixin:
    """A real WSGI request closes the database connection when it ends; inside a test
    transaction that would lose the test's data, as Django's test client knows. The
    test client may be used in the same test (to log in, say)."""

    client_class = _KeepingClient

    def setUp(self):
        super().setUp()
        _keep_connections()
        self.addCleanup(request_started.connect, close_old_connections)
        self.addCleanup(request_finished.connect, close_old_connections)
