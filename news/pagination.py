"""Pagination that stays fast on deep pages of a large section.

A deep page (page 1,000 of a section) makes the database sort and skip twenty
thousand rows. Sorting only primary keys in a subquery, then fetching the twenty
full rows, is several times faster than sorting whole rows; it is still one query.
The total and each page's articles are cached until an article is published, unpublished,
moved or deleted.
"""

import hashlib

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from pagecache.content import cached_until_content_changes

from .images import with_card_renditions


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
            lambda: with_card_renditions(list(self.object_list.filter(pk__in=keys))),
        )
        return self._get_page(articles, number, self)
