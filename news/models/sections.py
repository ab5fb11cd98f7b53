import re

from django.conf import settings
from django.db import models
from django.http import Http404

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtail.url_routing import RouteResult

from news.caching import CacheablePageMixin
from news.content_cache import cached_until_content_changes
from news.pagination import ArticlePaginator

from .visibility import CachedViewRestrictionsMixin, NewsPageQuerySet, restricted_paths

# DedeCMS-style article file names: "3697.html". Nine digits keep the number inside
# a 32-bit integer column on every database.
ARTICLE_FILENAME = re.compile(r"([1-9][0-9]{0,8})\.html")
FEED_FILENAME = "rss.xml"


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

    def route_to_article(self, article_number, requested_section_path):
        article, sections = cached_until_content_changes(
            f"article-route:{article_number}",
            lambda: self.find_live_article(article_number),
            # The article carries its stored view count: kept as long as a cached page.
            seconds=settings.DAYUAN_PAGE_CACHE_SECONDS,
        )
        if not article.url_path.startswith(self.url_path):
            raise Http404
        sections = [section for section in sections if section.depth > self.depth]
        if not all(section.live for section in sections):
            raise Http404
        article.ancestor_sections = sections
        if article.url_path.rstrip("/").rsplit("/", 1)[0] + "/" == requested_section_path:
            return RouteResult(article)
        # The number lives in another section (moved, or an old DedeCMS path): send the
        # reader to where it is now, so old addresses never break.
        return RouteResult(article, kwargs={"redirect_to_canonical": True})

    @staticmethod
    def find_live_article(article_number):
        """The live article with this number and every section above it."""
        from .articles import ArticlePage

        article = (
            ArticlePage.objects.filter(article_number=article_number, live=True)
            .select_related("view_count_record", "featured_image")
            .first()
        )
        if article is None:
            raise Http404  # raised, so nothing is cached for a number that does not exist
        return article, SectionTree.current().ancestors(article)


class SectionPage(ArticleRoutingMixin, Page):
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
    subpage_types = ["news.SectionPage", "news.ArticlePage"]

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

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
        paginator = ArticlePaginator(articles, settings.DAYUAN_PAGE_SIZE)
        context["articles"] = paginator.get_page(request.GET.get("page"))
        context["breadcrumbs"] = getattr(self, "ancestor_sections", None)
        if context["breadcrumbs"] is None:
            context["breadcrumbs"] = SectionPage.objects.ancestor_of(self).order_by("depth")
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
