"""The front cache's purge backend, for nginx's proxy_cache with the cache_purge module.

deploy/nginx/dayuan.conf.template keys a page on its path and `page` parameter, and
removes one on `GET /.purge/<path>?page=<n>` from this machine. nginx answers 404 for a
page it does not hold: that is not an error (nobody had read the page yet).
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import quote, unquote, urlsplit
from urllib.request import Request, urlopen

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

logger = logging.getLogger(__name__)


class PurgeBackend(BaseBackend):
    timeout = 5

    def __init__(self, params):
        super().__init__(params)
        self.location = params.pop("LOCATION").rstrip("/")

    def purge(self, url):
        parts = urlsplit(url)
        # Paths come decoded ("/tags/防控/") or encoded (reverse() gives "/tags/%E9%98%B2…/");
        # nginx decodes the purge address once, so it must be encoded exactly once.
        request = Request(  # noqa: S310 - the configured cache's own address
            f"{self.location}/.purge{quote(unquote(parts.path))}?{parts.query}",
            headers={"Host": parts.netloc, "User-Agent": "Dayuan-purge"},
        )
        try:
            urlopen(request, timeout=self.timeout)  # noqa: S310
        except HTTPError as error:
            if error.code != 404:
                logger.error("Couldn't purge %s from the front cache: HTTP %d", url, error.code)
        except (URLError, OSError) as error:
            logger.error("Couldn't purge %s from the front cache: %s", url, error)
