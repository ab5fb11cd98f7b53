"""The page cache inside Django (development server, tests), and the cached site lookup."""

from django.conf import settings
from django.http import HttpResponse

from wagtail.models import Site

from .content import cached_for_request
from .editors import EDITOR_COOKIE, is_editor, rendered_for_a_user, sync_editor_marker
from .pages import (
    CACHEABLE_ATTRIBUTE,
    ENVIRON_TOKENS,
    ENVIRON_VERDICT,
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
    """Serves and stores cached pages inside Django (development server, tests).

    Being first, it also keeps the editor marker (pagecache/editors.py) in step with the
    login on every response Django builds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.serve(request)
        sync_editor_marker(request, response)
        return response

    def serve(self, request):
        if not request_may_be_cached(request.method, is_editor(request.COOKIES), request.path_info):
            return self.get_response(request)
        scheme, host = request.scheme, request.get_host()
        query = request.META.get("QUERY_STRING", "")
        tokens = request.META.get(ENVIRON_TOKENS)
        if tokens is None:
            entry, tokens = lookup(scheme, host, request.path_info, query)
            if entry is not None:
                request.META[ENVIRON_VERDICT] = "HIT"
                return _response_from_entry(entry)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and getattr(response, CACHEABLE_ATTRIBUTE, False)
            and not gives_cookies(response)
            and not response.streaming
            and not rendered_for_a_user(request)
            and store(scheme, host, request.path_info, query, tokens, response)
        ):
            request.META[ENVIRON_VERDICT] = "MISS"
        return response


def gives_cookies(response):
    """Whether the response hands the client a cookie (a CSRF token, a session).

    Django deletes a session cookie it finds no session for; that deletion is the same for
    every forged cookie and is not stored with the page, so it does not keep a page out of
    the cache (else `Cookie: sessionid=x` would have every request to a quiet page rendered).
    """
    removable = (settings.SESSION_COOKIE_NAME, EDITOR_COOKIE)
    return any(
        not (name in removable and morsel["max-age"] == 0)
        for name, morsel in response.cookies.items()
    )


def _response_from_entry(entry):
    _tokens, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HIT_HEADER] = "HIT"
    return response
