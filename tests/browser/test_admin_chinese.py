"""The whole admin in Simplified Chinese, as each newsroom role meets it in Chromium.

For 记者, 编辑, 主编, 评论审核员 and a superuser, the walk visits every screen of the role's own
menu (read from the sidebar's data, so a screen another engineer adds to the menu is walked
too), one add or edit screen linked from each of them, the screens listed below per role, and
the page editor's panels, block chooser and choosers. On each it compares the visible text,
placeholders, aria-labels, titles and alt texts with the English messages of Wagtail and the
other installed packages (tests/support/admin_language.py). It finds none (docs/translations.md).

To walk a new screen: add its address to SCREENS (every role) or ROLE_SCREENS.
"""

import contextlib
import json
import re
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from news.models import ArticlePage, SectionPage
from tests.support.admin_language import english_on_screen

from .conftest import DEMO_ARTICLE_NUMBER

pytestmark = pytest.mark.browser

# The demo accounts (home/management/commands/load_demo_content.py), one per role.
ROLES = {
    "reporter_xinzhou": "记者",
    "desk_xinzhou": "编辑",
    "chief": "主编",
    "moderator": "评论审核员",
    "editor": "超级用户",
}
# Screens every role is sent to (one it may not open answers with the admin's own refusal,
# which is walked too). `{name}` stands for the demo object of that name (demo_objects).
SCREENS = [
    "/admin/",
    "/admin/pages/{home}/",
    "/admin/pages/{xinzhou}/",
    "/admin/pages/{article}/edit/",
    "/admin/pages/{article}/history/",
    "/admin/pages/{article}/revisions/compare/earliest...{revision}/",
    "/admin/pages/add/news/articlepage/{xinzhou}/",
    "/admin/pages/search/?q=供暖",
    "/admin/images/",
    "/admin/images/{image}/",
    "/admin/images/multiple/add/",
    "/admin/documents/",
    "/admin/documents/edit/{document}/",
    "/admin/documents/multiple/add/",
    "/admin/reports/locked/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/site-history/",
    "/admin/reports/aging-pages/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/account/",
    "/admin/two-factor/",
    "/admin/snippets/",
    "/admin/newsroom/desks/",
]
ROLE_SCREENS = {
    "moderator": ["/admin/snippets/comments/comment/?status=unreviewed"],
    "editor": [
        "/admin/settings/home/sitesettings/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/sites/",
        "/admin/collections/",
        "/admin/redirects/",
        "/admin/searchpicks/",
        "/admin/two-factor/users/",
        "/admin/accounts/lockouts/",
    ],
}
# Links the walk never follows: they act (on a GET too, or as a form's target), download,
# or leave the admin.
NOT_WALKED = re.compile(
    r"/bulk/|logout|unlock|/lock/|approve|reject|revoke|/reset|download|/serve/|"
    r"export|/preview|/view_draft/|/usage/|^https?:|^#"
)
MAX_SCREENS_PER_ROLE = 90


def demo_objects():
    """The demo content the listed screens name."""
    article = ArticlePage.objects.get(article_number=DEMO_ARTICLE_NUMBER)
    document_model = get_document_model()
    document = document_model.objects.first()
    if document is None:
        document = document_model(title="忻州市供暖保障方案")
        document.file.save("gongnuan.txt", ContentFile("供暖保障方案".encode()), save=True)
    revision = article.get_latest_revision() or article.save_revision()
    return {
        "home": article.get_site().root_page.pk,
        "xinzhou": SectionPage.objects.get(slug="xinzhou").pk,
        "article": article.pk,
        "revision": revision.pk,
        "image": get_image_model().objects.first().pk,
        "document": document.pk,
    }


class Walk:
    """One role's browser: what it found, screen by screen."""

    def __init__(self, browser, base_url, user):
        self.base_url = base_url
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        # Signed in as after the password and the second step (tests/conftest.py).
        client = Client()
        client.force_login(user)
        self.context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
        )
        self.page = self.context.new_page()
        self.page_errors = []
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.found = {}
        self.walked = []

    def open(self, path):
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.status < 500, (path, response)
        self.settle()
        return response

    def settle(self):
        # The editor keeps a connection busy (heartbeat, autosave): a quiet network is a
        # nicety, not a condition.
        with contextlib.suppress(PlaywrightTimeoutError):
            self.page.wait_for_load_state("networkidle", timeout=3000)

    def check(self, screen):
        self.walked.append(screen)
        english = english_on_screen(self.page)
        if english:
            self.found[screen] = english

    def menu(self):
        """Every admin address in the role's sidebar menu."""
        props = json.loads(self.page.locator("#wagtail-sidebar-props").text_content())
        urls = []

        def collect(value):
            if isinstance(value, dict):
                url = value.get("url")
                if isinstance(url, str) and url.startswith("/admin/"):
                    urls.append(url)
                for item in value.values():
                    collect(item)
            elif isinstance(value, list):
                for item in value:
                    collect(item)

        collect(props)
        return urls

    def linked_screens(self):
        """The admin links of the screen's main area, as they look in the address bar."""
        return self.page.eval_on_selector_all(
            "main a[href^='/admin/']", "links => links.map(link => link.getAttribute('href'))"
        )

    def walk(self, paths):
        queue = list(paths)
        listed = set(paths)
        shapes = set()
        seen = set()
        while queue and len(self.walked) < MAX_SCREENS_PER_ROLE:
            path = queue.pop(0)
            if path in seen or NOT_WALKED.search(path):
                continue
            seen.add(path)
            self.open(path)
            self.check(path)
            if path not in listed:
                continue  # one level: screens linked from the listed and menu screens
            for link in self.linked_screens():
                shape = re.sub(r"\d+", "N", urlsplit(link).path)
                if shape not in shapes and not NOT_WALKED.search(link):
                    shapes.add(shape)
                    queue.append(link)

    def editor_panels(self, edit_path):
        """The page editor's side panels (status, preview, checks, comments) and block chooser."""
        self.open(edit_path)
        if not self.page.locator("[data-side-panel-toggle]").count():
            return  # this role may not edit the page: the refusal was walked already
        for toggle in self.page.locator("[data-side-panel-toggle]").all():
            name = toggle.get_attribute("data-side-panel-toggle")
            toggle.click()
            self.settle()
            self.check(f"{edit_path} ({name} panel)")
        self.page.locator("[data-contentpath='body'] button.c-sf-add-button").first.click()
        expect(self.page.locator(".w-combobox").first).to_be_visible()
        self.check(f"{edit_path} (block chooser)")
        self.page.keyboard.press("Escape")
        # The footer's folded actions.
        toggle = self.page.locator("footer [data-w-dropdown-target='toggle']").first
        if toggle.count():
            toggle.click()
            self.check(f"{edit_path} (footer actions)")
            self.page.keyboard.press("Escape")

    def choosers(self, add_path):
        """The image chooser (with its upload tab) and the rich text's document chooser."""
        self.open(add_path)
        choose = self.page.locator("#id_featured_image-chooser [data-chooser-action-choose]")
        if not choose.count():
            return
        choose.click()
        modal = self.page.locator(".modal-content")
        expect(modal).to_be_visible()
        self.settle()
        self.check(f"{add_path} (image chooser)")
        upload_tab = modal.locator("a[href='#tab-upload']")
        if upload_tab.count():
            upload_tab.click()
            self.check(f"{add_path} (image chooser, upload)")
        modal.locator("button.close").first.click()
        expect(modal).to_be_hidden()
        self.page.locator("[data-contentpath='body'] button.c-sf-add-button").first.click()
        self.page.get_by_role("option", name="正文段落").first.click()
        editor = self.page.locator("[data-contentpath='body'] .public-DraftEditor-content").first
        editor.click()
        expect(editor).to_be_focused()
        self.check(f"{add_path} (rich text toolbar)")
        document = self.page.locator("[data-contentpath='body'] button[name='DOCUMENT']").first
        if document.count():
            document.click()
            expect(modal).to_be_visible()
            self.settle()
            self.check(f"{add_path} (document chooser)")

    def close(self):
        self.context.close()


def signed_out_screens(browser, base_url):
    """The screens before the admin: login, password reset, the second step, the lock-out."""
    found = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()

    def check(screen):
        english = english_on_screen(page)
        if english:
            found[screen] = english

    page.goto(f"{base_url}/admin/login/")
    check("/admin/login/")
    page.goto(f"{base_url}/admin/password_reset/")
    check("/admin/password_reset/")
    # The chief owes the second step and has no phone yet: the enrolment screen.
    page.goto(f"{base_url}/admin/login/")
    page.locator("#id_username").fill("chief")
    page.locator("#id_password").fill("dayuan-chief")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/two-factor/"))
    check(urlsplit(page.url).path)
    context.clear_cookies()
    # Wrong passwords until the account is locked: the lock-out screen.
    for _attempt in range(6):
        page.goto(f"{base_url}/admin/login/")
        page.locator("#id_username").fill("reporter_taiyuan")
        page.locator("#id_password").fill("not-the-password")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state("load")
    expect(page.locator("body")).to_contain_text("锁定")
    check("lock-out screen")
    context.close()
    return found


def describe(found):
    return "\n".join(
        f"{role} {screen}:\n"
        + "\n".join(f"  - {kind} {text!r} at {where}: {why}" for kind, text, where, why in items)
        for (role, screen), items in found.items()
    )


def test_every_role_meets_no_english_in_the_admin(demo_site, browser):
    objects = demo_objects()
    screens = [path.format(**objects) for path in SCREENS]
    found = {}
    walked = {}
    for username, role in ROLES.items():
        user = get_user_model().objects.get(username=username)
        walk = Walk(browser, demo_site, user)
        try:
            walk.open("/admin/")
            paths = screens + walk.menu() + ROLE_SCREENS.get(username, [])
            walk.walk(paths)
            walk.editor_panels(f"/admin/pages/{objects['article']}/edit/")
            walk.choosers(f"/admin/pages/add/news/articlepage/{objects['xinzhou']}/")
        finally:
            walk.close()
        walked[role] = walk.walked
        found.update({(role, screen): items for screen, items in walk.found.items()})
        assert not walk.page_errors, (role, walk.page_errors)
    found.update(
        {
            ("未登录", screen): items
            for screen, items in signed_out_screens(browser, demo_site).items()
        }
    )

    # The walk reached the screens it is meant to prove, for every role.
    assert all(len(screens) >= 20 for screens in walked.values()), walked
    assert any("(block chooser)" in screen for screen in walked["编辑"]), walked["编辑"]
    assert any("(preview panel)" in screen for screen in walked["主编"]), walked["主编"]
    assert any("(image chooser)" in screen for screen in walked["记者"]), walked["记者"]
    assert "/admin/groups/" in walked["超级用户"]
    assert "/admin/snippets/comments/comment/?status=unreviewed" in walked["评论审核员"]
    assert not found, "English on admin screens:\n" + describe(found)
