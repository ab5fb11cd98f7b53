"""Full-page cache for anonymous readers, with precise invalidation.

Entries live in Django's cache (local memory, or Redis with REDIS_URL). A response is
stored only when a view marked it cacheable (`mark_cacheable`), it was not rendered for a
logged-in user and it sets no cookie; previews, editors and forms never are.

What a reader sends cannot multiply the entries or skip them: the key holds only the
query parameters public pages read (DAYUAN_PAGE_CACHE_QUERY_PARAMETERS, `page` on
listings), so `?cb=<random>` is the same entry as no query, and only a signed editor
cookie skips the cache, never a bare session cookie (pagecache/editors.py).

Invalidation is by path: each path has a version token, and the whole cache has a
generation token. Both are read together with the entry in one round trip, and an
entry is served only when the tokens it was stored with are still current, so an
invalidation is a single write however many query-string variants a path has. With a
shared cache (Redis), each worker also keeps what it read for a moment
(pagecache/backends.py), so the hottest pages cost no round trip.
"""

import hashlib
import secrets
from urllib.parse import parse_qsl, unquote, urlencode

from django.conf import settings
from django.utils.cache import patch_cache_control

from .backends import near_cache as cache

GENERATION_KEY = "dayuan:pc:generation"
CACHEABLE_ATTRIBUTE = "_dayuan_page_cacheable"
ENVIRON_TOKENS = "dayuan.page_cache.tokens"
HIT_HEADER = "X-Page-Cache"
# What the page cache did with a request, for the request log (operations/wsgi.py): HIT
# (answered from it), MISS (rendered and stored), PASS (not cached, or not storable).
ENVIRON_VERDICT = "dayuan.page_cache.verdict"


def page_cache_seconds():
    return settings.DAYUAN_PAGE_CACHE_SECONDS


def mark_cacheable(response):
    """Let the page cache (and a CDN) keep this response for anonymous readers."""
    setattr(response, CACHEABLE_ATTRIBUTE, True)
    # Browsers revalidate every time; shared caches keep it until purged or expired.
    patch_cache_control(response, public=True, max_age=0, s_maxage=page_cache_seconds())
    return response


def _digest(text):
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _version_key(path):
    return f"dayuan:pc:v:{_digest(path)}"


def cache_query(query_string, path=""):
    """The part of a query string a cached page may depend on, in one spelling.

    Only the parameters public pages read are kept, each with the last value given (what
    `request.GET.get` returns), sorted; anything else a client adds changes nothing.
    Below DAYUAN_PAGE_CACHE_VERBATIM_QUERY_PREFIXES the whole query is kept: the views
    there answer 400 to anything they do not read, and a 400 is never stored.
    """
    if not query_string:
        return ""
    if path.startswith(settings.DAYUAN_PAGE_CACHE_VERBATIM_QUERY_PREFIXES):
        return query_string
    known = settings.DAYUAN_PAGE_CACHE_QUERY_PARAMETERS
    kept = {
        name: value
        for name, value in parse_qsl(query_string, keep_blank_values=True)
        if name in known
    }
    return urlencode(sorted(kept.items()))


def _entry_key(scheme, host, path, query):
    return f"dayuan:pc:e:{_digest(f'{scheme}://{host}{path}?{cache_query(query, path)}')}"


def is_excluded_path(path):
    return path.startswith(settings.DAYUAN_PAGE_CACHE_EXCLUDED_PREFIXES)


def lookup(scheme, host, path, query):
    """Return (entry or None, tokens); a later store must use exactly these tokens.

    Tokens are read before the view reads the database, so an entry rendered while an
    editor publishes carries the old tokens and is never served.
    """
    entry_key = _entry_key(scheme, host, path, query)
    version_key = _version_key(path)
    found = cache.get_many([GENERATION_KEY, version_key, entry_key])
    tokens = (found.get(GENERATION_KEY), found.get(version_key))
    if None in tokens:
        # First request for this path (or the tokens were evicted): create what is
        # missing; `add` keeps a token another worker created first.
        if tokens[0] is None:
            cache.add(GENERATION_KEY, secrets.token_hex(4), None)
        if tokens[1] is None:
            cache.add(version_key, secrets.token_hex(4), None)
        found = cache.get_many([GENERATION_KEY, version_key])
        return None, (found.get(GENERATION_KEY), found.get(version_key))
    entry = found.get(entry_key)
    if entry is not None and entry[0] == tokens:
        return entry, tokens
    return None, tokens


def store(scheme, host, path, query, tokens, response):
    """Keep the response; False when it cannot be (no tokens: the cache is unreachable)."""
    if None in tokens:
        return False
    entry = (tokens, response.status_code, list(response.items()), response.content)
    cache.set(_entry_key(scheme, host, path, query), entry, page_cache_seconds())
    return True


def invalidate_paths(paths):
    # Keys use the decoded path Django hands to views ("/tags/防控/"), not "%E9%98%B2…".
    paths = {unquote(path) for path in paths if path}
    if paths:
        cache.set_many({_version_key(path): secrets.token_hex(4) for path in paths}, None)


def invalidate_all():
    cache.set(GENERATION_KEY, secrets.token_hex(4), None)


def request_may_be_cached(method, editor, path):
    return (
        settings.DAYUAN_PAGE_CACHE_ENABLED
        and method in ("GET", "HEAD")
        and not editor
        and not is_excluded_path(path)
    )


class CacheablePageMixin:
    """Page types whose live, non-preview responses may be cached for anonymous readers."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.status_code == 200 and not getattr(request, "is_preview", False):
            mark_cacheable(response)
        return response
