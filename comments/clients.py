"""Who is posting: the reader's address, kept only as an HMAC, and its rate limits."""

import contextlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

HASH_SALT = "dayuan.comments.client-address"


def _parse(raw):
    try:
        return ipaddress.ip_address(raw.strip())
    except ValueError:
        return None


def client_address(request):
    """The reader's address: REMOTE_ADDR, or the configured proxy header behind a proxy."""
    address = None
    if settings.DAYUAN_CLIENT_IP_HEADER:
        address = _parse(request.headers.get(settings.DAYUAN_CLIENT_IP_HEADER, "").split(",")[0])
    address = address or _parse(request.META.get("REMOTE_ADDR") or "")
    if address is None:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        # One IPv6 subscriber usually holds a whole /64: limit the network, not each address.
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def address_hash(address):
    """HMAC-SHA256 of an address under SECRET_KEY: stable, not reversible without the key.

    Imported comments are hashed here too, so an old commenter's address matches a new one's.
    """
    return salted_hmac(HASH_SALT, address, algorithm="sha256").hexdigest()


def client_hash(request):
    return address_hash(client_address(request))


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
