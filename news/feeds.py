from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape

from wagtail.models import Site

from pagecache.pages import mark_cacheable

from .addresses import absolute_url

FEED_SIZE = 30


class ArticleFeed(Feed):
    """RSS 2.0 of the newest live articles on the site.

    Given the article model rather than importing it: the section page serves its own feed.
    Every address is on the configured site (news/addresses.py), not the request's host.
    """

    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def __init__(self, article_model):
        super().__init__()
        self.article_model = article_model

    def __call__(self, request, *args, **kwargs):
        return mark_cacheable(super().__call__(request, *args, **kwargs))

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.site = Site.find_for_request(request)
        return None

    def title(self):
        return self.site.site_name if self.site else "大院网"

    def link(self):
        return absolute_url("/")

    def feed_url(self, obj=None):
        return absolute_url(self.request.path)

    def description(self):
        return f"{self.title()}最新文章"

    def base_queryset(self):
        return (
            self.article_model.objects.live().public().defer_streamfields().select_related("region")
        )

    def items(self):
        queryset = self.base_queryset()
        if self.site:
            queryset = queryset.descendant_of(self.site.root_page, inclusive=True)
        return queryset.by_time()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # RSS readers take <description> as HTML: the 导语 is plain text, so it is escaped
        # once here (and once more as XML) and shows exactly as typed, tags and all.
        return escape(item.summary)

    def item_link(self, item):
        return absolute_url(item.get_url(self.request))

    def item_pubdate(self, item):
        return item.publish_time

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.editor_name

    def item_categories(self, item):
        return [item.region.title] if item.region else []

    def item_guid(self, item):
        return self.item_link(item)


class SectionFeed(ArticleFeed):
    def get_object(self, request, *args, section=None, **kwargs):
        super().get_object(request)
        self.section = section
        return section

    def title(self, section):
        site_name = self.site.site_name if self.site else "大院网"
        return f"{section.title} - {site_name}"

    def link(self, section):
        return absolute_url(section.get_url(self.request))

    def description(self, section):
        return section.intro or f"{section.title}最新文章"

    def items(self, section):
        return self.base_queryset().in_section(section).by_time()[:FEED_SIZE]
