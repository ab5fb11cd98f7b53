"""Which topic pages an article's change touches.

A topic shows an article by hand or through a tag rule; both are looked up in the tables
the live topics keep (TopicArticle, TopicTagRule), with the article's tags before and
after the change, so a tag taken off an article refreshes the topic it leaves.
Publishing or unpublishing a topic itself refreshes everything (news does it for every
page that is not an article): its back-links can reach any number of articles through a
tag rule, and topics are published a few times a week, articles hundreds of times a day.
"""

from .models import TopicPage


def _relative_path(page):
    parts = page.get_url_parts()
    return parts[2] if parts else None


def paths_for_topics(topics):
    paths = set()
    for topic in topics:
        path = _relative_path(topic)
        if path:
            paths.update({path, f"{path}rss.xml"})
    return paths


def paths_for_article(article, tag_names):
    """The topics (pages and feeds) that show `article` or any of `tag_names`."""
    topics = TopicPage.objects.live().showing([article.pk], list(tag_names))
    return paths_for_topics(topics.only("url_path", "path", "depth"))
