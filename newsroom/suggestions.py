"""Editing help: tag suggestions from an article's keywords, and duplicate titles."""

import datetime
import logging
import re
import threading

from django.utils import timezone

from news.models import ArticlePage

DUPLICATE_WINDOW_DAYS = 30
# jieba's TF-IDF costs about 0.2 s of CPU per 10,000 characters of unusual text (20 ms for
# plain news copy) and grows with the length; a long feature is about 10,000 characters.
MAX_SUGGESTION_TEXT = 10_000
# Words that TF-IDF ranks high in any news text but never make a useful tag.
STOP_WORDS = frozenset(
    {
        "记者",
        "通讯员",
        "本报",
        "日前",
        "近日",
        "今天",
        "今年",
        "目前",
        "进一步",
        "有关",
        "相关",
        "表示",
        "介绍",
        "开展",
        "进行",
        "通过",
        "我们",
        "他们",
        "一个",
        "没有",
        "已经",
        "以及",
        "大院",
        "大院网",
    }
)
NUMBER = re.compile(r"^[\d.,%]+$")

_jieba_ready = threading.Lock()
_loaded = False


def _load_jieba():
    """jieba builds its dictionary on first use (about a second); do it once, quietly."""
    global _loaded
    import jieba  # imported here: only editors' requests need it
    import jieba.analyse

    with _jieba_ready:
        if not _loaded:
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _loaded = True
    return jieba.analyse


def suggest_tags(text, limit=8, exclude=()):
    """Keywords of a Chinese text by TF-IDF (jieba), as DedeCMS portals extract them.

    Only the first MAX_SUGGESTION_TEXT characters are read: the keywords of a long article
    are in its opening, and the cost stays bounded whoever asks.
    """
    text = text.strip()[:MAX_SUGGESTION_TEXT]
    if not text:
        return []
    analyse = _load_jieba()
    excluded = {name.casefold() for name in exclude}
    words = []
    for word in analyse.extract_tags(text, topK=limit * 3):
        word = word.strip()
        if len(word) < 2 or word in STOP_WORDS or NUMBER.match(word) or word.casefold() in excluded:
            continue
        words.append(word)
        if len(words) == limit:
            break
    return words


def same_title_articles(title, exclude_pk=None, days=DUPLICATE_WINDOW_DAYS):
    """Other articles with this title created or published in the last `days` days."""
    title = " ".join((title or "").split())
    if not title:
        return ArticlePage.objects.none()
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        ArticlePage.objects.filter(title=title)
        .touched_since(since)
        .exclude(pk=exclude_pk)
        .defer_streamfields()
        .select_related("region")
        .order_by("-publish_time")
    )
