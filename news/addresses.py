"""Absolute addresses for what is read away from the site: feeds, the sitemap, robots.txt.

They come from the configured site address (SITE_URL, else WAGTAILADMIN_BASE_URL), never
from the request's Host header or the Wagtail Site record: the record says `localhost:80`
unless someone keeps it right, and a Host header is whatever the client sent.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def site_root():
    return (settings.DAYUAN_SITE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute_url(location):
    """A path, or an address on this site, as an address on the configured site."""
    parts = urlsplit(location)
    return site_root() + urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
