"""Answering anonymous `POST /hits/<number>/` before Django builds a request.

No middleware, no session, no template: a hit costs one buffer increment.
"""

import json
import time

from django.core.signals import request_finished, request_started

from pagecache.wsgi import allowed_host, has_session_cookie

from .buffers import count_view
from .models import live_article_id
from .readers import HIT_PATH, is_reader_agent


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


class ViewCountWSGIApplication:
    """Answers anonymous `POST /hits/<number>/` before Django builds a request."""

    HEADERS = [
        ("Content-Type", "application/json"),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]

    def __init__(self, application):
        self.application = application
        self.live_articles = _LiveArticles()

    def __call__(self, environ, start_response):
        match = HIT_PATH.match(environ.get("PATH_INFO", ""))
        if (
            match is None
            or environ.get("REQUEST_METHOD") != "POST"
            # An editor's session decides whether the view counts: Django looks it up.
            or has_session_cookie(environ)
            or allowed_host(environ) is None
        ):
            return self.application(environ, start_response)
        # The signals Django's handler sends: they recycle stale database connections.
        request_started.send(sender=self.__class__, environ=environ)
        try:
            article_id = self.live_articles.get(int(match[1]))
            counted = is_reader_agent(environ.get("HTTP_USER_AGENT", ""))
            if article_id is not None:
                count = count_view(article_id, counted)
        finally:
            request_finished.send(sender=self.__class__)
        if article_id is None:
            return self.application(environ, start_response)  # Django answers 404
        body = json.dumps({"count": count, "counted": counted}).encode()
        start_response("200 OK", [*self.HEADERS, ("Content-Length", str(len(body)))])
        return [body]
