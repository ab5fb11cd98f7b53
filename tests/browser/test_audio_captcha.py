"""The spoken captcha (语音验证码) in Chromium: it plays, with and without JavaScript.

Needs Debian's espeak-ng (`.ci/run` installs it); without it these fail, not skip.
"""

import re

import pytest
from captcha.models import CaptchaStore
from playwright.sync_api import expect

from comments import audio
from comments.models import Comment
from tests.support.comments import captcha_answer

pytestmark = pytest.mark.browser

ARTICLE_NUMBER = 1082
ARTICLE_PATH = f"/gsyl/xinzhou/{ARTICLE_NUMBER}.html"
COMMENT_PAGE = f"/comments/{ARTICLE_NUMBER}/"


def audio_duration(page, player):
    """Load the <audio> element (it is preload="none") and wait for its duration."""
    player.evaluate("(node) => node.load()")
    page.wait_for_function(
        "(node) => node.readyState >= 1 && node.duration > 0", arg=player.element_handle()
    )
    return player.evaluate("(node) => node.duration")


def test_the_audio_of_the_forms_challenge_plays_and_its_answer_posts(demo_site, open_page):
    assert audio.available(), "espeak-ng is not installed: apt-get install espeak-ng"
    reader = open_page(f"{demo_site}{ARTICLE_PATH}")
    page = reader.page
    page.locator("#comment-form").scroll_into_view_if_needed()
    form = page.locator("form.comment-form")
    expect(form).to_be_visible()
    expect(form.locator(".captcha__audio")).to_be_hidden()  # no challenge yet, nothing to say
    form.get_by_label("评论内容").focus()
    expect(form.locator("input[name=captcha_0]")).not_to_have_value("")
    key = form.locator("input[name=captcha_0]").input_value()

    player = form.locator("audio.captcha__player")
    expect(form.locator(".captcha__audio")).to_be_visible()
    expect(player).to_have_attribute("src", f"/captcha/audio/{key}.wav")
    seconds = audio_duration(page, player)
    assert 2 < seconds < 12, seconds

    # A new challenge: the audio follows the image to the new row.
    form.get_by_role("button", name="看不清?换一张验证码").click()
    expect(player).not_to_have_attribute("src", f"/captcha/audio/{key}.wav")
    key = form.locator("input[name=captcha_0]").input_value()
    expect(player).to_have_attribute("src", f"/captcha/audio/{key}.wav")
    assert audio_duration(page, player) > 0

    answer = captcha_answer(key)
    assert re.fullmatch(r"[0-9]{6}", answer)
    form.get_by_label("评论内容").fill("听语音也能输入验证码")
    form.locator("input[name=captcha_1]").fill(answer)
    form.get_by_role("button", name="发表评论").click()
    expect(page.locator(".comment-form__message")).to_have_text(
        "评论已提交,审核通过后显示。感谢参与!"
    )
    assert Comment.objects.filter(text="听语音也能输入验证码").exists()
    # Used: the row is gone, and with it the audio.
    assert page.request.get(f"{demo_site}/captcha/audio/{key}.wav").status == 410
    assert reader.problems == []


def test_without_javascript_the_comment_page_offers_a_playable_audio(demo_site, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{demo_site}{COMMENT_PAGE}")
        form = page.locator("form.comment-form")
        key = form.locator("input[name=captcha_0]").input_value()
        player = form.locator("audio.captcha__player[controls]")
        expect(player).to_be_visible()
        src = player.get_attribute("src")
        assert src == f"/captcha/audio/{key}.wav"
        response = page.request.get(f"{demo_site}{src}")
        assert (response.status, response.headers["content-type"]) == (200, "audio/wav")
        assert response.body()[:4] == b"RIFF"

        form.get_by_label("评论内容").fill("不用脚本,听语音验证码")
        form.locator("input[name=captcha_1]").fill(captcha_answer(key))
        form.get_by_role("button", name="发表评论").click()
        expect(page.locator(".comment-form__message")).to_have_text(
            "评论已提交,审核通过后显示。感谢参与!"
        )
        assert Comment.objects.filter(text="不用脚本,听语音验证码").exists()
    finally:
        context.close()


def test_the_plain_pages_audio_element_has_a_duration_in_chromium(demo_site, open_page):
    reader = open_page(f"{demo_site}{COMMENT_PAGE}")
    player = reader.page.locator("form.comment-form audio.captcha__player")
    key = reader.page.locator("input[name=captcha_0]").input_value()
    expect(player).to_have_attribute("src", f"/captcha/audio/{key}.wav")
    assert audio_duration(reader.page, player) > 2
    assert CaptchaStore.objects.filter(hashkey=key).exists()  # playing consumed nothing
    assert reader.problems == []


def test_without_espeak_the_form_says_the_audio_is_unavailable(demo_site, open_page, settings):
    settings.DAYUAN_CAPTCHA_ESPEAK = "/nonexistent/espeak-ng"
    reader = open_page(f"{demo_site}{COMMENT_PAGE}")
    form = reader.page.locator("form.comment-form")
    expect(form.locator(".captcha__audio-unavailable")).to_have_text(
        "语音验证码暂不可用,请使用图片验证码。"
    )
    expect(form.locator("audio")).to_have_count(0)
    expect(form.locator("img.captcha__image")).to_be_visible()
    assert reader.problems == []
