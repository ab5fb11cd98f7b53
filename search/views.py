from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wagtail.models import Page

MAX_QUERY_LENGTH = 100


def clean_query(raw):
    """Drop control characters and cap the length, so every query is cheap to handle."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw[: MAX_QUERY_LENGTH * 4])
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        pages = Page.objects.live().public().specific().search(query)
        results = Paginator(pages, settings.DAYUAN_PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(request, "search/search.html", {"search_query": query, "results": results})
    response["X-Robots-Tag"] = "noindex"
    return response
