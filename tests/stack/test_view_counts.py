"""5,000 views from 50 readers through nginx are 5,000 stored views.

A view counts once per reader (address) and article in 30 minutes, so 50 readers read
100 articles each: 5,000 distinct reader-article pairs. Each reader is its own address,
a client socket bound to 127.A.B.N (the whole of 127.0.0.0/8 is this machine); nginx
appends it to X-Forwarded-For, which the app reads (TRUSTED_PROXY_COUNT=1). A fresh
127.A.B prefix per run keeps a rerun within 30 minutes from being a repeat.
"""

import http.client
import json
import random
import secrets
import threading
import time

import pytest

from tests.stack.client import BROWSER_UA, HOST_HEADER, STACK_PORT

pytestmark = pytest.mark.stack

READERS = 50
ARTICLES = 100

LIVE_ARTICLES = f"""
from news.models import ArticlePage
live = ArticlePage.objects.live().order_by("-publish_time")
missing = {ARTICLES} - live.count()
if missing > 0:
    from bench.page_corpus import build_corpus
    build_corpus(missing, seed={secrets.randbits(32)})  # a seed never used on this database
result = list(live.values_list("pk", "article_number")[:{ARTICLES}])
"""

STORED = """
from viewcounts.buffers import view_buffer
from viewcounts.models import ArticleViewCount, DailyArticleViews
from django.db.models import Sum
view_buffer().flush()
ids = {ids}
result = {{
    "totals": ArticleViewCount.totals(ids),
    "daily": DailyArticleViews.objects.filter(article_id__in=ids).aggregate(n=Sum("count"))["n"],
}}
"""


def read_as(address, numbers, answers):
    """One reader on one keep-alive connection: a view of each article."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", STACK_PORT, timeout=60, source_address=(address, 0)
    )
    try:
        for number in random.sample(numbers, len(numbers)):
            connection.request(
                "POST",
                f"/hits/{number}/",
                headers={"Host": HOST_HEADER, "User-Agent": BROWSER_UA, "Content-Length": "0"},
            )
            response = connection.getresponse()
            body = response.read()
            answers.append((response.status, body))
    finally:
        connection.close()


def stored(console, ids):
    found = console.run(STORED.format(ids=ids))
    totals = {int(article_id): count for article_id, count in found["totals"].items()}
    return {article_id: totals.get(article_id, 0) for article_id in ids}, found["daily"] or 0


def test_5000_views_from_50_readers_through_nginx_are_5000_stored(console):
    articles = console.run(LIVE_ARTICLES)
    assert len(articles) == ARTICLES
    ids = [article_id for article_id, _number in articles]
    numbers = [number for _article_id, number in articles]
    before, daily_before = stored(console, ids)

    prefix = f"127.{secrets.randbelow(150) + 100}.{secrets.randbelow(256)}"
    answers = []
    readers = [
        threading.Thread(target=read_as, args=(f"{prefix}.{n}", numbers, answers))
        for n in range(2, 2 + READERS)
    ]
    started = time.monotonic()
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    print(f"{len(answers)} views in {time.monotonic() - started:.1f} s")

    assert len(answers) == READERS * ARTICLES
    statuses = {status for status, _body in answers}
    assert statuses == {200}, statuses
    assert all(json.loads(body)["counted"] for _status, body in answers)

    deadline = time.monotonic() + 30
    while True:
        after, daily_after = stored(console, ids)
        added = sum(after.values()) - sum(before.values())
        if added >= READERS * ARTICLES or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    time.sleep(2)  # anything still on its way would land now
    after, daily_after = stored(console, ids)
    assert sum(after.values()) - sum(before.values()) == READERS * ARTICLES
    assert {after[i] - before[i] for i in ids} == {READERS}
    assert daily_after - daily_before == READERS * ARTICLES
