"""内容检查 in a real browser: the chief editor cannot give the final approval to a draft
with a blocking word, is told which word and where, fixes it in the editor and approves."""

import re

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from contentcheck.demo import DEMO_DRAFT_TITLE
from news.models import ArticlePage
from tests.browser.test_newsroom import log_in

pytestmark = pytest.mark.browser

APPROVE = "footer button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"


def send_to_chief(article):
    """The reporter submits the demo draft and the 忻州 desk editor passes it on."""
    users = get_user_model().objects
    workflow = article.get_workflow()
    workflow.start(article, users.get(username="reporter_xinzhou"))
    article.refresh_from_db()
    article.current_workflow_task.on_action(
        article.current_workflow_task_state, users.get(username="desk_xinzhou"), "approve"
    )
    article.refresh_from_db()
    assert article.current_workflow_task.name == "主编终审"


def click_approve(page):
    approve = page.locator(APPROVE).first
    if not approve.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    expect(approve).to_be_visible()
    with page.expect_navigation():
        approve.click()


def test_chief_is_refused_until_the_blocking_word_is_fixed(demo_site, open_page):
    article = ArticlePage.objects.get(title=DEMO_DRAFT_TITLE)
    send_to_chief(article)

    chief = log_in(open_page, demo_site, "chief", "dayuan-chief")
    page = chief.page
    chief.goto(f"{demo_site}/admin/pages/{article.pk}/edit/")
    messages = page.locator(".messages")
    expect(messages).to_contain_text("必须修改的敏感词")
    expect(messages).to_contain_text("正文 第2个正文段落")
    expect(messages).to_contain_text("“做为”可能应为“作为”")

    # 1. Approving as it is: refused, with the word and its place named.
    click_approve(page)
    expect(messages).to_contain_text("内容检查未通过")
    expect(messages).to_contain_text(
        re.compile(r"正文 第2个正文段落 第\d+字:敏感词\(必须修改\)“内部资料”")
    )
    article.refresh_from_db()
    assert not article.live
    assert article.current_workflow_task.name == "主编终审"

    # 2. The chief rewrites the paragraph in the editor and approves: it goes live.
    editor = page.locator("[data-contentpath='body'] .public-DraftEditor-content").nth(1)
    editor.click()
    expect(editor).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("试点的三个县即使遇到困难,也要再接再厉。")
    expect(page.locator("input[name='body-1-value']")).to_have_value(re.compile("即使遇到困难"))
    click_approve(page)
    article.refresh_from_db()
    assert article.live
    assert "即使遇到困难" in str(article.body)
    assert "内部资料" not in str(article.body)
    assert not chief.page_errors, chief.page_errors
