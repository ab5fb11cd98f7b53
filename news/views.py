from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET

from taggit.models import Tag
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from pagecache.pages import mark_cacheable

from .addresses import absolute_url
from .models import ArticlePage
from .pagination import ArticlePaginator
from .sitemaps import SiteSitemap

MAX_TAG_LENGTH = 100


@require_GET
def tag_page(request, tag):
    # PostgreSQL text cannot hold NUL, and no tag has control characters: not a tag.
    if len(tag) > MAX_TAG_LENGTH or not tag.isprintable():
        raise Http404
    tag_object = Tag.objects.filter(name=tag).first() or Tag.objects.filter(slug=tag).first()
    if tag_object is None:
        raise Http404
    articles = ArticlePage.objects.live().public().with_tag(tag_object).for_listing().by_time()
    paginator = ArticlePaginator(articles, settings.DAYUAN_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return mark_cacheable(
        render(request, "news/tag_page.html", {"tag": tag_object, "articles": page})
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /hits/",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    return mark_cacheable(response)


@require_GET
def sitemap(request):
    return mark_cacheable(wagtail_sitemap(request, {"wagtail": SiteSitemap}))


@require_GET
def legacy_dynamic_address(request):
    """DedeCMS's dynamic article address, /plus/view.php?aid=3697: 301 to the article."""
    aid = request.GET.get("aid", "")
    if not aid.isdigit() or len(aid) > 9:
        raise Http404
    article = (
        ArticlePage.objects.live().filter(article_number=int(aid)).defer_streamfields().first()
    )
    if article is None:
        raise Http404
    return HttpResponsePermanentRedirect(article.get_url(request))
