"""The scheduling worker's heartbeat: "alive at <time>", which /readyz reads.

`run_worker` records it every loop (every 60 s by default) in the default cache, which
every app server shares (Redis); while the cache is unreachable the record is dropped
without a word, and /readyz says the cache failed.
"""

import time

from django.core.cache import cache

HEARTBEAT_KEY = "dayuan:worker:heartbeat"
# Three missed runs at the default interval: the worker has stopped or hangs.
STALE_SECONDS = 180
# Kept well past staleness, so a stopped worker shows as stale, not as never started.
_KEPT_SECONDS = 7 * 24 * 60 * 60


def record_heartbeat(now=None):
    cache.set(HEARTBEAT_KEY, time.time() if now is None else now, _KEPT_SECONDS)


def last_heartbeat():
    """When the worker last said it was alive (seconds since the epoch), or None."""
    return cache.get(HEARTBEAT_KEY)
