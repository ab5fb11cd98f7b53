import operator
from functools import reduce

from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.http import HttpResponsePermanentRedirect
from django.utils import timezone

from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtail.url_routing import RouteResult

from news.blocks import ArticleBodyBlock
from news.caching import CacheablePageMixin
from news.content_cache import cached_for_readers
from news.forms import ArticlePageForm
from news.newsroom.panels import ReviewStatusPanel, TagSuggestionsPanel
from search.index import PublishDateField

from .newsroom import NewsroomArticleMixin
from .sections import SectionPage
from .tags import ArticleTag
from .visibility import CachedViewRestrictionsMixin, NewsPageQuerySet

SHARE_RENDITION = "fill-1200x675|format-jpeg"
RELATED_LIMIT = 5


class ArticlePageQuerySet(NewsPageQuerySet):
    def in_section(self, section):
        """Articles anywhere below a section (a city's articles appear in 各市要闻 too)."""
        return self.descendant_of(section)

    def newest(self):
        return self.order_by("-is_sticky", "-publish_time", "-pk")

    def by_time(self):
        return self.order_by("-publish_time", "-pk")

    def for_listing(self):
        """What a card in a listing needs, fetched in a constant number of queries."""
        renditions = get_image_model().get_rendition_model().objects.all()
        return (
            self.defer_streamfields()
            .select_related("region", "featured_image")
            .prefetch_related(
                Prefetch(
                    "featured_image__renditions",
                    queryset=renditions,
                    to_attr="prefetched_renditions",
                )
            )
        )

    def with_tag(self, tag):
        return self.filter(tagged_items__tag=tag)


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticlePage(CacheablePageMixin, CachedViewRestrictionsMixin, NewsroomArticleMixin, Page):
    """One news article, served at /<section path>/<article_number>.html."""

    short_title = models.CharField("短标题", max_length=60, blank=True)
    summary = models.TextField(
        "导语", blank=True, max_length=600, help_text="列表和分享时显示的摘要;留空时取正文第一段。"
    )
    editor_name = models.CharField("网络编辑", max_length=60, default="网络编辑")
    source = models.CharField("来源", max_length=120, blank=True)
    publish_time = models.DateTimeField(
        "发布时间",
        default=timezone.now,
        help_text="北京时间;页面上显示为 2022-11-17 18:02:44 的格式。",
    )
    featured_image = models.ForeignKey(
        get_image_model(),
        verbose_name="题图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager("标签", through=ArticleTag, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name="正文", blank=True)
    copyright_statement = models.TextField(
        "版权声明", blank=True, help_text="留空时使用站点设置里的默认版权声明。"
    )

    comments_open = models.BooleanField(
        "开放评论", default=True, help_text="关闭后读者不能再发表评论,已通过的评论仍然显示。"
    )

    is_headline = models.BooleanField("头条", default=False)
    is_recommended = models.BooleanField("推荐", default=False)
    is_slideshow = models.BooleanField(
        "幻灯", default=False, help_text="需要题图才会出现在首页幻灯中。"
    )
    is_sticky = models.BooleanField("置顶", default=False)

    article_number = models.PositiveIntegerField(
        "文章编号", unique=True, null=True, blank=True, editable=False
    )
    region = models.ForeignKey(
        SectionPage,
        verbose_name="地区",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArticlePageManager()
    base_form_class = ArticlePageForm

    content_panels = [
        ReviewStatusPanel(),
        *Page.content_panels,
        FieldPanel("short_title"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("editor_name"), FieldPanel("source")], heading="作者与来源"),
        FieldPanel("publish_time"),
        FieldPanel("featured_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        TagSuggestionsPanel(),
        FieldPanel("corrections"),
    ]
    promotion_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("is_headline"), FieldPanel("is_recommended")]),
                FieldRowPanel([FieldPanel("is_slideshow"), FieldPanel("is_sticky")]),
            ],
            heading="首页位置",
        ),
        *Page.promote_panels,
    ]
    settings_panels = [
        FieldPanel("copyright_statement"),
        FieldPanel("comments_open"),
        *Page.settings_panels,
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList(promotion_panels, heading="推广"),
            ObjectList(settings_panels, heading="设置"),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("short_title"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("editor_name"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        PublishDateField("publish_time"),
        index.FilterField("region"),
    ]

    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        indexes = [
            models.Index(fields=["-is_sticky", "-publish_time"], name="news_article_listing_idx"),
            models.Index(fields=["-publish_time"], name="news_article_time_idx"),
            # The front page's per-city lists and its flagged slots, at 100,000 articles.
            models.Index(fields=["region", "-publish_time"], name="news_article_region_idx"),
            *[
                models.Index(
                    fields=["-publish_time"], condition=Q(**{flag: True}), name=f"news_{flag}_idx"
                )
                for flag in ("is_headline", "is_slideshow", "is_recommended")
            ],
        ]

    def __str__(self):
        return self.title

    # Numbers and addresses -------------------------------------------------

    def assign_article_number(self):
        if self.article_number is None:
            highest = ArticlePage.objects.aggregate(highest=Max("article_number"))["highest"]
            self.article_number = (highest or 0) + 1
        return self.article_number

    def full_clean(self, *args, **kwargs):
        # Chinese titles give no usable ASCII slug; the public address uses the number anyway.
        if not self.slug:
            self.slug = str(self.assign_article_number())
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.assign_article_number()
        if self.path:
            self.region = self.find_region()
        super().save(*args, **kwargs)

    def find_region(self):
        """The nearest city section above the article."""
        return SectionPage.objects.ancestor_of(self).filter(is_city=True).order_by("-depth").first()

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if not parts or parts[2] is None or self.article_number is None:
            return parts
        site_id, root_url, page_path = parts
        section_path = page_path.rstrip("/").rsplit("/", 1)[0]
        return site_id, root_url, f"{section_path}/{self.article_number}.html"

    def route(self, request, path_components):
        if self.live and not path_components:
            # Wagtail's own slug address: the .html address is the only canonical one.
            return RouteResult(self, kwargs={"redirect_to_canonical": True})
        return super().route(request, path_components)

    def serve(self, request, *args, redirect_to_canonical=False, **kwargs):
        if redirect_to_canonical:
            return HttpResponsePermanentRedirect(self.get_url(request))
        return super().serve(request, *args, **kwargs)

    # Display ---------------------------------------------------------------

    @property
    def display_title(self):
        return self.short_title or self.title

    @property
    def listing_summary(self):
        if self.summary:
            return self.summary
        for block in self.body:
            if block.block_type == "paragraph":
                from django.utils.html import strip_tags

                return strip_tags(block.value.source)[:120]
        return ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = self.get_ancestor_sections()
        self.region = next((section for section in reversed(sections) if section.is_city), None)
        # A preview gets the draft's own tags, not the live ones.
        context.update(cached_for_readers(request, f"neighbours:{self.pk}", self.neighbours))
        context["breadcrumbs"] = sections
        context["section_feed_url"] = self.get_url(request).rsplit("/", 1)[0] + "/rss.xml"
        context["view_count"] = self.view_count
        return context

    def share_image(self):
        """The picture for og:image and JSON-LD, or None (also when the original is lost).

        Read from the prefetched renditions: `{% image %}` would rewrite Wagtail's rendition
        cache entry on every render.
        """
        image = self.featured_image
        if not image:
            return None
        if not hasattr(image, "prefetched_renditions"):
            # All of them in one query: the body's picture, rendered next, uses them too.
            prefetch_related_objects(
                [image], Prefetch("renditions", to_attr="prefetched_renditions")
            )
        try:
            return image.get_renditions(SHARE_RENDITION)[SHARE_RENDITION]
        except SourceImageIOError:
            return None

    def neighbours(self):
        """Tags; the previous and next article in the section and related articles.

        The three lists come in one query, each a subquery; every row says which it
        belongs to (the previous article can be related too).
        """
        tags = list(self.tags.all())
        siblings = ArticlePage.objects.live().public().sibling_of(self, inclusive=False)
        earlier = siblings.filter(publish_time__lt=self.publish_time).by_time()
        later = siblings.filter(publish_time__gt=self.publish_time).order_by("publish_time", "pk")
        roles = {
            "is_previous": Q(pk=Subquery(earlier.values("pk")[:1])),
            "is_next": Q(pk=Subquery(later.values("pk")[:1])),
        }
        if tags:
            roles["is_related"] = Q(pk__in=self.ranked_related(tags).values("pk")[:RELATED_LIMIT])
        found = list(
            ArticlePage.objects.filter(reduce(operator.or_, roles.values()))
            .annotate(
                **{
                    role: ExpressionWrapper(condition, output_field=BooleanField())
                    for role, condition in roles.items()
                },
                shared_tags=self.shared_tags(tags),
            )
            .defer_streamfields()
        )
        related = [article for article in found if getattr(article, "is_related", False)]
        related.sort(key=lambda article: (article.shared_tags, article.publish_time), reverse=True)
        return {
            "tags": tags,
            "previous_article": next((a for a in found if a.is_previous), None),
            "next_article": next((a for a in found if a.is_next), None),
            "related_articles": related,
        }

    def get_ancestor_sections(self):
        """Sections above the article, outermost first; routing may have fetched them."""
        sections = getattr(self, "ancestor_sections", None)
        if sections is None:
            sections = list(SectionPage.objects.ancestor_of(self).order_by("depth"))
        return sections

    @property
    def view_count(self):
        from .counters import ArticleViewCount

        if not self.pk:
            return 0
        try:
            return self.view_count_record.count
        except ArticleViewCount.DoesNotExist:
            return 0

    def related_articles(self, tags, limit=RELATED_LIMIT):
        """Articles sharing the most tags, among the newest that share any."""
        return list(self.ranked_related(tags)[:limit]) if tags else []

    def ranked_related(self, tags, candidates=200):
        """Live articles sharing any of `tags`, most shared tags first, then newest.

        A popular tag is on thousands of articles; ranking only the newest `candidates`
        keeps this cheap however large the archive grows.
        """
        newest_sharing = (
            ArticleTag.objects.filter(tag__in=tags)
            .exclude(content_object_id=self.pk)
            .order_by("-content_object_id")
            .values("content_object_id")[:candidates]
        )
        return (
            ArticlePage.objects.live()
            .public()
            .filter(pk__in=newest_sharing)
            .annotate(shared_tags=self.shared_tags(tags))
            .order_by("-shared_tags", "-publish_time")
            .defer_streamfields()
        )

    @staticmethod
    def shared_tags(tags):
        """How many of `tags` each article has.

        Counted per article in a subquery: grouping the wide page rows instead costs SQLite
        a sort of every column.
        """
        return Subquery(
            ArticleTag.objects.filter(tag__in=tags, content_object_id=OuterRef("pk"))
            .order_by()
            .values("content_object_id")
            .annotate(shared=Count("pk"))
            .values("shared")
        )
