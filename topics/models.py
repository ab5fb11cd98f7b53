"""专题: a topic page at /zt/<slug>/ gathering articles into sub-columns, and its index.

The columns are a StreamField (what the editor sees and the draft previews). Which
articles and tags a *live* topic draws on is also written, at publishing, into two small
tables (TopicArticle, TopicTagRule): an article's page asks them which topics contain it,
and publishing an article asks them which topic pages to purge, each in one indexed query
instead of reading every topic's JSON.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtail.url_routing import RouteResult

from news.images import with_card_renditions
from news.models import ArticlePage, ArticleTag
from news.models.visibility import CachedViewRestrictionsMixin, NewsPageQuerySet
from pagecache.content import cached_for_readers, cached_until_content_changes
from pagecache.pages import CacheablePageMixin

from .blocks import TopicColumnsBlock
from .feeds import TopicFeed

FEED_FILENAME = "rss.xml"
TOPIC_INDEX_SLUG = "zt"
SHARE_RENDITION = "fill-1200x675|format-jpeg"
HOME_PAGE_TOPICS = 4


@dataclass(frozen=True)
class ColumnRule:
    """What one column asks for, read from the stored JSON without fetching any page."""

    title: str
    article_ids: tuple
    tag: str
    count: int


@dataclass
class TopicColumn:
    """A column as the reader sees it."""

    title: str
    tag: str
    articles: list
    anchor: str


def _digest(text):
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _chosen_id(item):
    # A ListBlock stores {"type": "item", "value": id, "id": uuid}; older data a bare id.
    value = item.get("value") if isinstance(item, dict) else item
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class TopicIndexPage(CacheablePageMixin, CachedViewRestrictionsMixin, Page):
    """/zt/: every topic, the current ones first."""

    intro = models.TextField("简介", blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["topics.TopicPage"]
    max_count = 1

    class Meta:
        verbose_name = "专题列表"
        verbose_name_plural = "专题列表"

    @classmethod
    def find_live(cls, home):
        """The live topic list below `home`, or None; kept until content changes.

        Wagtail's routing would spend two queries on it for every topic page and feed.
        """
        return cached_until_content_changes(
            f"topic-index-route:{home.pk}",
            lambda: cls.objects.live().child_of(home).first(),
        )

    def route(self, request, path_components):
        if self.live and path_components:
            topic = self.find_live_topic(path_components[0])
            return topic.route(request, path_components[1:])
        return super().route(request, path_components)

    def find_live_topic(self, slug):
        """A live topic of this list by its slug, with its banner, in one query then none."""

        def find():
            topic = (
                TopicPage.objects.live()
                .child_of(self)
                .filter(slug=slug)
                .select_related("banner_image")
                .first()
            )
            if topic is None:
                raise Http404  # raised, so nothing is cached for a slug that does not exist
            return topic

        return cached_until_content_changes(f"topic-route:{self.pk}:{slug}", find)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics = (
            TopicPage.objects.live()
            .public()
            .child_of(self)
            .select_related("banner_image")
            .order_by("-is_current", "-first_published_at", "-pk")
        )
        paginator = Paginator(topics, settings.DAYUAN_PAGE_SIZE)
        context["topics"] = cached_for_readers(
            request,
            # Keyed on a digest: the raw value may be anything a client sends.
            f"topic-index:{self.pk}:{_digest(request.GET.get('page', ''))}",
            lambda: paginator.get_page(request.GET.get("page")),
        )
        return context


class TopicPageQuerySet(NewsPageQuerySet):
    def current(self):
        return self.filter(is_current=True)

    def newest(self):
        return self.order_by("-first_published_at", "-pk")

    def showing(self, article_ids, tag_names):
        """Topics that show any of these articles by hand or any of these tags by rule."""
        by_hand = TopicArticle.objects.filter(article_id__in=article_ids).values("topic_id")
        by_rule = TopicTagRule.objects.filter(name__in=tag_names).values("topic_id")
        return self.filter(Q(pk__in=by_hand) | Q(pk__in=by_rule))

    def showing_article(self, article_id):
        """Topics that show this article, by hand or through one of its current tags."""
        tag_names = ArticleTag.objects.filter(content_object_id=article_id).values("tag__name")
        return self.showing([article_id], tag_names)


class TopicPage(CacheablePageMixin, CachedViewRestrictionsMixin, Page):
    """A 专题: banner, introduction and sub-columns of articles; feed at rss.xml."""

    banner_image = models.ForeignKey(
        get_image_model(),
        verbose_name="题图横幅",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="宽幅图片,建议 1920×640 像素。",
    )
    intro = models.TextField("专题导语", blank=True, max_length=1000)
    is_current = models.BooleanField(
        "当前专题", default=True, help_text="勾选时在首页的“专题”栏目中显示;专题结束后取消勾选。"
    )
    columns = StreamField(TopicColumnsBlock(), verbose_name="子栏目", blank=True)

    # distribution pushes new addresses of pages that declare this (never imports topics).
    push_to_search_engines = True

    objects = PageManager.from_queryset(TopicPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("banner_image"),
        FieldPanel("intro"),
        FieldPanel("columns"),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("is_current")], heading="首页"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["topics.TopicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "专题"
        verbose_name_plural = "专题"

    def __str__(self):
        return self.title

    # Routing ---------------------------------------------------------------

    def route(self, request, path_components):
        if self.live and path_components == [FEED_FILENAME]:
            return RouteResult(self, kwargs={"feed": True})
        return super().route(request, path_components)

    def serve(self, request, *args, feed=False, **kwargs):
        if feed:
            return TopicFeed()(request, topic=self)
        return super().serve(request, *args, **kwargs)

    @property
    def feed_url(self):
        return f"{self.url}{FEED_FILENAME}"

    # Columns ---------------------------------------------------------------

    def column_rules(self):
        rules = []
        for block in self.columns.raw_data:
            value = block.get("value")
            if block.get("type") != "column" or not isinstance(value, dict):
                continue
            ids = (_chosen_id(item) for item in value.get("articles") or [])
            try:
                count = int(value.get("count") or 0)
            except (TypeError, ValueError):
                count = 0
            title, tag = value.get("title"), value.get("tag")
            rules.append(
                ColumnRule(
                    title=title if isinstance(title, str) else "",
                    article_ids=tuple(dict.fromkeys(pk for pk in ids if pk is not None)),
                    tag=tag.strip() if isinstance(tag, str) else "",
                    count=max(1, min(count or 10, 50)),
                )
            )
        return rules

    def column_listings(self):
        """Each column with its articles: one query for every hand-picked article, one per
        tag rule, whatever the number of articles (pinned in tests/topics)."""
        rules = self.column_rules()
        articles = ArticlePage.objects.live().public().for_listing()
        picked_ids = {pk for rule in rules for pk in rule.article_ids}
        picked = {article.pk: article for article in articles.filter(pk__in=picked_ids)}
        columns = []
        for number, rule in enumerate(rules, start=1):
            chosen = [picked[pk] for pk in rule.article_ids if pk in picked][: rule.count]
            if rule.tag and len(chosen) < rule.count:
                tagged = (
                    articles.filter(tagged_items__tag__name=rule.tag)
                    .exclude(pk__in=[article.pk for article in chosen])
                    .by_time()
                )
                chosen += list(tagged[: rule.count - len(chosen)])
            columns.append(
                TopicColumn(
                    title=rule.title,
                    tag=rule.tag,
                    articles=with_card_renditions(chosen),
                    anchor=f"column-{number}",
                )
            )
        return columns

    def feed_articles(self):
        """Every live article the topic draws on, by hand or by rule, newest first."""
        rules = self.column_rules()
        ids = {pk for rule in rules for pk in rule.article_ids}
        tags = {rule.tag for rule in rules if rule.tag}
        tagged = ArticleTag.objects.filter(tag__name__in=tags).values("content_object_id")
        return (
            ArticlePage.objects.live()
            .public()
            .filter(Q(pk__in=ids) | Q(pk__in=tagged))
            .defer_streamfields()
            .select_related("region")
            .by_time()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["columns"] = cached_for_readers(
            request, f"topic-columns:{self.pk}", self.column_listings
        )
        context["breadcrumbs"] = cached_for_readers(
            request,
            f"topic-breadcrumbs:{self.pk}",
            lambda: list(TopicIndexPage.objects.ancestor_of(self)),
        )
        return context

    def share_image(self):
        """The banner for og:image and JSON-LD, or None (also when the original is lost)."""
        if not self.banner_image:
            return None
        try:
            return self.banner_image.get_rendition(SHARE_RENDITION)
        except SourceImageIOError:
            return None

    # What the live page draws on ------------------------------------------

    def record_live_rules(self):
        """Write the live version's hand-picked articles and tags into the lookup tables."""
        rules = self.column_rules()
        ids = {pk for rule in rules for pk in rule.article_ids}
        existing = set(ArticlePage.objects.filter(pk__in=ids).values_list("pk", flat=True))
        TopicArticle.objects.filter(topic=self).delete()
        TopicArticle.objects.bulk_create(
            [TopicArticle(topic=self, article_id=pk) for pk in sorted(existing)]
        )
        TopicTagRule.objects.filter(topic=self).delete()
        TopicTagRule.objects.bulk_create(
            [
                TopicTagRule(topic=self, name=name)
                for name in sorted({rule.tag for rule in rules if rule.tag})
            ]
        )


class TopicArticle(models.Model):
    """An article a live topic shows by hand (kept in step at publishing)."""

    topic = models.ForeignKey(TopicPage, on_delete=models.CASCADE, related_name="article_links")
    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="topic_links"
    )

    class Meta:
        verbose_name = "专题手选文章"
        constraints = [
            models.UniqueConstraint(fields=["topic", "article"], name="topics_unique_article")
        ]

    def __str__(self):
        return f"{self.topic_id} → {self.article_id}"


class TopicTagRule(models.Model):
    """A tag whose articles a live topic shows (kept in step at publishing)."""

    topic = models.ForeignKey(TopicPage, on_delete=models.CASCADE, related_name="tag_rules")
    name = models.CharField(max_length=100, db_index=True)

    class Meta:
        verbose_name = "专题标签规则"
        constraints = [
            models.UniqueConstraint(fields=["topic", "name"], name="topics_unique_tag_rule")
        ]

    def __str__(self):
        return self.name
