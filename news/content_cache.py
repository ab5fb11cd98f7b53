"""What many pages show and few edits change, kept until content changes.

The site and its home page, the navigation, the home page's lists, listing pages and their
counts, an article's neighbours: each is cached under one content token, which every
publish, unpublish, move or delete of a page, view-restriction change or site change
replaces (`content_changed`, called from news/signals.py and news/invalidation.py).
"""

import secrets

from django.core.cache import cache

CONTENT_VERSION_KEY = "dayuan:content-version"
CONTENT_SECONDS = 3600


def _create_token():
    # `add` keeps a token another worker created first.
    token = secrets.token_hex(4)
    cache.add(CONTENT_VERSION_KEY, token, None)
    return cache.get(CONTENT_VERSION_KEY, token)


def content_changed():
    cache.set(CONTENT_VERSION_KEY, secrets.token_hex(4), None)


def cached_until_content_changes(key, build, seconds=CONTENT_SECONDS):
    """`build()`'s result, kept until content changes (or `seconds` pass).

    The token and the entry are read in one round trip, before building, so a result built
    while an editor publishes is stored under the old token and never served.
    """
    key = f"dayuan:content:{key}"
    found = cache.get_many([CONTENT_VERSION_KEY, key])
    token = found.get(CONTENT_VERSION_KEY) or _create_token()
    entry = found.get(key)
    if entry is not None and entry[0] == token:
        return entry[1]
    value = build()
    cache.set(key, (token, value), seconds)
    return value


def cached_for_readers(request, key, build, seconds=CONTENT_SECONDS):
    """As `cached_until_content_changes`, but a preview builds afresh: it shows the draft."""
    if getattr(request, "is_preview", False):
        return build()
    return cached_until_content_changes(key, build, seconds)
