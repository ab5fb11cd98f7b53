"""Editing help: tag suggestions, a summary from the first paragraph, duplicate titles."""

import datetime
import logging
import re
import threading

from django.utils import timezone
from django.utils.html import strip_tags

TEXT_BLOCKS = ("paragraph", "heading", "quote")
SUMMARY_LENGTH = 120
DUPLICATE_WINDOW_DAYS = 30
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


def block_text(block):
    value = block.value
    if block.block_type == "paragraph":
        return strip_tags(value.source)
    if block.block_type == "heading":
        return value.get("text", "")
    if block.block_type == "quote":
        return " ".join(str(part) for part in value.values() if isinstance(part, str))
    return ""


def body_text(body):
    return "\n".join(block_text(block) for block in body if block.block_type in TEXT_BLOCKS)


def first_paragraph(body, limit=SUMMARY_LENGTH):
    """The body's first non-empty paragraph as plain text, cut at `limit` characters."""
    for block in body:
        if block.block_type == "paragraph":
            text = " ".join(strip_tags(block.value.source).split())
            if text:
                return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""


def suggest_tags(text, limit=8, exclude=()):
    """Keywords of a Chinese text by TF-IDF (jieba), as DedeCMS portals extract them."""
    text = text.strip()
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
    from django.db.models import Q

    from news.models import ArticlePage

    title = " ".join((title or "").split())
    if not title:
        return ArticlePage.objects.none()
    since = timezone.now() - datetime.timedelta(days=days)
    recent = Q(first_published_at__gte=since) | Q(latest_revision_created_at__gte=since)
    recent |= Q(publish_time__gte=since)
    return (
        ArticlePage.objects.filter(title=title)
        .filter(recent)
        .exclude(pk=exclude_pk)
        .defer_streamfields()
        .select_related("region")
        .order_by("-publish_time")
    )
