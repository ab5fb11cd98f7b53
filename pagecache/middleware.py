"""The page cache inside Django (development server, tests), and the cached site lookup."""

from django.conf import settings
from django.http import HttpResponse

from wagtail.models import Site

from .content import cached_for_request
from .pages import (
    CACHEABLE_ATTRIBUTE,
    ENVIRON_TOKENS,
    HIT_HEADER,
    lookup,
    request_may_be_cached,
    store,
)


class CachedSiteMiddleware:
    """Finds the request's Wagtail site, with its home page, from the cache.

    Wagtail looks the site up with a query on every request and then fetches the home
    page in two more; both change only when an editor edits sites or pages. Wagtail keeps
    the site it found on `request._wagtail_site`, so setting it here is all it takes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = cached_for_request(
            request,
            f"site:{request.get_host()}:{request.get_port()}",
            lambda: self.find_site(request),
        )
        return self.get_response(request)

    @staticmethod
    def find_site(request):
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.localized.specific
        return site


class PageCacheMiddleware:
    """Serves and stores cached pages inside Django (development server, tests)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if not request_may_be_cached(request.method, has_session, request.path_info):
            return self.get_response(request)
        scheme, host = request.scheme, request.get_host()
        query = request.META.get("QUERY_STRING", "")
        tokens = request.META.get(ENVIRON_TOKENS)
        if tokens is None:
            entry, tokens = lookup(scheme, host, request.path_info, query)
            if entry is not None:
                return _response_from_entry(entry)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and getattr(response, CACHEABLE_ATTRIBUTE, False)
            and not response.cookies
            and not response.streaming
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            store(scheme, host, request.path_info, query, tokens, response)
        return response


def _response_from_entry(entry):
    _tokens, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HIT_HEADER] = "HIT"
    return response
