"""Per-client request limits in fixed windows, counted in the default cache.

`take()` is cheap (one `add` and one `incr`) so it can run before any costly work:
password hashing, captcha rows, search queries.
"""

import math
import time

from django.core.cache import cache


def take(scope, client, limit, window):
    """Count one request of `client` in `scope`; return 0 if allowed, else seconds to wait."""
    now = time.time()
    bucket = int(now // window)
    key = f"dayuan:throttle:{scope}:{client}:{window}:{bucket}"
    cache.add(key, 0, window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window + 5)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((bucket + 1) * window - now))
