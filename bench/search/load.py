"""Loads the synthetic corpus into a fresh database as real, published article pages.

Wagtail's `add_child()` takes ~15 ms a page (tree bookkeeping, revisions), which would make
100,000 articles a 25-minute job; the benchmark measures search, so pages are written in
bulk instead: the same rows `add_child()` + publish would leave (without revisions).
"""

import datetime
import json
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from taggit.models import Tag
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from news.models import ArticlePage, ArticleTag, SectionPage

from .corpus import CITIES

BATCH = 1_000
NEWEST = timezone.make_aware(datetime.datetime(2026, 11, 1, 8, 0, 0))


def build_site():
    """Root → 大院网 → 各市要闻 → the 11 cities; returns {city index: SectionPage}."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="大院网", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="127.0.0.1", port=80, root_page=home, is_default_site=True, site_name="大院网"
    )
    gsyl = home.add_child(instance=SectionPage(title="各市要闻", slug="gsyl", show_in_menus=True))
    return {
        index: gsyl.add_child(
            instance=SectionPage(title=name, slug=slug, is_city=True, show_in_menus=True)
        )
        for index, (name, slug, _districts) in enumerate(CITIES)
    }


def _path_step(number):
    """Treebeard's 4-character base-36 step for the `number`th child."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    for _ in range(4):
        number, remainder = divmod(number, 36)
        digits = alphabet[remainder] + digits
    return digits


def _body(article):
    return json.dumps(
        [
            {"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}
            for text in article["paragraphs"]
        ],
        ensure_ascii=False,
    )


@transaction.atomic
def load_articles(articles, cities):
    """Writes `articles` (dicts from the corpus) under their cities, published."""
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    tags = {}
    for article in articles:
        for name in article["tags"]:
            tags.setdefault(name, None)
    for tag in Tag.objects.bulk_create([Tag(name=name, slug=name) for name in tags]):
        tags[tag.name] = tag.pk
    children = dict.fromkeys(cities, 0)
    article_fields = [
        field for field in ArticlePage._meta.local_concrete_fields if field.name != "page_ptr"
    ]
    for start in range(0, len(articles), BATCH):
        batch = articles[start : start + BATCH]
        pages = []
        for article in batch:
            city = cities[article["city"]]
            children[article["city"]] += 1
            published = NEWEST - datetime.timedelta(minutes=article["age_minutes"])
            slug = str(article["number"])
            pages.append(
                Page(
                    path=city.path + _path_step(children[article["city"]]),
                    depth=city.depth + 1,
                    numchild=0,
                    title=article["title"],
                    draft_title=article["title"],
                    slug=slug,
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{city.url_path}{slug}/",
                    first_published_at=published,
                    last_published_at=published,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
        pages = Page.objects.bulk_create(pages)
        rows = []
        for page, article in zip(pages, batch, strict=True):
            row = ArticlePage(
                page_ptr_id=page.pk,
                summary=article["summary"],
                editor_name=article["editor"],
                source="大院网",
                publish_time=page.first_published_at,
                body=_body(article),
                article_number=article["number"],
                region_id=cities[article["city"]].pk,
            )
            rows.append(row)
        ArticlePage._base_manager._insert(
            rows, fields=[ArticlePage._meta.get_field("page_ptr"), *article_fields]
        )
        ArticleTag.objects.bulk_create(
            ArticleTag(content_object_id=page.pk, tag_id=tags[name])
            for page, article in zip(pages, batch, strict=True)
            for name in article["tags"]
        )
    for index, city in cities.items():
        Page.objects.filter(pk=city.pk).update(numchild=children[index])
