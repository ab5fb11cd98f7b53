"""Which requests are limited per client address, and by how much: DAYUAN_RATE_LIMITS.

One rule set for Django's middleware (throttle/middleware.py) and for the WSGI fast path
of `/hits/` (viewcounts/wsgi.py), so both count the same requests in the same windows.
"""

import re

from django.conf import settings

from .clients import client_hash
from .limits import take

# The fast path counted this request already; Django must not count it again.
ENVIRON_COUNTED = "dayuan.throttle.counted"


def rule_for(path):
    """(scope, [(requests, seconds), …]) of the first rule whose pattern matches, or None."""
    if not settings.DAYUAN_RATE_LIMITS_ENABLED:
        return None
    for scope, (pattern, windows) in settings.DAYUAN_RATE_LIMITS.items():
        if re.match(pattern, path):
            return scope, windows
    return None


def wait_seconds(meta, path):
    """Count this request against its rule; 0 if it may go on, else seconds to wait.

    Windows are checked shortest first and counting stops at the first one used up, so
    requests refused by the minute do not eat into the hour.
    """
    if meta.get(ENVIRON_COUNTED):
        return 0
    rule = rule_for(path)
    if rule is None:
        return 0
    meta[ENVIRON_COUNTED] = True
    scope, windows = rule
    client = client_hash(meta)
    for limit, window in sorted(windows, key=lambda pair: pair[1]):
        wait = take(scope, client, limit, window)
        if wait:
            return wait
    return 0


def refusal(wait):
    """(headers, body) of the 429 answer, the same from Django and from the fast path."""
    body = f"请求过于频繁,请 {wait} 秒后再试。\n".encode()
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Retry-After", str(wait)),
        ("Cache-Control", "no-store"),
        ("Content-Length", str(len(body))),
    ]
    return headers, body
