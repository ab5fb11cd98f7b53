"""Editors get fresh pages and their drafts; what an editor or a cookie-setting response
gets is never kept for readers."""

import pytest

from tests.stack.client import get
from tests.stack.newsroom import edit_article, publish_new_article, purge, unique_title, warm

pytestmark = pytest.mark.stack

USERBAR = "wagtail-userbar"


def change_title_behind_the_front_cache(console, article, title):
    """Store a new title and forget it in the app's caches, but not in the front cache:
    what a lost purge request would leave (the front cache keeps the old page)."""
    console.run(
        "from wagtail.models import Page\n"
        "from pagecache.purge import purge_everything\n"
        f"Page.objects.filter(pk={article['id']}).update(title={title!r}, draft_title={title!r})\n"
        # The app's page and content caches; in front, only /, the feed and the sitemap.
        "purge_everything()\n"
    )


def test_an_editor_gets_fresh_pages_while_readers_get_the_front_cache(editor, console):
    article = publish_new_article(editor, console)
    cached = warm(article["url"])
    changed = unique_title("栈测试未清前端")
    change_title_behind_the_front_cache(console, article, changed)
    try:
        reader = get(article["url"])
        assert reader.front_cache == "HIT"
        assert article["title"] in reader.text and changed not in reader.text

        fresh = editor.get(article["url"])
        assert fresh.status == 200
        assert fresh.front_cache == "BYPASS"
        assert changed in fresh.text
        assert USERBAR in fresh.text

        # The editor's page (with the userbar) was not stored for readers.
        after = get(article["url"])
        assert after.front_cache == "HIT"
        assert after.body == cached.body
        assert USERBAR not in after.text
    finally:
        change_title_behind_the_front_cache(console, article, article["title"])
        purge(console, [article["url"]])


def test_an_editor_sees_the_draft_and_readers_the_live_page(editor, console):
    article = publish_new_article(editor, console)
    warm(article["url"])
    draft_title = unique_title("栈测试草稿")
    edit_article(editor, article, draft_title, publish=False)

    draft = editor.get(f"/admin/pages/{article['id']}/view_draft/")
    assert draft.status == 200
    assert draft_title in draft.text
    assert draft.front_cache == "BYPASS"

    reader = get(article["url"])
    assert article["title"] in reader.text and draft_title not in reader.text
    # Without the editor's session the draft address is the login page, never a cached draft.
    for _ in range(2):
        outsider = get(f"/admin/pages/{article['id']}/view_draft/")
        assert outsider.status == 302 and "/admin/login/" in outsider.location
        assert outsider.front_cache != "HIT"
        assert draft_title not in outsider.text


@pytest.mark.parametrize("path", ["/admin/login/", "/comments/{number}/"])
def test_pages_that_set_cookies_are_never_cached(editor, console, path):
    article = publish_new_article(editor, console)
    path = path.format(number=article["number"])
    for _ in range(3):
        response = get(path)
        assert response.status == 200
        assert any(cookie.startswith("csrftoken=") for cookie in response.all_headers("Set-Cookie"))
        assert response.front_cache != "HIT", path


def test_a_cacheable_page_that_sets_a_cookie_is_not_stored(editor, console):
    """A stale session cookie is answered like any reader (nginx does not pass it by), and
    Django's answer deletes it: that answer carries Set-Cookie (and the page's own
    s-maxage), and must not be what the next reader gets."""
    article = publish_new_article(editor, console)
    purge(console, [article["url"]])
    stale = get(article["url"], headers={"Cookie": "sessionid=expired-long-ago"})
    assert stale.status == 200
    assert any(c.startswith("sessionid=") for c in stale.all_headers("Set-Cookie"))
    assert "s-maxage" in stale.header("Cache-Control", "")
    assert stale.front_cache == "MISS"

    reader = get(article["url"])
    assert reader.front_cache != "HIT"
    assert not reader.all_headers("Set-Cookie")
    hit = get(article["url"])
    assert hit.front_cache == "HIT"
    assert not hit.all_headers("Set-Cookie")
