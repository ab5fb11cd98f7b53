"""The newsroom's side of the stack tests: what an editor does in the admin, over HTTP
through nginx, and what a reader then gets through the front cache."""

import datetime
import re
import secrets

from tests.stack.client import APP_SERVERS, get, wait_until
from tests.support.newsroom import article_form

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
LISTING = re.compile(r'<section class="listing".*?</section>', re.S)
ARTICLE_LINK = re.compile(r'href="(/[^"]*/\d+\.html)"')


def beijing_now():
    return datetime.datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def unique_title(prefix="栈测试稿件"):
    return f"{prefix}{secrets.token_hex(3)}"


def article_fields(title, **extra):
    """The article editor's form, as the browser posts it: comments open, dated now."""
    return article_form(
        title,
        body="<p>太原市今日召开冬季供暖保障会议,各区县汇报设备检修进展。</p>",
        publish_time=beijing_now(),
        comments_open="on",
        **extra,
    )


def section_of(console, slug):
    return console.run(
        "from news.models import SectionPage\n"
        f"section = SectionPage.objects.get(slug={slug!r})\n"
        "result = {'id': section.pk, 'url': section.url}\n"
    )


def article_by_title(console, title):
    return console.run(
        "from news.models import ArticlePage\n"
        f"article = ArticlePage.objects.get(title={title!r})\n"
        "result = {'id': article.pk, 'url': article.url, 'number': article.article_number,"
        " 'slug': article.slug, 'title': article.title, 'live': article.live,"
        " 'section_url': article.get_parent().url}\n"
    )


def publish_new_article(editor, console, section_slug="xinzhou", title=None):
    """An article written and published through the admin's 发布 button; its details."""
    section = section_of(console, section_slug)
    title = title or unique_title()
    response = editor.post(
        f"/admin/pages/add/news/articlepage/{section['id']}/",
        article_fields(title, **{"action-publish": "1"}),
    )
    assert response.status == 302, (response.status, response.text[:3000])
    return article_by_title(console, title)


def edit_article(editor, article, title, publish=True):
    """Change the title in the editor and press 发布 (or save a draft)."""
    extra = {"slug": article["slug"]}
    if publish:
        extra["action-publish"] = "1"
    response = editor.post(f"/admin/pages/{article['id']}/edit/", article_fields(title, **extra))
    assert response.status == 302, (response.status, response.text[:3000])
    return response


def unpublish(editor, article):
    response = editor.post(f"/admin/pages/{article['id']}/unpublish/", {})
    assert response.status == 302, (response.status, response.text[:3000])
    return response


def purge(console, paths):
    """Forget pages everywhere they are cached (the app's cache and the front cache), as a
    publish does."""
    console.run(f"from pagecache.purge import purge\npurge({list(paths)!r})\n")


def warm(path, **kwargs):
    """Read a page until it is cached at every layer: the front cache answers it (HIT),
    and each app server's workers have just read it (their caches, for the moment some
    keep what they read). Returns the front cache's answer."""
    for port in APP_SERVERS:
        for _ in range(6):
            get(path, port=port)
    for _ in range(5):
        response = get(path, **kwargs)
        if response.front_cache == "HIT":
            return response
    raise AssertionError(f"{path} never came from the front cache: {response.front_cache}")


def seconds_until(path, check, timeout=5):
    """Read `path` as a reader until `check(response)`; (seconds it took, last response).

    Polls past the 1-second limit, so a failure says how late the page was.
    """
    last = {}

    def probe():
        last["response"] = get(path)
        return check(last["response"])

    shown, seconds = wait_until(probe, timeout)
    return (seconds if shown else None), last["response"]


def listing_links(html):
    """The article addresses of a listing page's main list, in order."""
    match = LISTING.search(html)
    assert match, "no article listing on the page"
    return ARTICLE_LINK.findall(match.group(0))
