"""Comments in a real browser: the form under an article, without JavaScript, and XSS."""

import re

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from comments import moderation
from comments.models import Comment
from news.models import ArticlePage
from tests.support.comments import captcha_answer
from tests.support.xss_payloads import NICKNAME_PAYLOADS, XSS_PAYLOADS, stored_form

pytestmark = pytest.mark.browser

ARTICLE_NUMBER = 1082
ARTICLE_PATH = f"/gsyl/xinzhou/{ARTICLE_NUMBER}.html"


def editor():
    return get_user_model().objects.get(username="editor")


def watch_dialogs(page):
    """Every alert/confirm/prompt a script opens, dismissed and remembered."""
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def unexpected(problems):
    """Problems other than the browser noting the 400 a refused comment is answered with."""
    refused = re.compile(r"status of 400 .*/comments/\d+/post/\)$")
    return [problem for problem in problems if not refused.search(problem)]


def load_form(page):
    """Scroll to the form and start typing: its captcha is fetched only then."""
    page.locator("#comment-form").scroll_into_view_if_needed()
    form = page.locator("form.comment-form")
    expect(form).to_be_visible()
    expect(form.locator(".captcha__pending")).to_be_visible()  # no challenge stored yet
    form.get_by_label("评论内容").focus()
    expect(form.locator("img.captcha__image")).to_be_visible()
    expect(form.locator("input[name=captcha_0]")).not_to_have_value("")
    return form


def solve(form):
    # After a refused post site.js fetches the next challenge itself: wait for it.
    expect(form.locator("input[name=captcha_0]")).not_to_have_value("")
    key = form.locator("input[name=captcha_0]").input_value()
    form.locator("input[name=captcha_1]").fill(captcha_answer(key))


def test_a_reader_comments_and_it_appears_once_an_editor_approves_it(demo_site, open_page):
    reader = open_page(f"{demo_site}{ARTICLE_PATH}")
    page = reader.page
    expect(page.locator("#comments-title")).to_have_text(
        re.compile(r"^留言与评论\(共有 \d+ 条评论\)$")
    )
    before = int(re.search(r"\d+", page.locator("#comments-title").inner_text())[0])
    page.evaluate("window.__sameDocument = true")

    form = load_form(page)
    image = form.locator("img.captcha__image")
    expect(image).to_be_visible()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )

    # A new image without leaving the page.
    old_key = form.locator("input[name=captcha_0]").input_value()
    old_src = image.get_attribute("src")
    form.get_by_role("button", name="看不清?换一张验证码").click()
    expect(image).not_to_have_attribute("src", old_src)
    assert form.locator("input[name=captcha_0]").input_value() != old_key

    # A wrong answer: told in Chinese, what was typed is kept.
    form.get_by_label("昵称(可不填)").fill("太原读者")
    form.get_by_label("评论内容").fill("希望多报道民生新闻。\n第二行")
    form.get_by_label("验证码").fill("ZZZZ")
    form.get_by_role("button", name="发表评论").click()
    expect(page.locator(".comment-form__error").first).to_have_text("验证码不正确,请重新输入。")
    form = page.locator("form.comment-form")
    expect(form.get_by_label("评论内容")).to_have_value("希望多报道民生新闻。\n第二行")
    expect(form.get_by_label("昵称(可不填)")).to_have_value("太原读者")

    solve(form)
    form.get_by_role("button", name="发表评论").click()
    expect(page.locator(".comment-form__message")).to_have_text(
        "评论已提交,审核通过后显示。感谢参与!"
    )
    assert page.evaluate("window.__sameDocument") is True
    comment = Comment.objects.get(text="希望多报道民生新闻。\n第二行")
    assert (comment.nickname, comment.status) == ("太原读者", "pending")

    page.reload(wait_until="networkidle")
    expect(page.locator(".comment__text", has_text="希望多报道民生新闻")).to_have_count(0)

    moderation.approve([comment], editor())
    page.reload(wait_until="networkidle")
    expect(page.locator("#comments-title")).to_have_text(f"留言与评论(共有 {before + 1} 条评论)")
    first = page.locator("li.comment").first
    expect(first.locator(".comment__author")).to_have_text("太原读者")
    expect(first.locator(".comment__text")).to_have_text("希望多报道民生新闻。\n第二行")
    expect(first.locator(".comment__time")).to_have_text(
        re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
    )
    assert unexpected(reader.problems) == []


def test_commenting_works_without_javascript(demo_site, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{demo_site}{ARTICLE_PATH}")
        expect(page.locator("form.comment-form")).to_have_count(0)
        page.get_by_role("link", name="发表评论").click()
        form = page.locator("form.comment-form")
        expect(form).to_be_visible()

        form.get_by_label("评论内容").fill("不用脚本也能发表")
        old_key = form.locator("input[name=captcha_0]").input_value()
        form.get_by_role("button", name="看不清?换一张验证码").click()
        form = page.locator("form.comment-form")
        expect(form.get_by_label("评论内容")).to_have_value("不用脚本也能发表")
        assert form.locator("input[name=captcha_0]").input_value() != old_key

        solve(form)
        form.get_by_role("button", name="发表评论").click()
        expect(page.locator(".comment-form__message")).to_have_text(
            "评论已提交,审核通过后显示。感谢参与!"
        )
        assert "posted=pending" in page.url
        assert Comment.objects.filter(text="不用脚本也能发表", status="pending").exists()
    finally:
        context.close()


def post_corpus(page, demo_site):
    """Post every payload over HTTP from the browser's context, solving each captcha."""
    form_url = f"{demo_site}/comments/{ARTICLE_NUMBER}/form/"
    post_url = f"{demo_site}/comments/{ARTICLE_NUMBER}/post/"
    refresh_url = f"{demo_site}/captcha/refresh/"
    for index, payload in enumerate(XSS_PAYLOADS):
        fragment = page.request.get(form_url, headers={"X-Requested-With": "fetch"}).text()
        # As site.js does once the reader starts typing: the form comes without a challenge.
        key = page.request.get(refresh_url, headers={"X-Requested-With": "XMLHttpRequest"}).json()[
            "key"
        ]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', fragment)[1]
        response = page.request.post(
            post_url,
            form={
                "csrfmiddlewaretoken": token,
                "nickname": NICKNAME_PAYLOADS[index % len(NICKNAME_PAYLOADS)],
                "text": payload,
                "captcha_0": key,
                "captcha_1": captcha_answer(key),
                "website": "",
            },
            headers={"X-Requested-With": "fetch", "Referer": form_url},
        )
        assert response.status == 200, (payload, response.text()[:300])


@pytest.mark.parametrize("bypass_csp", [True, False], ids=["escaping-alone", "with-csp"])
def test_xss_corpus_is_shown_as_text_and_never_runs(demo_site, open_page, settings, bypass_csp):
    settings.DAYUAN_COMMENT_RATE_LIMITS = [(60, 1000)]
    settings.DAYUAN_RATE_LIMITS_ENABLED = False  # one address sends the whole corpus
    settings.DAYUAN_COMMENT_PAGE_SIZE = 500
    article = ArticlePage.objects.get(article_number=ARTICLE_NUMBER)
    Comment.objects.filter(article=article).delete()

    # With the CSP bypassed, only escaping stands between a payload and execution.
    reader = open_page(f"{demo_site}{ARTICLE_PATH}", bypass_csp=bypass_csp)
    page = reader.page
    dialogs = watch_dialogs(page)
    post_corpus(page, demo_site)
    comments = list(Comment.objects.filter(article=article))
    assert len(comments) == len(XSS_PAYLOADS) >= 100
    moderation.approve(comments, editor())

    for path in [ARTICLE_PATH, f"/comments/{ARTICLE_NUMBER}/"]:
        reader.goto(f"{demo_site}{path}")
        page.locator(".site-footer").scroll_into_view_if_needed()
        page.wait_for_timeout(300)  # let any autofocus/onload/ontoggle handler fire
        rendered = page.evaluate(
            """() => Array.from(document.querySelectorAll('.comment__text'))
                .map((node) => [node.textContent, node.childElementCount])"""
        )
        expected = [stored_form(payload) for payload in reversed(XSS_PAYLOADS)]
        assert [text for text, _children in rendered] == expected
        assert all(children == 0 for _text, children in rendered)
        authors = page.locator(".comment__author").all_text_contents()
        assert set(authors) == set(NICKNAME_PAYLOADS)
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert dialogs == [], dialogs

    # The form echoes a refused payload back into the page through site.js.
    reader.goto(f"{demo_site}{ARTICLE_PATH}")
    form = load_form(page)
    payload = "</textarea><img src=x onerror=alert(1)><script>alert(2)</script>"
    form.get_by_label("评论内容").fill(payload)
    form.get_by_label("昵称(可不填)").fill('"><svg onload=alert(3)>')
    form.get_by_label("验证码").fill("ZZZZ")
    form.get_by_role("button", name="发表评论").click()
    expect(page.locator(".comment-form__error").first).to_be_visible()
    expect(page.locator("form.comment-form").get_by_label("评论内容")).to_have_value(payload)
    page.wait_for_timeout(300)
    assert dialogs == [], dialogs
    assert page.evaluate("typeof window.__xss") == "undefined"
    if not bypass_csp:
        assert unexpected(reader.problems) == []
