"""The admin in a real browser: no request leaves the site, and the admin CSP breaks nothing.

An editor's browser must not tell another host who they are (no Gravatar, no update
check, no CDN): every request from the login page, the dashboard, the page editor and
the image chooser goes to the site itself. The same walk proves the tightened admin
Content-Security-Policy is enough for Wagtail: a blocked script or style would reach
the console as an error.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from news.models import ArticlePage

from .conftest import DEMO_ARTICLE_NUMBER

pytestmark = pytest.mark.browser

DESK_EDITOR = ("desk_xinzhou", "dayuan-desk-editor")


class RequestLog:
    def __init__(self, page):
        self.urls = []
        page.on("request", lambda request: self.urls.append(request.url))

    def foreign(self, base_url):
        own = urlsplit(base_url).netloc
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(url).netloc != own
        ]


def test_admin_walk_stays_on_the_site_and_within_its_csp(demo_site, open_page):
    admin = open_page(f"{demo_site}/admin/login/")
    page = admin.page
    requests = RequestLog(page)
    page.locator("#id_username").fill(DESK_EDITOR[0])
    page.locator("#id_password").fill(DESK_EDITOR[1])
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{demo_site}/admin/")
    page.wait_for_load_state("networkidle")

    article = ArticlePage.objects.get(article_number=DEMO_ARTICLE_NUMBER)
    admin.goto(f"{demo_site}/admin/pages/{article.pk}/edit/")
    # The body's block chooser, and the image chooser modal with its upload tab.
    add_block = "[data-streamfield-stream-container] button[title], .c-sf-add-button"
    page.locator(add_block).first.click()
    expect(page.locator(".w-combobox, [role=listbox]").first).to_be_visible()
    page.keyboard.press("Escape")
    # A new article's empty image field opens the chooser itself.
    admin.goto(f"{demo_site}/admin/pages/add/news/articlepage/{article.get_parent().pk}/")
    page.locator("#id_featured_image-chooser [data-chooser-action-choose]").click()
    expect(page.locator(".modal-content")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".modal-content img").first).to_be_visible()

    admin.goto(f"{demo_site}/admin/images/")
    admin.goto(f"{demo_site}/admin/pages/{article.get_parent().pk}/")

    assert requests.foreign(demo_site) == []
    assert [url for url in requests.urls if re.search(r"gravatar|releases\.wagtail", url)] == []
    assert admin.problems == []
