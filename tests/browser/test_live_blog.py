"""图文直播 in a real browser: a new entry appears without a reload, closing stops the poll.

The poll interval comes from the page (data-poll-seconds, DAYUAN_LIVE_POLL_SECONDS), one
second here instead of fifteen. The open live page also passes the Nu HTML Checker and
axe-core in both reading modes (the demo's closed one is in READER_PAGES).
"""

import pytest

from liveblogs.entries import set_closed
from tests.browser.conftest import describe_problems
from tests.support.factories import build_site
from tests.support.liveblogs import add_entry, make_live_blog

pytestmark = pytest.mark.browser


@pytest.fixture
def live_blog(transactional_db, django_db_serialized_rollback, live_server, settings):
    settings.DAYUAN_SITE_URL = live_server.url
    settings.DAYUAN_LIVE_POLL_SECONDS = 1
    tree = build_site()
    blog = make_live_blog(tree.xinzhou, "图文直播:忻州马拉松", entries=3)
    return blog, f"{live_server.url}{blog.url}"


def entries_polls(page):
    polls = []
    page.on("request", lambda request: "entries.json" in request.url and polls.append(request.url))
    return polls


def test_new_entry_appears_without_a_reload(live_blog, open_page):
    blog, address = live_blog
    reader = open_page(address)
    page = reader.page
    assert page.locator(".live-entry").count() == 3
    page.evaluate("window.liveBlogTestMarker = 'still-the-same-page'")

    add_entry(blog, "<p>男子组冠军以2小时12分冲过终点。</p>", headline="冠军诞生")

    page.wait_for_selector("text=冠军诞生", timeout=15_000)
    assert page.evaluate("window.liveBlogTestMarker") == "still-the-same-page"
    assert page.locator(".live-entry").first.inner_text().find("冠军诞生") >= 0
    assert page.locator(".live-entry").count() == 4
    assert page.locator("[data-live-status]").inner_text() == "有1条新进展。"
    assert reader.problems == []


def test_edited_and_deleted_entries_follow_and_closing_stops_polling(live_blog, open_page):
    blog, address = live_blog
    reader = open_page(address)
    page = reader.page
    polls = entries_polls(page)
    oldest, newest = blog.entries.order_by("posted_at")[0], blog.entries.order_by("posted_at")[2]
    oldest.text = "<p>更正:选手通过5公里处。</p>"
    oldest.save()
    newest.delete()
    page.wait_for_selector("text=更正:选手通过5公里处", timeout=15_000)
    page.wait_for_function("document.querySelectorAll('.live-entry').length === 2", timeout=15_000)

    set_closed(blog, True, None)
    page.wait_for_selector("text=直播已结束,页面不再自动刷新。", timeout=15_000)
    seen = len(polls)
    page.wait_for_timeout(3_000)
    assert len(polls) == seen, "the page kept polling after the live blog closed"
    assert reader.problems == []


def test_open_live_page_passes_the_checkers(live_blog, open_page, nu_html_checker, axe_script):
    _blog, address = live_blog
    reader = open_page(address)
    assert reader.problems == []
    errors = {
        name: found
        for name, found in nu_html_checker({"open live blog": reader.response.text()}).items()
        if found
    }
    assert not errors, describe_problems(errors)

    problems = {}
    for mode in ("standard", "elderly"):
        for width in (1280, 375):
            page = open_page(address, width=width, bypass_csp=True, mode=mode).page
            page.add_script_tag(path=str(axe_script))
            results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            found = [
                f"{violation['impact']} {violation['id']}: {violation['help']}"
                for violation in results["violations"]
            ]
            if found:
                problems[f"{mode} at {width}px"] = found
    assert not problems, describe_problems(problems)
