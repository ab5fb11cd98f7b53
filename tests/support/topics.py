"""Builders for 专题 in tests: the /zt/ list and a published topic with columns."""

from topics.models import TopicPage
from topics.setup import ensure_topic_index


def column(title, articles=(), tag="", count=10):
    return ("column", {"title": title, "articles": list(articles), "tag": tag, "count": count})


def make_topic(home, title="测试专题", *, slug="ceshi", columns=(), publish=True, **fields):
    index = ensure_topic_index(home)
    topic = TopicPage(title=title, slug=slug, columns=list(columns), **fields)
    index.add_child(instance=topic)
    revision = topic.save_revision()
    if publish:
        revision.publish()
    else:
        TopicPage.objects.filter(pk=topic.pk).update(live=False)
    topic.refresh_from_db()
    return topic
