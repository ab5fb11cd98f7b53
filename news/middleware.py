from wagtail.models import Site

from .content_cache import cached_for_request


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
