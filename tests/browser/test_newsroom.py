"""The newsroom's whole path in a real browser: write, submit, two approvals, live with 责任编辑."""

import re

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from news.models import ArticlePage, SectionPage
from tests.support.twofactor import pass_second_step_in_browser

pytestmark = pytest.mark.browser

TITLE = "忻州启动冬季供暖保障"
BODY = (
    "忻州市今日启动冬季供暖保障工作。供暖企业提前完成设备检修,"
    "全市供暖面积比去年增加,供暖保障热线二十四小时有人值守。"
)


def log_in(open_page, base_url, username, password):
    """A fresh browser for each person, logged in through the admin's own form."""
    admin = open_page(f"{base_url}/admin/login/")
    page = admin.page
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    # The chief owes the second step: enrol a phone the first time, then its codes.
    pass_second_step_in_browser(page, get_user_model().objects.get(username=username))
    page.wait_for_url(f"{base_url}/admin/")
    return admin


def footer_action(page, name):
    """A button of the editor's footer menu, opening the menu when it is folded."""
    button = page.locator(f"footer button[name='{name}']").first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    expect(button).to_be_visible()
    return button


def approve_from_dashboard(admin, base_url):
    page = admin.page
    queue = page.locator("#newsroom-review-queue-section")
    expect(queue).to_contain_text(TITLE)
    href = queue.get_by_role("link", name="审核", exact=True).first.get_attribute("href")
    assert re.fullmatch(r"/admin/pages/\d+/edit/", href), href
    admin.goto(f"{base_url}{href}")
    approve = page.locator(
        "footer button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    ).first
    if not approve.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    expect(approve).to_be_visible()
    # The approval is a form post: wait for the page it leads to, not for a quiet network
    # (which can come before the post starts, and the test then reads the old task).
    with page.expect_navigation():
        approve.click()


def test_reporter_desk_editor_chief_editor_then_readers(demo_site, open_page):
    xinzhou = SectionPage.objects.get(slug="xinzhou")

    # 1. The 忻州 reporter writes the article, takes a suggested tag and submits it.
    reporter = log_in(open_page, demo_site, "reporter_xinzhou", "dayuan-reporter")
    page = reporter.page
    reporter.goto(f"{demo_site}/admin/pages/add/news/articlepage/{xinzhou.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("[data-contentpath='body'] button.c-sf-add-button").first.click()
    page.get_by_role("option", name="正文段落").first.click()
    editor = page.locator("[data-contentpath='body'] .public-DraftEditor-content").first
    editor.click()
    # Draftail keeps what is typed only once its editor has mounted and taken the focus; the
    # block's hidden input is what the form posts.
    expect(editor).to_be_focused()
    editor.type(BODY)
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("供暖保障热线"))
    suggestions = page.locator("[data-newsroom-tags]")
    suggestions.locator("[data-newsroom-tags-refresh]").click()
    suggestion = suggestions.locator("[data-newsroom-tag='供暖']")
    expect(suggestion).to_be_visible(timeout=30_000)  # jieba loads its dictionary once
    suggestion.click()
    expect(page.locator("ul.tagit")).to_contain_text("供暖")
    footer_action(page, "action-submit").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/|/admin/pages/\d+/$"))
    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live
    assert article.current_workflow_task.name == "编辑审核"
    assert "供暖" in article.get_latest_revision_as_object().tags.names()
    assert not reporter.page_errors, reporter.page_errors

    # 2. The 忻州 desk editor approves it from the dashboard.
    desk = log_in(open_page, demo_site, "desk_xinzhou", "dayuan-desk-editor")
    approve_from_dashboard(desk, demo_site)
    article.refresh_from_db()
    assert article.current_workflow_task.name == "主编终审"
    assert article.responsible_editor == "张建国"
    assert not article.live

    # 3. The chief editor gives the final approval: the article goes live.
    chief = log_in(open_page, demo_site, "chief", "dayuan-chief")
    approve_from_dashboard(chief, demo_site)
    article.refresh_from_db()
    assert article.live

    # 4. Readers see it, with the responsible editor under the body.
    reader = open_page(f"{demo_site}{article.url}")
    expect(reader.page.locator("h1.article__title")).to_have_text(TITLE)
    expect(reader.page.locator(".article__body")).to_contain_text("冬季供暖保障工作")
    expect(reader.page.locator(".article__responsible-editor")).to_have_text("(责任编辑:张建国)")
    expect(reader.page.locator(".meta-line__tags")).to_contain_text("供暖")
    assert not reader.problems, reader.problems
