"""Answering anonymous `POST /hits/<number>/` before Django builds a request.

No middleware, no session, no template: a hit costs a rate-limit increment, a "seen"
`add` and one buffer increment. What Django's middleware would add to the answer — the
security headers, the HTTPS redirect, the 429 of the per-address limit — is done here the
same way; tests/viewcounts compares the two answers header by header.
"""

import functools
import json
import re
import time

from django.conf import settings
from django.core.signals import request_finished, request_started, setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.utils.csp import CSP, build_policy

from pagecache.editors import is_editor_environ
from pagecache.wsgi import allowed_host, request_scheme
from throttle.rules import refusal, wait_seconds

from .buffers import count_view
from .models import live_article_id
from .readers import HIT_PATH, first_view_in_window, is_reader_agent
from .views import HITS_CSP


class _LiveArticles:
    """Article numbers to ids, remembered in the process for a few seconds."""

    SECONDS = 5

    def __init__(self):
        self.known = {}

    def get(self, article_number):
        now = time.monotonic()
        known = self.known.get(article_number)
        if known is not None and now - known[1] < self.SECONDS:
            return known[0]
        article_id = live_article_id(article_number)
        if article_id is not None:
            if len(self.known) > 50_000:
                self.known.clear()
            self.known[article_number] = (article_id, now)
        return article_id


class _Scheme:
    """All SecurityMiddleware.process_response asks of a request."""

    def __init__(self, secure):
        self.secure = secure

    def is_secure(self):
        return self.secure


@functools.cache
def security_headers(secure):
    """The headers Django's middleware would add to the hits view's answer.

    Worked out once per scheme (they depend on settings only): building them per hit
    cost more than counting the hit.
    """
    response = HttpResponse()
    SecurityMiddleware(lambda request: response).process_response(_Scheme(secure), response)
    headers = [
        (name, response[name])
        for name in (
            "Strict-Transport-Security",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
        )
        if name in response
    ]
    # str(): the enum member is a str subclass, which wsgiref (runserver) refuses.
    headers.append((str(CSP.HEADER_ENFORCE), build_policy(HITS_CSP)))
    headers.append(("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()))
    for name, setting in [
        ("Permissions-Policy", "PERMISSIONS_POLICY"),
        ("Cross-Origin-Resource-Policy", "CROSS_ORIGIN_RESOURCE_POLICY"),
    ]:
        if getattr(settings, setting, None):
            headers.append((name, getattr(settings, setting)))
    return headers


@receiver(setting_changed)
def _forget_security_headers(**kwargs):
    security_headers.cache_clear()  # tests change settings; a server never does


def redirected_to_https(environ, secure):
    """Whether Django's SecurityMiddleware would answer this request with a redirect."""
    if secure or not settings.SECURE_SSL_REDIRECT:
        return False
    path = environ.get("PATH_INFO", "").lstrip("/")
    return not any(re.search(pattern, path) for pattern in settings.SECURE_REDIRECT_EXEMPT)


class ViewCountWSGIApplication:
    """Answers anonymous `POST /hits/<number>/` before Django builds a request."""

    def __init__(self, application):
        self.application = application
        self.live_articles = _LiveArticles()

    def __call__(self, environ, start_response):
        match = HIT_PATH.match(environ.get("PATH_INFO", ""))
        if (
            match is None
            or environ.get("REQUEST_METHOD") != "POST"
            # An editor's session decides whether the view counts: Django looks it up.
            or is_editor_environ(environ)
            or allowed_host(environ) is None
        ):
            return self.application(environ, start_response)
        secure = request_scheme(environ) == "https"
        if redirected_to_https(environ, secure):
            return self.application(environ, start_response)
        wait = wait_seconds(environ, environ["PATH_INFO"])
        if wait:
            headers, body = refusal(wait)
            start_response("429 Too Many Requests", [*headers, *security_headers(secure)])
            return [body]
        # The signals Django's handler sends: they recycle stale database connections.
        request_started.send(sender=self.__class__, environ=environ)
        try:
            article_id = self.live_articles.get(int(match[1]))
            if article_id is not None:
                counted = is_reader_agent(
                    environ.get("HTTP_USER_AGENT", "")
                ) and first_view_in_window(environ, article_id)
                count = count_view(article_id, counted)
        finally:
            request_finished.send(sender=self.__class__)
        if article_id is None:
            return self.application(environ, start_response)  # Django answers 404
        body = json.dumps({"count": count, "counted": counted}).encode()
        start_response(
            "200 OK",
            [
                ("Content-Type", "application/json"),
                ("Cache-Control", "no-store"),
                ("Content-Length", str(len(body))),
                *security_headers(secure),
            ],
        )
        return [body]
