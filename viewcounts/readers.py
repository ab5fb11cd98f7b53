"""Who counts as a reader, and when a reader's view counts again."""

import re

from django.conf import settings
from django.core.cache import cache

from throttle.clients import client_hash

# Crawlers and scripted clients don't count as readers.
BOT_USER_AGENT = re.compile(
    r"bot|spider|crawl|slurp|baiduspider|yisouspider|bytespider|curl|wget|python-|"
    r"httpclient|okhttp|go-http|java/|libwww|scrapy|headlesschrome/\d+\.\d+ lighthouse",
    re.IGNORECASE,
)
HIT_PATH = re.compile(r"^/hits/(\d{1,9})/$")


def is_reader_agent(user_agent):
    return bool(user_agent) and not BOT_USER_AGENT.search(user_agent)


def first_view_in_window(meta, article_id):
    """Whether this reader's view of this article is the first in DAYUAN_VIEW_REPEAT_SECONDS.

    A User-Agent is whatever the client says: one client once added 3,910 views in two
    seconds. The reader is its address, as an HMAC under SECRET_KEY (throttle/clients.py),
    so the cache never holds an address; `add` is atomic, so of concurrent repeats one counts.
    """
    key = f"dayuan:views:seen:{client_hash(meta)}:{article_id}"
    return cache.add(key, 1, settings.DAYUAN_VIEW_REPEAT_SECONDS)
