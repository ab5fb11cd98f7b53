"""Answering cache hits before Django builds a request: the production fast path."""

from http import HTTPStatus

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from .editors import is_editor_environ
from .pages import ENVIRON_TOKENS, ENVIRON_VERDICT, HIT_HEADER, lookup, request_may_be_cached


def allowed_host(environ):
    """The request's host, or None where Django would refuse it (it then answers 400)."""
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    domain, _port = split_domain_port(host)
    return host if domain and validate_host(domain, settings.ALLOWED_HOSTS) else None


def request_scheme(environ):
    """What Django's `request.scheme` would say (SECURE_PROXY_SSL_HEADER first)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


class PageCacheWSGIApplication:
    """Answers cache hits before Django builds a request: the production fast path."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            path = environ.get("PATH_INFO", "/").encode("iso-8859-1").decode("utf-8")
        except UnicodeError:
            return self.application(environ, start_response)
        if not request_may_be_cached(method, is_editor_environ(environ), path):
            return self.application(environ, start_response)
        host = allowed_host(environ)
        if host is None:
            return self.application(environ, start_response)
        scheme = request_scheme(environ)
        entry, tokens = lookup(scheme, host, path, environ.get("QUERY_STRING", ""))
        if entry is None:
            environ[ENVIRON_TOKENS] = tokens
            return self.application(environ, start_response)
        _tokens, status, headers, content = entry
        environ[ENVIRON_VERDICT] = "HIT"
        start_response(f"{status} {HTTPStatus(status).phrase}", [*headers, (HIT_HEADER, "HIT")])
        return [b"" if method == "HEAD" else content]
