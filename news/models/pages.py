"""The portal's page types: sections (各市要闻, a city) and the articles in them.

Both live in one module because each needs the other: a section lists and routes to its
articles, an article finds its region and breadcrumbs among the sections above it.
"""

import operator
import re
from functools import reduce

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
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
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone

from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail import hooks
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
from news.feeds import SectionFeed
from news.forms import ArticlePageForm
from news.pagination import ArticlePaginator
from news.panels import ReviewStatusPanel, TagSuggestionsPanel
from news.text import first_paragraph
from pagecache.content import cached_for_readers, cached_until_content_changes
from pagecache.pages import CacheablePageMixin
from search.index import PublishDateField
from video.panels import VideoChooserPanel
from watermarks.specs import watermarked

from .mixins import NewsroomArticleMixin
from .tags import ArticleTag
from .visibility import CachedViewRestrictionsMixin, NewsPageQuerySet, restricted_paths

# DedeCMS-style article file names: "3697.html". Nine digits keep the number inside
# a 32-bit integer column on every database.
ARTICLE_FILENAME = re.compile(r"([1-9][0-9]{0,8})\.html")
# DedeCMS's later pages of one article, "3697_2.html": a gallery's photos (galleries/).
ARTICLE_PART_FILENAME = re.compile(r"([1-9][0-9]{0,8})_([1-9][0-9]{0,3})\.html")
FEED_FILENAME = "rss.xml"


class SectionAncestorsMixin:
    """The breadcrumb trail: sections above a page, outermost first."""

    def get_ancestor_sections(self):
        # Routing fetches them with the page (`ancestor_sections`); a preview has not.
        sections = getattr(self, "ancestor_sections", None)
        if sections is None:
            sections = list(SectionPage.objects.ancestor_of(self).order_by("depth"))
        return sections


class ArticleRoutingMixin(CacheablePageMixin, CachedViewRestrictionsMixin):
    """Serves /<section path>/<number>.html and <section>/rss.xml below this page.

    The article is found by its number in one query, instead of Wagtail walking the
    tree one child lookup at a time; its ancestors come in one more query and serve
    for the liveness check, the breadcrumbs and the region.
    """

    def route(self, request, path_components):
        if self.live and path_components:
            if match := ARTICLE_FILENAME.fullmatch(path_components[-1]):
                section_path = "".join(f"{part}/" for part in path_components[:-1])
                return self.route_to_article(int(match[1]), self.url_path + section_path)
            if match := ARTICLE_PART_FILENAME.fullmatch(path_components[-1]):
                section_path = "".join(f"{part}/" for part in path_components[:-1])
                return self.route_to_article(
                    int(match[1]), self.url_path + section_path, part=int(match[2])
                )
            if path_components == [FEED_FILENAME] and isinstance(self, SectionPage):
                return RouteResult(self, kwargs={"feed": True})
            if section := self.find_live_section(path_components):
                return section.route(request, [])
        return super().route(request, path_components)

    def find_live_section(self, path_components):
        """A live section below this page by its path, with the sections between."""
        paths = []
        for part in path_components:
            paths.append(f"{paths[-1] if paths else self.url_path}{part}/")
        sections = SectionTree.current().by_url_paths(paths)
        if not all(section is not None and section.live for section in sections):
            return None
        section = sections[-1]
        section.ancestor_sections = sections[:-1]
        return section

    def route_to_article(self, article_number, requested_section_path, part=None):
        article, sections = cached_until_content_changes(
            f"article-route:{article_number}",
            lambda: self.find_live_article(article_number),
            # The article carries its stored view count: kept as long as a cached page.
            seconds=settings.DAYUAN_PAGE_CACHE_SECONDS,
        )
        if not article.url_path.startswith(self.url_path):
            raise Http404
        if part is not None and not getattr(article, "serves_numbered_parts", False):
            raise Http404
        sections = [section for section in sections if section.depth > self.depth]
        if not all(section.live for section in sections):
            raise Http404
        article.ancestor_sections = sections
        kwargs = {} if part is None else {"part": part}
        if article.url_path.rstrip("/").rsplit("/", 1)[0] + "/" == requested_section_path:
            return RouteResult(article, kwargs=kwargs)
        # The number lives in another section (moved, or an old DedeCMS path): send the
        # reader to where it is now, so old addresses never break.
        return RouteResult(article, kwargs={**kwargs, "redirect_to_canonical": True})

    @staticmethod
    def find_live_article(article_number):
        """The live article with this number and every section above it."""
        article = (
            ArticlePage.objects.filter(article_number=article_number, live=True)
            .select_related("view_count_record", "featured_image", "lead_video__poster")
            .first()
        )
        if article is None:
            raise Http404  # raised, so nothing is cached for a number that does not exist
        if article.specific_class is not ArticlePage:
            # A gallery or a live blog shares the numbers and the addresses of articles;
            # its own fields cost one more query, plain articles none.
            article = article.specific_class.objects.select_related(
                "view_count_record", "featured_image", "lead_video__poster"
            ).get(pk=article.pk)
        return article, SectionTree.current().ancestors(article)


class SectionPage(SectionAncestorsMixin, ArticleRoutingMixin, Page):
    """A section of the portal (各市要闻, 社会…) or a city inside one; sections nest."""

    intro = models.TextField("栏目简介", blank=True, max_length=500)
    is_city = models.BooleanField(
        "城市频道",
        default=False,
        help_text="城市频道下的文章以该城市作为地区显示。",
    )

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("is_city")], heading="地区"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "news.SectionPage"]
    subpage_types = [
        "news.SectionPage",
        "news.ArticlePage",
        "galleries.GalleryPage",
        "liveblogs.LiveBlogPage",
    ]

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def serve(self, request, *args, feed=False, **kwargs):
        if feed:
            return SectionFeed(ArticlePage)(request, section=self)
        return super().serve(request, *args, **kwargs)

    @property
    def feed_url(self):
        return f"{self.url}{FEED_FILENAME}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.live().public().in_section(self).for_listing().newest()
        paginator = ArticlePaginator(articles, settings.DAYUAN_PAGE_SIZE)
        context["articles"] = paginator.get_page(request.GET.get("page"))
        context["breadcrumbs"] = self.get_ancestor_sections()
        if getattr(request, "is_preview", False):
            # A draft's own children are not in the live tree yet.
            context["subsections"] = SectionPage.objects.live().public().child_of(self).in_menu()
        else:
            context["subsections"] = SectionTree.current().menu_children(self)
        return context


class SectionTree:
    """Every section, live or not, kept until content changes: a portal has tens of them.

    Routing, the navigation, sub-section lists and the home page's cities each need a few
    sections; they read them here instead of with a query each.
    """

    def __init__(self, sections):
        self.by_path = {section.path: section for section in sections}
        self.by_url_path = {section.url_path: section for section in sections}

    @classmethod
    def current(cls):
        return cached_until_content_changes(
            "section-tree", lambda: cls(SectionPage.objects.order_by("path"))
        )

    def ancestors(self, page):
        """The sections above `page`, outermost first."""
        prefixes = (page.path[:end] for end in range(page.steplen, len(page.path), page.steplen))
        return [self.by_path[prefix] for prefix in prefixes if prefix in self.by_path]

    def by_url_paths(self, url_paths):
        """The section at each address, or None."""
        return [self.by_url_path.get(url_path) for url_path in url_paths]

    def _public_live(self, below):
        restricted = tuple(restricted_paths())
        return (
            section
            for section in self.by_path.values()
            if section.live
            and section.path.startswith(below.path)
            and section.depth > below.depth
            and not section.path.startswith(restricted)
        )

    def menu_children(self, parent):
        """Live, public sections directly under `parent` that show in menus, in tree order."""
        return [
            section
            for section in self._public_live(parent)
            if section.depth == parent.depth + 1 and section.show_in_menus
        ]

    def cities(self, below):
        """Live, public city sections anywhere under `below`, in tree order."""
        return [section for section in self._public_live(below) if section.is_city]


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

    def earlier_than(self, article):
        """Articles published before `article`, the nearest first."""
        return self.filter(publish_time__lt=article.publish_time).by_time()

    def later_than(self, article):
        """Articles published after `article`, the nearest first."""
        return self.filter(publish_time__gt=article.publish_time).order_by("publish_time", "pk")

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

    def touched_since(self, since):
        """Articles first published, last edited or dated since `since`."""
        return self.filter(
            Q(first_published_at__gte=since)
            | Q(latest_revision_created_at__gte=since)
            | Q(publish_time__gte=since)
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticlePage(
    SectionAncestorsMixin,
    CacheablePageMixin,
    CachedViewRestrictionsMixin,
    NewsroomArticleMixin,
    Page,
):
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
    lead_video = models.ForeignKey(
        "video.Video",
        verbose_name="题头视频",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"type": "video"},
        help_text="放在正文前面播放;题图仍用于列表和分享。",
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
    # Read by distribution (never imported here): publishing queues the address for Baidu
    # and IndexNow. Galleries and live blogs inherit it.
    push_to_search_engines = True

    content_panels = [
        ReviewStatusPanel(),
        *Page.content_panels,
        FieldPanel("short_title"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("editor_name"), FieldPanel("source")], heading="作者与来源"),
        FieldPanel("publish_time"),
        FieldPanel("featured_image"),
        VideoChooserPanel("lead_video"),
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
    def listing_summary(self):
        return self.summary or first_paragraph(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = self.get_ancestor_sections()
        self.region = next((section for section in reversed(sections) if section.is_city), None)
        # A preview gets the draft's own tags, not the live ones.
        context.update(cached_for_readers(request, f"neighbours:{self.pk}", self.neighbours))
        context["breadcrumbs"] = sections
        context["section_feed_url"] = self.get_url(request).rsplit("/", 1)[0] + "/rss.xml"
        context["view_count"] = self.view_count
        context["containing_topics"] = self.containing_topics(request)
        return context

    def containing_topics(self, request):
        """Pages that gather this article (专题), from `article_topics` hooks.

        news sits below the apps that gather articles: each registers a hook that takes
        the request and the article and returns its pages; none registered, none shown.
        """
        return [page for hook in hooks.get_hooks("article_topics") for page in hook(request, self)]

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
        spec = watermarked(SHARE_RENDITION)
        try:
            return image.get_renditions(spec)[spec]
        except SourceImageIOError:
            return None

    def neighbours(self):
        """Tags; the previous and next article in the section and related articles.

        The three lists come in one query, each a subquery; every row says which it
        belongs to (the previous article can be related too).
        """
        tags = list(self.tags.all())
        earlier, later = self.previous_and_next()
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

    def previous_and_next(self):
        """(earlier, later): the section's live articles either side of this one, nearest first."""
        siblings = ArticlePage.objects.live().public().sibling_of(self, inclusive=False)
        return siblings.earlier_than(self), siblings.later_than(self)

    @property
    def view_count(self):
        if not self.pk:
            return 0
        try:
            return self.view_count_record.count
        except ObjectDoesNotExist:  # no view counted yet
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
