"""Suggestions while a reader types in a search box: /search/suggest/?q=… (搜索建议).

Titles of live, public pages and tags used by live pages, found by the start of their text, of
their pinyin or of their initials (search/pinyin.py): xinzhou, xz and 忻州 all find 忻州.

**Stored, not computed per request.** Each title and tag is a `Suggestion` row with one
`SuggestionKey` row per key (about 4.5 per title). Publishing, unpublishing, moving a page and
changing a view restriction or a tag keep them current (search/signal_handlers.py); a deleted
page or tag takes its rows with it (foreign keys); `manage.py rebuild_suggestions` writes them
all again (100,000 articles: see docs/search.md).

**Finding them** is a range scan of one index, (kind, key, rank, suggestion): ``key >= q AND
key < q + 0xff`` on the UTF-8 bytes is exactly "starts with q" on SQLite and PostgreSQL alike.
Titles come articles first (the page type that declares `PublishDateField`), then the newer
first; that order is the `rank` column. A short prefix matches thousands of keys (every title
starting with 太原: 9,000 of 100,000), and sorting them all took 7–14 ms; so a first query
counts the matches up to `DENSE_MATCHES`, and when there are that many the newest-first index
(kind, rank, suggestion, key) is walked instead until 8 match — a few hundred entries when
matches are that common. Either way the work is bounded by about `DENSE_MATCHES` index entries,
about a millisecond of database time at 100,000 articles; over HTTP, p95 3 ms on SQLite and 5 ms
on PostgreSQL with the cache cold (bench/search/suggest.py, docs/search.md).

**Tags** are few (hundreds to thousands); every tag has rows, and the query keeps those that a
live page uses (an EXISTS on each taggit through model whose `content_object` is a page type,
found in the model registry, so this app names none). Shorter tags first: the one that is
exactly what was typed.

**Cached** in Django's cache for `CACHE_SECONDS` under the folded query, behind a version that
any change bumps after its transaction commits: an unpublished article leaves the suggestions
at once. Answered: three queries with a cold cache, none with a warm one.
"""

import functools
import operator
import time
from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import NoReverseMatch, reverse

from taggit.models import ItemBase, Tag
from wagtail.models import Page, Site

from search.index import declared_publish_date, publish_date_of
from search.models import Suggestion, SuggestionKey
from search.pinyin import keys_for

MAX_SUGGESTIONS = 8
MAX_TAG_SUGGESTIONS = 3
# More matching keys than this: walk the newest-first index instead of sorting the matches.
DENSE_MATCHES = 2_000
CACHE_SECONDS = 60
CACHE_PREFIX = "search:suggest"
VERSION_CACHE_KEY = "search:suggest:version"
BATCH_SIZE = 1_000
# A tag's page; without it (another URL configuration) a tag leads to the search page.
TAG_URL_NAME = "news:tag"
# rank = ARTICLE_RANK (articles only) + seconds since 1970 of the publication date.
ARTICLE_RANK = 1 << 40


# Ranking ---------------------------------------------------------------------


def title_rank(is_article, published):
    """Articles above other pages, then the newer first."""
    seconds = int(published.timestamp()) if published else 0
    return (ARTICLE_RANK if is_article else 0) + min(max(seconds, 0), ARTICLE_RANK - 1)


def tag_rank(name):
    """The shorter tag first: 忻州 before 忻州古城 for xinzhou."""
    return -len(name)


# Writing ---------------------------------------------------------------------


def _changed():
    """Cached answers are stale once this transaction commits."""
    transaction.on_commit(lambda: cache.set(VERSION_CACHE_KEY, time.time_ns(), None))


def _write(suggestions):
    created = Suggestion.objects.bulk_create(suggestions, batch_size=BATCH_SIZE)
    SuggestionKey.objects.bulk_create(
        [
            SuggestionKey(suggestion=row, kind=row.kind, key=key.encode(), rank=row.rank)
            for row in created
            for key in keys_for(row.text)
        ],
        batch_size=BATCH_SIZE,
    )
    return len(created)


class _SiteRootPaths:
    """Holds Wagtail's site root paths across many `get_url_parts()` calls (its cache object)."""


def suggested_pages(pages):
    """The pages of a queryset that are offered: live, public, not the tree's root, not aliases."""
    return pages.live().public().filter(depth__gt=1, alias_of__isnull=True)


def _page_suggestions(pages):
    """A `Suggestion` for each (specific) page with an address."""
    root_paths = _SiteRootPaths()
    single_site = len({root[0] for root in Site.get_site_root_paths()}) == 1
    is_article = {}
    for page in pages:
        parts = page.get_url_parts(request=root_paths)
        if parts is None or parts[2] is None:
            continue  # not in any site: no address to go to
        _site_id, root_url, path = parts
        model = type(page)
        if model not in is_article:
            is_article[model] = declared_publish_date(model) is not None
        yield Suggestion(
            kind=Suggestion.TITLE,
            text=page.title[:255],
            url=path if single_site else root_url + path,
            rank=title_rank(is_article[model], publish_date_of(page)),
            page_id=page.pk,
        )


def _write_pages(pages):
    """Writes the suggestions of a Page queryset's offered pages, in batches."""
    specific = suggested_pages(pages).defer_streamfields().specific().order_by("path")
    written = 0
    batch = []
    for suggestion in _page_suggestions(specific.iterator(chunk_size=BATCH_SIZE)):
        batch.append(suggestion)
        if len(batch) >= BATCH_SIZE:
            written += _write(batch)
            batch = []
    return written + _write(batch)


def refresh_pages(page_ids):
    """Brings the title suggestions of these pages up to date (gone if no longer offered)."""
    page_ids = list(page_ids)
    Suggestion.objects.filter(page_id__in=page_ids).delete()
    _write_pages(Page.objects.filter(pk__in=page_ids))
    _changed()


def remove_pages(page_ids):
    """These pages are no longer offered (unpublished; Wagtail also says so as it deletes one)."""
    Suggestion.objects.filter(page_id__in=list(page_ids)).delete()
    _changed()


def refresh_subtree(page):
    """A page and everything below it: after a move, a slug or a view restriction changed."""
    Suggestion.objects.filter(page__path__startswith=page.path).delete()
    _write_pages(Page.objects.filter(path__startswith=page.path))
    _changed()


def refresh_published_page(page):
    """A page was published: its title, and its descendants' addresses if its own changed."""
    before = Suggestion.objects.filter(page_id=page.pk).values_list("url", flat=True).first()
    refresh_pages([page.pk])
    after = Suggestion.objects.filter(page_id=page.pk).values_list("url", flat=True).first()
    if before != after and Page.objects.filter(pk=page.pk, numchild__gt=0).exists():
        refresh_subtree(page)


def tag_url(name):
    try:
        return reverse(TAG_URL_NAME, args=[name])
    except NoReverseMatch:
        return f"{reverse('search')}?{urlencode({'q': name})}"


def refresh_tags(tag_ids):
    """Brings the suggestions of these tags up to date."""
    tag_ids = list(tag_ids)
    Suggestion.objects.filter(tag_id__in=tag_ids).delete()
    _write(
        [
            Suggestion(
                kind=Suggestion.TAG,
                text=tag.name[:255],
                url=tag_url(tag.name),
                rank=tag_rank(tag.name),
                tag_id=tag.pk,
            )
            for tag in Tag.objects.filter(pk__in=tag_ids)
        ]
    )
    _changed()


@transaction.atomic
def rebuild():
    """Every suggestion written again; returns (titles, tags)."""
    SuggestionKey.objects.all().delete()
    Suggestion.objects.all().delete()
    titles = _write_pages(Page.objects.all())
    tags = 0
    for start in range(0, Tag.objects.count(), BATCH_SIZE):
        ids = Tag.objects.order_by("pk").values_list("pk", flat=True)[start : start + BATCH_SIZE]
        refresh_tags(ids)
        tags += len(ids)
    _changed()
    return titles, tags


def analyze():
    """Planner statistics for the rewritten tables; on PostgreSQL also the visibility map that
    index-only scans need (VACUUM, which cannot run inside a transaction: then ANALYZE only).

    Right after writing 450,000 keys, before autovacuum had been round, a lookup took 24 ms at
    the median on PostgreSQL instead of 4 (a heap fetch for every index entry it read).
    """
    tables = [Suggestion._meta.db_table, SuggestionKey._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{command} {', '.join(map(connection.ops.quote_name, tables))}")
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


# Finding ---------------------------------------------------------------------


@functools.cache
def page_tagging_models():
    """taggit's through models that tag pages (an article's `tags`), from the model registry."""
    return tuple(_page_tagging_models())


def _page_tagging_models():
    for model in apps.get_models():
        if not issubclass(model, ItemBase):
            continue
        try:
            tag = model._meta.get_field("tag")
            tagged = model._meta.get_field("content_object")
        except FieldDoesNotExist:
            continue
        if (
            tag.related_model is Tag
            and tagged.is_relation
            and isinstance(tagged.related_model, type)
            and issubclass(tagged.related_model, Page)
        ):
            yield model


def used_by_live_pages():
    """A condition on `Suggestion`: its tag is on at least one live page (None: no such models)."""
    conditions = [
        Exists(through.objects.filter(tag_id=OuterRef("tag_id"), content_object__live=True))
        for through in page_tagging_models()
    ]
    return functools.reduce(operator.or_, conditions) if conditions else None


class _Unindexed(models.Func):
    """The key column, kept from the key index: SQLite then walks the newest-first one.

    SQLite's planner always prefers a range on an index it can search; ``+column`` is its
    documented way of saying otherwise. PostgreSQL estimates the range from its statistics and
    chooses the walk itself.
    """

    template = "%(expressions)s"
    output_field = models.BinaryField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def _starting_with(keys, key, column="key"):
    low = key.encode()
    return keys.filter(**{f"{column}__gte": low, f"{column}__lt": low + b"\xff"})


def _title_suggestions(key, limit):
    keys = SuggestionKey.objects.filter(kind=Suggestion.TITLE)
    if _starting_with(keys, key)[:DENSE_MATCHES].count() >= DENSE_MATCHES:
        keys = _starting_with(keys.alias(unindexed=_Unindexed(F("key"))), key, "unindexed")
    else:
        keys = _starting_with(keys, key)
    best = keys.order_by("-rank", "-suggestion_id").values("suggestion_id", "rank").distinct()
    inner, params = best[:limit].query.sql_with_params()
    table = connection.ops.quote_name(Suggestion._meta.db_table)
    return list(
        Suggestion.objects.raw(
            f"SELECT {table}.* FROM ({inner}) best JOIN {table} "  # noqa: S608 - our own SQL
            f"ON {table}.id = best.suggestion_id ORDER BY best.rank DESC, best.suggestion_id DESC",
            params,
        )
    )


def _tag_suggestions(key, limit):
    used = used_by_live_pages()
    if used is None:
        return []
    keys = _starting_with(SuggestionKey.objects.filter(kind=Suggestion.TAG), key)
    return list(
        Suggestion.objects.filter(kind=Suggestion.TAG, pk__in=keys.values("suggestion_id"))
        .filter(used)
        .order_by("-rank", "-pk")[:limit]
    )


def find(key):
    """The suggestions for a folded query key (search.pinyin.query_key): tags, then titles."""
    if not key:
        return []
    tags = _tag_suggestions(key, MAX_TAG_SUGGESTIONS)
    titles = _title_suggestions(key, MAX_SUGGESTIONS - len(tags))
    return [{"kind": row.kind, "text": row.text, "url": row.url} for row in tags + titles]


def suggestions_for(key):
    """`find(key)`, from the cache when another reader typed the same a moment ago."""
    if not key:
        return []
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:  # a new cache, or the version was evicted: never reuse an old one
        cache.add(VERSION_CACHE_KEY, time.time_ns(), None)
        version = cache.get(VERSION_CACHE_KEY)
    cache_key = f"{CACHE_PREFIX}:{version}:{key}"
    found = cache.get(cache_key)
    if found is None:
        found = find(key)
        cache.set(cache_key, found, CACHE_SECONDS)
    return found
