"""A topic's RSS feed: the newest articles it draws on, by hand or by tag rule."""

from news.addresses import absolute_url
from news.feeds import FEED_SIZE, ArticleFeed


class TopicFeed(ArticleFeed):
    """Served by the topic page itself (TopicPage.serve), which passes itself in."""

    def __init__(self):
        super().__init__(article_model=None)

    def get_object(self, request, *args, topic=None, **kwargs):
        super().get_object(request)
        return topic

    def title(self, topic):
        site_name = self.site.site_name if self.site else "大院网"
        return f"专题:{topic.title} - {site_name}"

    def link(self, topic):
        return absolute_url(topic.get_url(self.request))

    def description(self, topic):
        return topic.intro or f"{topic.title}专题最新文章"

    def items(self, topic):
        return topic.feed_articles()[:FEED_SIZE]
