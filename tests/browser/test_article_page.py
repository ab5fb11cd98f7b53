"""What a reader sees on an article page, on a desktop and on a phone (DESIGN.md, the seed page)."""

import io
import re

from django.utils import timezone

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from news.models import ArticlePage
from tests.browser.conftest import DEMO_ARTICLE_NUMBER as ARTICLE_NUMBER
from tests.browser.conftest import DEMO_ARTICLE_PATH as ARTICLE_PATH
from viewcounts.buffers import flush_views
from viewcounts.models import ArticleViewCount

pytestmark = pytest.mark.browser

DESKTOP, PHONE = 1280, 375


def expect_shown(locator, width):
    """Visible, and inside the viewport's width (nothing cut off at the right on a phone)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (locator, box)


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_seed_element_is_shown(demo_site, open_page, width):
    article = ArticlePage.objects.get(article_number=ARTICLE_NUMBER)
    address = f"{demo_site}{ARTICLE_PATH}"
    reader = open_page(address, width=width)
    page = reader.page

    def shown(selector):
        locator = page.locator(selector)
        expect_shown(locator, width)
        return locator

    expect(shown(".site-header .site-name")).to_have_text("大院网")
    navigation = shown("nav.site-nav")
    expect(navigation.get_by_role("link", name="各市要闻")).to_be_visible()
    expect(shown("nav.breadcrumbs").locator("li")).to_have_text(
        ["首页", "各市要闻", "忻州", "正文"]
    )
    expect(shown("h1.article__title")).to_have_text(article.title)

    shown(".meta-line")
    expect(shown(".meta-line__editor")).to_have_text("网络编辑")
    expect(shown(".meta-line__region")).to_have_text("忻州")
    publish_time = timezone.localtime(article.publish_time).strftime("%Y-%m-%d %H:%M:%S")
    expect(shown(".meta-line__time")).to_have_text(publish_time)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", publish_time)
    expect(shown(".meta-line__views .view-count")).to_have_text(re.compile(r"^\d+$"))
    tags = page.locator(".meta-line__tags a.tag")
    assert sorted(tags.all_inner_texts()) == sorted(article.tags.names())
    for tag in tags.all():
        expect_shown(tag, width)
        assert tag.get_attribute("href").startswith("/tags/")

    paragraphs = page.locator(".article__body .block-paragraph p")
    assert paragraphs.count() >= 2
    for paragraph in paragraphs.all():
        expect_shown(paragraph, width)

    shown("svg.qr-code")
    expect(shown(".article__qr figcaption")).to_have_text("扫一扫在手机打开当前页面")
    expect(shown("#copyright-title")).to_have_text("版权声明")
    expect(shown(".article__copyright")).to_contain_text(f"本文地址:{address}")
    own_address = shown("a.article__address")
    expect(own_address).to_have_text(address)
    expect(own_address).to_have_attribute("href", address)

    previous_link = shown(".article__siblings a[rel=prev]")
    next_link = shown(".article__siblings a[rel=next]")
    expect(previous_link).to_have_attribute("href", f"/gsyl/xinzhou/{ARTICLE_NUMBER - 1}.html")
    expect(next_link).to_have_attribute("href", f"/gsyl/xinzhou/{ARTICLE_NUMBER + 1}.html")

    expect(shown("#comments-title")).to_have_text(re.compile(r"^留言与评论\(共有 \d+ 条评论\)$"))
    expect(shown(".site-footer .about h2")).to_have_text(re.compile(r"^关于"))
    expect(shown(".site-footer .about p")).not_to_be_empty()
    expect(shown(".site-footer .copyright")).to_contain_text("Copyright ©")
    expect(shown(".site-footer .disclaimer[lang=en]")).to_contain_text("Reprinted")
    expect(shown(".site-footer .disclaimer:not([lang])")).to_contain_text("本站")

    assert reader.problems == []


def test_phone_width_needs_no_horizontal_scrolling(demo_site, open_page):
    for path in ["/", "/gsyl/", "/gsyl/xinzhou/", ARTICLE_PATH]:
        reader = open_page(f"{demo_site}{path}", width=PHONE)
        scroll_width, viewport_width = reader.page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= viewport_width, path
        assert reader.problems == [], path


def test_qr_code_opens_the_article_on_a_phone(demo_site, open_page):
    address = f"{demo_site}{ARTICLE_PATH}"
    reader = open_page(address, width=PHONE)
    screenshot = reader.page.locator("svg.qr-code").screenshot()

    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(screenshot)))

    assert [code.text for code in codes] == [address]
    assert codes[0].format == zxingcpp.BarcodeFormat.QRCode
    assert reader.problems == []


def test_a_visit_adds_one_to_the_view_count(demo_site, open_page):
    article = ArticlePage.objects.get(article_number=ARTICLE_NUMBER)
    before = ArticleViewCount.count_for(article.pk)

    reader = open_page(f"{demo_site}{ARTICLE_PATH}")
    count = reader.page.locator(".view-count")
    expect(count).to_have_text(str(before + 1))
    flush_views()  # counts are buffered, then written in batches
    assert ArticleViewCount.count_for(article.pk) == before + 1

    # The page's HTML now comes from the cache with the older count; the count request
    # still reaches the application and the page shows what it answers. The same reader
    # again within 30 minutes is not another view.
    reader.page.reload(wait_until="networkidle")
    expect(count).to_have_text(str(before + 1))
    flush_views()
    assert ArticleViewCount.count_for(article.pk) == before + 1
    assert reader.problems == []
