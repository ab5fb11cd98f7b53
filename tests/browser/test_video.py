"""The demo's video article in Chromium: the uploaded clip plays, the player of the allowed
host is framed under the site's policy, and the page passes the Nu HTML Checker and axe."""

import pytest

from tests.browser.conftest import DEMO_VIDEO_ARTICLE_PATH, READING_MODES, describe_problems

pytestmark = pytest.mark.browser


def outside_frame_failures(problems):
    # No network here: the bilibili frame cannot load, which the browser may report.
    return [problem for problem in problems if "bilibili" not in problem]


def test_uploaded_video_plays(demo_site, open_page):
    reader = open_page(f"{demo_site}{DEMO_VIDEO_ARTICLE_PATH}")
    page = reader.page
    video = page.locator("video.video-player__video")
    assert video.count() == 1
    assert video.get_attribute("poster").startswith("/media/images/")
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
    )
    page.wait_for_function(
        "() => document.querySelector('video').currentTime > 0.2", timeout=10_000
    )
    size = page.evaluate(
        "() => { const v = document.querySelector('video');"
        " return [v.videoWidth, v.videoHeight, Math.round(v.duration)]; }"
    )
    assert size == [320, 180, 3]
    assert outside_frame_failures(reader.problems) == []


def test_the_allowed_player_is_framed_and_nothing_else(demo_site, open_page):
    reader = open_page(f"{demo_site}{DEMO_VIDEO_ARTICLE_PATH}")
    frames = reader.page.locator("iframe")
    assert frames.count() == 1
    assert frames.get_attribute("src").startswith("https://player.bilibili.com/player.html?")
    policy = reader.response.headers["content-security-policy"]
    assert "frame-src https://player.bilibili.com https://v.qq.com" in policy
    # The policy refuses a frame of any other host.
    reader.page.evaluate(
        "() => { const f = document.createElement('iframe');"
        " f.src = 'https://evil.example/'; document.body.append(f); }"
    )
    reader.page.wait_for_timeout(500)
    assert any("evil.example" in problem for problem in reader.console_errors)


def test_video_article_passes_nu_html_checker(nu_html_checker, demo_site, open_page):
    reader = open_page(f"{demo_site}{DEMO_VIDEO_ARTICLE_PATH}")
    errors = nu_html_checker({"video article": reader.response.text()})
    assert not errors.get("video article"), describe_problems(errors)


@pytest.mark.parametrize("mode", READING_MODES)
def test_video_article_has_no_accessibility_problems(axe_script, demo_site, open_page, mode):
    problems = {}
    for width in (1280, 375):
        page = open_page(
            f"{demo_site}{DEMO_VIDEO_ARTICLE_PATH}", width=width, bypass_csp=True, mode=mode
        ).page
        page.add_script_tag(path=str(axe_script))
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert results["passes"]
        found = [
            f"{violation['impact']} {violation['id']}: {violation['help']} "
            f"{[node['target'] for node in violation['nodes']][:5]}"
            for violation in results["violations"]
        ]
        if found:
            problems[f"{mode} at {width}px"] = found
    assert not problems, describe_problems(problems)
