import re

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

# DedeCMS-style article file names: "3697.html". Nine digits keep the number inside
# a 32-bit integer column on every database.
ARTICLE_FILENAME = re.compile(r"([1-9][0-9]{0,8})\.html")
FEED_FILENAME = "rss.xml"


class SectionPage(Page):
    """A section of the portal (各市要闻, 社会…) or a city inside one; sections nest."""

    intro = models.TextField("栏目简介", blank=True, max_length=500)
    is_city = models.BooleanField(
        "城市频道",
        default=False,
        help_text="城市频道下的文章以该城市作为地区显示。",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("is_city")], heading="地区"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "news.SectionPage"]
    subpage_types = ["news.SectionPage", "news.ArticlePage"]

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def route(self, request, path_components):
        if self.live and len(path_components) == 1:
            component = path_components[0]
            if match := ARTICLE_FILENAME.fullmatch(component):
                return self.route_to_article(int(match[1]))
            if component == FEED_FILENAME:
                return RouteResult(self, kwargs={"feed": True})
        return super().route(request, path_components)

    def route_to_article(self, article_number):
        from .articles import ArticlePage

        article = ArticlePage.objects.filter(article_number=article_number).first()
        if article is None or not article.live:
            raise Http404
        if article.path[: -article.steplen] == self.path:
            return RouteResult(article)
        # The number lives in another section (moved, or an old DedeCMS path): send the
        # reader to where it is now, so old addresses never break.
        return RouteResult(article, kwargs={"redirect_to_canonical": True})

    def serve(self, request, *args, feed=False, **kwargs):
        if feed:
            from news.feeds import SectionFeed

            return SectionFeed()(request, section=self)
        return super().serve(request, *args, **kwargs)

    @property
    def feed_url(self):
        return f"{self.url}{FEED_FILENAME}"

    def get_context(self, request, *args, **kwargs):
        from .articles import ArticlePage

        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.live().public().in_section(self).for_listing().newest()
        paginator = Paginator(articles, settings.DAYUAN_PAGE_SIZE)
        context["articles"] = paginator.get_page(request.GET.get("page"))
        context["breadcrumbs"] = self.get_ancestors().filter(depth__gt=1)
        context["subsections"] = SectionPage.objects.live().public().child_of(self).in_menu()
        return context
