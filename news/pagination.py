"""Pagination that stays fast on deep pages of a large section.

A deep page (page 1,000 of a section) makes the database sort and skip twenty
thousand rows. Sorting only primary keys in a subquery, then fetching the twenty
full rows, is several times faster than sorting whole rows; it is still one query.
The total and each page's articles are cached until an article is published, unpublished,
moved or deleted.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

LISTING_VERSION_KEY = "dayuan:listing-version"
COUNT_SECONDS = 3600


def listing_token():
    token = cache.get(LISTING_VERSION_KEY)
    if token is None:
        token = secrets.token_hex(4)
        cache.add(LISTING_VERSION_KEY, token, None)
        token = cache.get(LISTING_VERSION_KEY, token)
    return token


def forget_listing_counts():
    cache.set(LISTING_VERSION_KEY, secrets.token_hex(4), None)


def cached_until_content_changes(key, build, seconds=COUNT_SECONDS):
    """`build()`'s result, kept until a page is published, unpublished, moved or deleted.

    For what many pages show and few edits change: the navigation, an article's neighbours.
    The token is read before building, so a result built while an editor publishes is
    stored under the old token and never served.
    """
    token = listing_token()
    key = f"dayuan:content:{key}"
    entry = cache.get(key)
    if entry is not None and entry[0] == token:
        return entry[1]
    value = build()
    cache.set(key, (token, value), seconds)
    return value


class ArticlePaginator(Paginator):
    """Counts and pages of a listing, each kept until content changes."""

    @cached_property
    def digest(self):
        sql, params = self.object_list.query.sql_with_params()
        return hashlib.blake2b(f"{sql}{params!r}".encode(), digest_size=16).hexdigest()

    @cached_property
    def count(self):
        return cached_until_content_changes(f"count:{self.digest}", self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        keys = self.object_list.values("pk")[bottom:top]
        articles = cached_until_content_changes(
            f"page:{self.digest}:{self.per_page}:{number}",
            lambda: list(self.object_list.filter(pk__in=keys)),
        )
        return self._get_page(articles, number, self)
