"""Builders for a small Dayuan site in tests: a home page, sections, cities, articles."""

import datetime
import io
import itertools

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from PIL import Image as PILImage

from home.models import HomePage
from news.models import ArticlePage, SectionPage

_numbers = itertools.count(5001)


def build_site():
    """Root → 大院网 → 各市要闻 → 忻州/太原, plus 社会; returns a namespace of pages."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="大院网", slug="dayuan-home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "大院网"},
    )
    gsyl = home.add_child(instance=SectionPage(title="各市要闻", slug="gsyl", show_in_menus=True))
    xinzhou = gsyl.add_child(
        instance=SectionPage(title="忻州", slug="xinzhou", is_city=True, show_in_menus=True)
    )
    taiyuan = gsyl.add_child(
        instance=SectionPage(title="太原", slug="taiyuan", is_city=True, show_in_menus=True)
    )
    shehui = home.add_child(instance=SectionPage(title="社会", slug="shehui", show_in_menus=True))
    return type(
        "SiteTree",
        (),
        {"home": home, "gsyl": gsyl, "xinzhou": xinzhou, "taiyuan": taiyuan, "shehui": shehui},
    )


def make_image(title="测试图片", size=(640, 480)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (120, 60, 30)).save(buffer, format="JPEG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name="test.jpg")
    image.save()
    return image


def make_article(section, title="测试文章", *, tags=(), publish=True, minutes_ago=0, **fields):
    fields.setdefault("article_number", next(_numbers))
    fields.setdefault("slug", f"a{fields['article_number']}")
    fields.setdefault("body", [("paragraph", "<p>会议强调,要把疫情防控各项措施落到实处。</p>")])
    fields.setdefault("publish_time", timezone.now() - datetime.timedelta(minutes=minutes_ago))
    article = ArticlePage(title=title, **fields)
    section.add_child(instance=article)
    if tags:
        article.tags.set(list(tags))
    revision = article.save_revision()
    if publish:
        revision.publish()
    else:
        ArticlePage.objects.filter(pk=article.pk).update(live=False)
    article.refresh_from_db()
    return article


def make_articles(section, count, *, prefix="文章", tags=(), **fields):
    return [
        make_article(section, f"{prefix}{index}", tags=tags, minutes_ago=index, **fields)
        for index in range(count)
    ]
