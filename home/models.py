from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from news.images import with_card_renditions
from news.models import ArticlePage, SectionTree
from news.models.pages import ArticleRoutingMixin
from pagecache.content import cached_for_readers
from pagecache.settings_cache import CachedSiteSettingMixin
from topics.models import HOME_PAGE_TOPICS, TOPIC_INDEX_SLUG, TopicIndexPage, TopicPage
from viewcounts.models import DailyArticleViews

LATEST_PER_CITY = 5
MOST_READ_SECONDS = 60


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="名称", max_length=60)
    url = blocks.URLBlock(label="地址")

    class Meta:
        icon = "link"
        label = "链接"
        template = "home/blocks/link.html"
        description = "一个指向外部网站的链接"
        preview_value = {"title": "政务服务网", "url": "https://www.shanxi.gov.cn/"}


class HomePage(ArticleRoutingMixin, Page):
    """The portal's front page."""

    intro = models.CharField("首页标语", max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "topics.TopicIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "首页"
        verbose_name_plural = "首页"

    def route(self, request, path_components):
        # /zt/…: the topic list from the content cache, not two tree queries per request.
        if (
            self.live
            and path_components[:1] == [TOPIC_INDEX_SLUG]
            and (index := TopicIndexPage.find_live(self))
        ):
            return index.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(cached_for_readers(request, f"home:{self.pk}", self.listings))
        # Counts move all the time; a minute behind is fine for a ranking.
        context.update(
            cached_for_readers(
                request, f"home-most-read:{self.pk}", self.most_read, MOST_READ_SECONDS
            )
        )
        return context

    def published_articles(self):
        return ArticlePage.objects.live().public().descendant_of(self)

    def listings(self):
        articles = self.published_articles()
        # Only the slides show pictures; the other lists are titles and links.
        links = articles.defer_streamfields()
        slides = articles.for_listing().filter(is_slideshow=True, featured_image__isnull=False)
        return {
            "headline": links.filter(is_headline=True).by_time().first(),
            "slides": with_card_renditions(list(slides.by_time()[:5])),
            "recommended": list(links.filter(is_recommended=True).by_time()[:8]),
            "latest": list(links.by_time()[:10]),
            "city_blocks": self.latest_by_city(articles),
            "current_topics": self.current_topics(),
        }

    def current_topics(self):
        """专题 marked current, newest first: the home page links them while they run."""
        return list(
            TopicPage.objects.live()
            .public()
            .descendant_of(self)
            .current()
            .defer_streamfields()
            .newest()[:HOME_PAGE_TOPICS]
        )

    def most_read(self):
        ranked = self.published_articles().defer_streamfields()
        return {
            "most_read_today": list(DailyArticleViews.rank_articles(ranked, days=1)),
            "most_read_week": list(DailyArticleViews.rank_articles(ranked, days=7)),
        }

    def latest_by_city(self, articles):
        """Each city section with its newest articles: two queries whatever the numbers."""
        cities = SectionTree.current().cities(below=self)
        # Rank only keys in the window (narrow rows sort fast), then fetch the winners.
        newest_keys = (
            ArticlePage.objects.filter(live=True, region__in=cities)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("region_id")],
                    order_by=[F("publish_time").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=LATEST_PER_CITY)
            .values("pk")
        )
        ranked = (
            articles.filter(pk__in=newest_keys)
            .defer_streamfields()
            .order_by("region_id", "-publish_time", "-pk")
        )
        by_city = {city.pk: [] for city in cities}
        for article in ranked:
            by_city[article.region_id].append(article)
        return [(city, by_city[city.pk]) for city in cities]


@register_setting(icon="cog")
class SiteSettings(CachedSiteSettingMixin, BaseSiteSetting):
    site_name = models.CharField("网站名称", max_length=60, default="大院网")
    about_title = models.CharField("关于栏标题", max_length=60, default="关于大院网")
    about_text = models.TextField("关于本站", blank=True)
    copyright_statement = models.TextField(
        "默认版权声明",
        blank=True,
        default="本文仅代表作者观点,不代表本站立场。\n本文系作者授权发表,未经许可,不得转载。",
    )
    footer_copyright = models.CharField("页脚版权", max_length=200, default="Copyright © 大院网")
    disclaimer_zh = models.TextField("中文免责声明", blank=True)
    disclaimer_en = models.TextField("英文免责声明", blank=True)
    icp_number = models.CharField("ICP 备案号", max_length=60, blank=True)
    police_number = models.CharField("公安备案号", max_length=60, blank=True)
    police_link = models.URLField("公安备案查询地址", blank=True)
    public_service_links = StreamField(
        [("link", LinkBlock())], verbose_name="本地公共服务导航", blank=True
    )
    friendly_links = StreamField([("link", LinkBlock())], verbose_name="友情链接", blank=True)
    # National days of mourning: the whole site in greyscale between start and end.
    mourning_start = models.DateTimeField("全站变灰开始时间", null=True, blank=True)
    mourning_end = models.DateTimeField(
        "全站变灰结束时间", null=True, blank=True, help_text="留空表示一直变灰,直到手动关闭。"
    )
    # The state the worker last purged the caches for (home/mourning.py), so it purges
    # once per boundary, not every minute; never shown in the form.
    mourning_applied = models.BooleanField(default=False, editable=False)

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("about_title"), FieldPanel("about_text")],
            heading="站点",
        ),
        MultiFieldPanel(
            [
                FieldPanel("copyright_statement"),
                FieldPanel("footer_copyright"),
                FieldPanel("disclaimer_zh"),
                FieldPanel("disclaimer_en"),
            ],
            heading="版权与免责",
        ),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("police_number"), FieldPanel("police_link")],
            heading="备案信息",
        ),
        FieldPanel("public_service_links"),
        FieldPanel("friendly_links"),
        MultiFieldPanel(
            [FieldPanel("mourning_start"), FieldPanel("mourning_end")],
            heading="全站变灰(哀悼日)",
            help_text="到开始时间整站显示为灰色,到结束时间恢复;已缓存的页面由定时任务清除。",
        ),
    ]

    class Meta:
        verbose_name = "站点设置"

    def clean(self):
        super().clean()
        if self.mourning_end and not self.mourning_start:
            raise ValidationError({"mourning_start": "填写了结束时间,也要填写开始时间。"})
        if self.mourning_start and self.mourning_end and self.mourning_end <= self.mourning_start:
            raise ValidationError({"mourning_end": "结束时间必须晚于开始时间。"})

    def mourning_active(self, now=None):
        if self.mourning_start is None:
            return False
        now = now or timezone.now()
        return self.mourning_start <= now and (self.mourning_end is None or now < self.mourning_end)

    @property
    def in_mourning(self):
        """For templates: read from the cached settings, so it costs no query."""
        return self.mourning_active()
