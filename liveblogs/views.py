"""/live/<number>/entries.json?since=<ms>: what a live page polls for, every 15 seconds.

The answer is kept by the page cache like a page (`mark_cacheable`), under a key that
holds the whole query (DAYUAN_PAGE_CACHE_VERBATIM_QUERY_PREFIXES): readers who are up to
date all send the same `since` (the newest change they have), so under a spike each poll
is one cache hit, answered by the WSGI fast path. An entry change purges the path, which
forgets every `since` at once (one token per path, pagecache/pages.py).

Only a query this view reads can be kept, so anything else is refused with a 400: a
random parameter or a malformed `since` cannot make a new cache entry.
"""

import re

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from pagecache.content import cached_until_content_changes
from pagecache.pages import mark_cacheable

from .models import LiveBlogPage, entry_payloads, timestamp_ms

# Milliseconds since 1970, at most 13 digits (until the year 2286): nothing else.
SINCE = re.compile(r"[0-9]{1,13}")


class BadQuery(ValueError):
    pass


def parse_since(query_dict):
    """The `since` of the query in milliseconds, None when absent; BadQuery otherwise."""
    if set(query_dict) - {"since"}:
        raise BadQuery("只接受 since 参数。")
    values = query_dict.getlist("since")
    if not values:
        return None
    if len(values) > 1 or not SINCE.fullmatch(values[0]):
        raise BadQuery("since 必须是一个时间戳(自1970年起的毫秒数)。")
    return int(values[0])


def find_live_blog(article_number):
    """The live, public blog with this number, kept until content changes; Http404 if none."""

    def build():
        blog = (
            LiveBlogPage.objects.live()
            .public()
            .filter(article_number=article_number)
            .defer_streamfields()
            .first()
        )
        return blog  # None is kept too: a poll for a missing number costs no query

    blog = cached_until_content_changes(f"live-blog:{article_number}", build)
    if blog is None:
        raise Http404
    return blog


def bad_request(message):
    response = JsonResponse({"error": message}, status=400)
    patch_cache_control(response, no_store=True)
    return response


@require_safe
def entries(request, article_number):
    try:
        since = parse_since(request.GET)
    except BadQuery as error:
        return bad_request(str(error))
    blog = find_live_blog(article_number)
    payloads = entry_payloads(blog)
    changed = payloads if since is None else [p for p in payloads if p["updated"] >= since]
    newest_change = max((p["updated"] for p in payloads), default=0)
    data = {
        "closed": blog.is_closed,
        # Every entry still shown, newest first: what a reader's page keeps (deletions).
        "ids": [payload["id"] for payload in payloads],
        "entries": [
            {"id": p["id"], "posted_at": p["posted_at"].isoformat(), "html": p["html"]}
            for p in changed
        ],
        # The next poll's `since`: changes at this very millisecond are sent again, not lost.
        "since": newest_change,
        "poll_seconds": settings.DAYUAN_LIVE_POLL_SECONDS,
    }
    if blog.closed_at:
        data["closed_at"] = timestamp_ms(blog.closed_at)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    mark_cacheable(response)
    # Only the page cache keeps it: the front cache (nginx) keys on the path and `page`
    # alone, so it would hand one `since` to every other.
    response["Cache-Control"] = "max-age=0, no-cache"
    return response
