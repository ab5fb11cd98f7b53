"""Per-client request limits in fixed windows, counted in the default cache.

`take()` is cheap (one `incr` in a started window) so it can run before any costly work:
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
    # Increment first: once a window has started (almost every request) that is the only
    # operation; `add` only starts a window.
    try:
        count = cache.incr(key)
    except ValueError:  # the first request of this window
        if cache.add(key, 1, window + 5):
            count = 1
        else:  # another request started it meanwhile
            try:
                count = cache.incr(key)
            except ValueError:  # and it expired in between: start again
                cache.set(key, 1, window + 5)
                count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((bucket + 1) * window - now))
