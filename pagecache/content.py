"""What many pages show and few edits change, kept until content changes.

The site and its home page, the navigation, the home page's lists, listing pages and their
counts, an article's neighbours: each is cached under one content token, which every
publish, unpublish, move or delete of a page, view-restriction change or site change
replaces (`content_changed`, called when pages change: news/signal_handlers.py).
An article's comments have a token of their own (`forget_comments`), so approving a
comment rebuilds that list and nothing else.
"""

import secrets

from .backends import near_cache as cache

CONTENT_VERSION_KEY = "dayuan:content-version"
CONTENT_SECONDS = 3600


def comments_version_key(article_id):
    """The token an article's comment list is kept under (see `cached_for_readers`)."""
    return f"dayuan:comments-version:{article_id}"


def _create_token(version_key):
    # `add` keeps a token another worker created first.
    token = secrets.token_hex(4)
    cache.add(version_key, token, None)
    return cache.get(version_key, token)


def content_changed():
    cache.set(CONTENT_VERSION_KEY, secrets.token_hex(4), None)


def forget_comments(article_id):
    cache.set(comments_version_key(article_id), secrets.token_hex(4), None)


def _cached(key, build, seconds, version_key=CONTENT_VERSION_KEY):
    """(`build()`'s result, the token it is kept under).

    The token and the entry are read in one round trip, before building, so a result built
    while an editor publishes is stored under the old token and never served.
    """
    key = f"dayuan:content:{key}"
    found = cache.get_many([version_key, key])
    token = found.get(version_key) or _create_token(version_key)
    entry = found.get(key)
    if entry is not None and entry[0] == token:
        return entry[1], token
    value = build()
    cache.set(key, (token, value), seconds)
    return value, token


def cached_until_content_changes(key, build, seconds=CONTENT_SECONDS):
    """`build()`'s result, kept until content changes (or `seconds` pass)."""
    return _cached(key, build, seconds)[0]


def cached_for_readers(
    request, key, build, seconds=CONTENT_SECONDS, version_key=CONTENT_VERSION_KEY
):
    """As `cached_until_content_changes`, but a preview builds afresh: it shows the draft.

    `version_key` names the token the result is kept under: content's, or one article's
    comments (`comments_version_key`).
    """
    if getattr(request, "is_preview", False):
        return build()
    return _cached(key, build, seconds, version_key)[0]


def cached_for_request(request, key, build, seconds=CONTENT_SECONDS):
    """As `cached_until_content_changes`, remembering the token on the request.

    Template fragments vary on it (`content_version`), so they are rebuilt too when
    content changes, without another round trip.
    """
    value, request.content_version = _cached(key, build, seconds)
    return value


def content_version(request):
    """The content token this request started with."""
    version = getattr(request, "content_version", None)
    if version is None:
        version = cache.get(CONTENT_VERSION_KEY) or _create_token(CONTENT_VERSION_KEY)
        request.content_version = version
    return version
