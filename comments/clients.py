"""Comment rate limits per reader address (the address itself: throttle/clients.py)."""

import contextlib
import time

from django.conf import settings
from django.core.cache import cache

from throttle.clients import address_hash, client_address

__all__ = ["address_hash", "client_address", "client_hash"]


def client_hash(request):
    return address_hash(client_address(request.META))


class RateLimited(Exception):
    def __init__(self, window):
        super().__init__(window)
        self.window = window


def _keys(client, now):
    return [
        (f"dayuan:comments:rate:{client}:{window}:{int(now // window)}", window, limit)
        for window, limit in settings.DAYUAN_COMMENT_RATE_LIMITS
    ]


def reserve(client):
    """Count one comment for this client in every window, or raise RateLimited.

    Counters are incremented first and compared after, so concurrent posts from one
    address can never all slip under the limit; a refused post gives its count back.
    """
    now = time.time()
    taken = []
    try:
        for key, window, limit in _keys(client, now):
            cache.add(key, 0, window + 60)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, window + 60)
                count = 1
            taken.append(key)
            if count > limit:
                raise RateLimited(window)
    except RateLimited:
        release(taken)
        raise
    return taken


def release(keys):
    for key in keys:
        with contextlib.suppress(ValueError):  # expired meanwhile: nothing to give back
            cache.decr(key)


def is_limited(client):
    """Whether this client has used up a window already (checked before any work)."""
    now = time.time()
    counts = cache.get_many([key for key, _window, _limit in _keys(client, now)])
    return any(counts.get(key, 0) >= limit for key, _window, limit in _keys(client, now))
