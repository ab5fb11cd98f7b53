"""The search page, /search/?q=…

It searches every live, public page type through Wagtail's search (so also sections and any
page type added later); it never names one. A date filter or the newest-first order searches
the page type that declares a publication date (see `search.index`).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models.functions import Length
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Site

from search.analysis import highlight_words, phrase_for_query, tokens_for_query
from search.analytics import record_search
from search.forms import (
    SORT_CHOICES,
    SORT_NEWEST,
    SearchFilterForm,
    clean_query,
    parse_query,
)
from search.index import body_texts, dated_page_model, publish_date_of
from search.models import SearchSynonym
from search.snippets import highlight, snippet
from search.synonyms import synonym_terms

SECTIONS_CACHE_KEY = "search:sections"
SECTIONS_CACHE_SECONDS = 300
POPULAR_SEARCHES_CACHE_KEY = "search:popular"
POPULAR_SEARCHES_DAYS = 7
POPULAR_SEARCHES_COUNT = 10
POPULAR_SEARCH_MAX_LENGTH = 20
POPULAR_SEARCHES_CACHE_SECONDS = 600


@dataclass
class SearchHit:
    page: object
    url: str
    title: str
    snippet: str
    section: str
    published: object


def query_words(text, synonyms=None):
    """The normalized words of a query and of their synonyms, to mark in the results."""
    parts = text.split('"')
    terms = []
    for position, part in enumerate(parts):
        if position % 2:
            phrase = phrase_for_query(part)
            terms.extend([phrase] if phrase else [])
        else:
            words = tokens_for_query(part)
            terms.extend(words)
            terms.extend(synonym_terms(words, synonyms))
    return highlight_words(terms)


def section_choices(request):
    """The site's sections readers can narrow a search to: the menu's two top levels.

    Cached for a few minutes: finding them walks the page tree, and they seldom change.
    """
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = f"{SECTIONS_CACHE_KEY}:{site.pk}"
    sections = cache.get(key)
    if sections is None:
        root = site.root_page
        sections = list(
            Page.objects.live()
            .public()
            .in_menu()
            .descendant_of(root)
            .filter(depth__lte=root.depth + 2)
            .order_by("path")
            .only("id", "title", "depth", "path")
        )
        cache.set(key, sections, SECTIONS_CACHE_SECONDS)
    return sections


def filtered_pages(filters, sections):
    """The pages to search, with the reader's section and date filters."""
    model, date_field = dated_page_model()
    if not (filters["start"] or filters["end"] or filters["sort"] == SORT_NEWEST):
        # Undated page types (sections…) can only be found without a date filter or order.
        model = Page
    pages = model.objects.live().public()
    if filters["section"] is not None:
        section = next((s for s in sections if s.pk == filters["section"]), None)
        if section is not None:
            pages = pages.descendant_of(section)
    if filters["start"]:
        pages = pages.filter(**{f"{date_field}__gte": _start_of_day(filters["start"])})
    if filters["end"]:
        pages = pages.filter(**{f"{date_field}__lt": _start_of_day(filters["end"], days=1)})
    if filters["sort"] == SORT_NEWEST:
        pages = pages.order_by(f"-{date_field}", "-id")
    return pages.specific()


def _start_of_day(date, days=0):
    moment = datetime.datetime.combine(date + datetime.timedelta(days=days), datetime.time.min)
    return timezone.make_aware(moment)


def build_hits(pages, words, request):
    """Titles and snippets marked, and each page's section, fetched in one query."""
    parent_paths = {page.path[: -page.steplen] for page in pages if page.depth > 3}
    parents = dict(
        Page.objects.filter(path__in=parent_paths).values_list("path", "title")
        if parent_paths
        else []
    )
    return [
        SearchHit(
            page=page,
            url=page.get_url(request),
            title=highlight(page.title, words),
            snippet=snippet(body_texts(page), words),
            section=parents.get(page.path[: -page.steplen], ""),
            published=publish_date_of(page),
        )
        for page in pages
    ]


def popular_searches():
    """The most searched words of the past week that find something, for 热门搜索.

    Readers' queries are shown to other readers, so only short ones that currently find pages
    are listed: a made-up string repeated by a script does not appear.
    """
    searches = cache.get(POPULAR_SEARCHES_CACHE_KEY)
    if searches is None:
        since = timezone.localdate() - datetime.timedelta(days=POPULAR_SEARCHES_DAYS)
        candidates = (
            Query.get_most_popular(date_since=since)
            .annotate(length=Length("query_string"))
            .filter(length__lte=POPULAR_SEARCH_MAX_LENGTH)
            .values_list("query_string", flat=True)[: POPULAR_SEARCHES_COUNT * 2]
        )
        pages = Page.objects.live().public()
        synonyms = SearchSynonym.current()
        searches = [
            text
            for text in candidates
            if (query := parse_query(text, synonyms)) is not None
            and pages.search(query, order_by_relevance=False).count()
        ][:POPULAR_SEARCHES_COUNT]
        cache.set(POPULAR_SEARCHES_CACHE_KEY, searches, POPULAR_SEARCHES_CACHE_SECONDS)
    return searches


def editors_picks(query_record):
    """The promotions for a query: live, public pages (as their specific type) or links."""
    picks = list(query_record.editors_picks.order_by("sort_order"))
    pages = Page.objects.live().public().filter(pk__in=[p.page_id for p in picks if p.page_id])
    pages = {page.pk: page for page in pages.specific()}
    shown = []
    for pick in picks:
        if pick.page_id is None:
            shown.append(
                {"url": pick.external_link_url, "title": pick.external_link_text, "pick": pick}
            )
        elif pick.page_id in pages:
            page = pages[pick.page_id]
            shown.append({"url": page.url, "title": page.title, "pick": pick})
    return shown


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    sections = section_choices(request)
    form = SearchFilterForm(request.GET, sections)
    filters = form.filters()
    synonyms = SearchSynonym.current() if query else None
    words = query_words(query, synonyms) if query else []
    context = {
        "search_query": query,
        "filters": filters,
        "sections": sections,
        "sort_choices": SORT_CHOICES,
        "results": None,
        "hits": [],
        "picks": [],
        "searchable": bool(words),
        # What was ignored and why, shown by the filters (and announced to screen readers).
        "filter_errors": {name: " ".join(errors) for name, errors in form.errors.items()},
    }
    if words:
        results = filtered_pages(filters, sections).search(
            parse_query(query, synonyms), order_by_relevance=filters["sort"] != SORT_NEWEST
        )
        page = Paginator(results, settings.DAYUAN_PAGE_SIZE).get_page(request.GET.get("page"))
        context["results"] = page
        context["hits"] = build_hits(page.object_list, words, request)
        compiler = getattr(results, "query_compiler", None)
        if context["hits"] and hasattr(compiler, "ranked_hits"):
            # The paginator's count (already made) is of the capped matches.
            found = page.paginator.count
            ranked = filters["sort"] != SORT_NEWEST
            context["partly_ranked"] = ranked and found > compiler.ranked_hits
            context["truncated"] = found >= compiler.max_hits
            context["ranked_hits"] = compiler.ranked_hits
            context["max_hits"] = compiler.max_hits
        if request.GET.get("page") in (None, "", "1"):
            # Counted once per search, not once per page of results, for 热门搜索.
            query_record = Query.get(query)
            # A narrowed search that finds nothing may only miss in its narrow scope.
            narrowed = filters["section"] or filters["start"] or filters["end"]
            record_search(query_record, missed=not context["hits"] and not narrowed)
            context["picks"] = editors_picks(query_record)
    if not context["hits"]:
        context["popular_searches"] = popular_searches()
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
