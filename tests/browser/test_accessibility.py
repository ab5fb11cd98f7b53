"""WCAG 2.1 AA on the reader's pages, in both reading modes: the keyboard reaches everything
with a visible focus ring, pages reflow at 320 CSS px and at 200% zoom, text spacing
overrides break nothing, form errors are announced; and articles print cleanly.

axe-core's checks are in test_outside_validators.py; 长辈版's own figures in
test_reading_mode.py.
"""

import pytest

from tests.browser.conftest import (
    DEMO_ARTICLE_NUMBER,
    DEMO_ARTICLE_PATH,
    ELDERLY,
    READER_PAGE_STATUS,
    READER_PAGES,
    READING_MODES,
    describe_problems,
)
from tests.browser.test_reading_mode import speech_stub

pytestmark = pytest.mark.browser

# What the focused element shows: an outline or a box-shadow ring, and :focus-visible.
FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    return {
        tag: element.tagName,
        id: element.id,
        className: typeof element.className === "string" ? element.className : "",
        text: (element.textContent || "").trim().slice(0, 20),
        href: element.getAttribute("href"),
        inArticle: Boolean(element.closest(".article")),
        inNav: Boolean(element.closest(".site-nav")),
        inCommentForm: Boolean(element.closest("form.comment-form")),
        // A media player's controls take the focus inside it, where :focus-visible
        // cannot be read: the player then contains the focus, and has the ring.
        focusVisible: element.matches(":focus-visible")
            || (["AUDIO", "VIDEO"].includes(element.tagName) && element.matches(":focus-within")),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        shadow: style.boxShadow !== "none",
        onScreen: rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.left < innerWidth,
    };
}"""


@pytest.mark.parametrize("mode", READING_MODES)
def test_keyboard_reaches_everything_with_a_visible_focus(demo_site, open_page, mode):
    page = open_page(
        f"{demo_site}{DEMO_ARTICLE_PATH}", width=375, mode=mode, init_script=speech_stub("zh-CN")
    ).page
    stops = []
    for _ in range(200):
        page.keyboard.press("Tab")
        # The comment form is fetched when the reader nears it, and may replace the link.
        page.wait_for_timeout(30)
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "BODY":
            break
        stops.append(focused)
        if focused["inCommentForm"] and focused["tag"] == "BUTTON":
            break

    first = stops[0]
    assert first["className"] == "skip-link" and first["href"] == "#main"
    reached = {
        "the search box": any(stop["id"] == "site-search" for stop in stops),
        "the 长辈版 switch": any("mode-switch" in stop["className"] for stop in stops),
        "the navigation": any(stop["inNav"] for stop in stops),
        "the article's links": any(stop["inArticle"] and stop["tag"] == "A" for stop in stops),
        "the comment form": any(stop["inCommentForm"] for stop in stops),
    }
    if mode == ELDERLY:
        reached["朗读"] = any(stop["text"] == "朗读" for stop in stops)
    assert all(reached.values()), reached
    unseen = [
        stop
        for stop in stops
        if not (stop["focusVisible"] and (stop["outline"] or stop["shadow"]) and stop["onScreen"])
    ]
    assert unseen == []


def test_skip_link_moves_to_the_main_content(demo_site, open_page):
    page = open_page(f"{demo_site}{DEMO_ARTICLE_PATH}").page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    assert page.evaluate("Boolean(document.activeElement.closest('main'))")


def test_landmarks_and_headings_in_order(demo_site, open_page):
    for name, path in READER_PAGES.items():
        page = open_page(f"{demo_site}{path}", status=READER_PAGE_STATUS.get(name, 200)).page
        landmarks = page.evaluate(
            "['header.site-header', 'nav.site-nav', 'main', 'footer.site-footer']"
            ".map(s => document.querySelectorAll(s).length)"
        )
        assert landmarks == [1, 1, 1, 1], name
        levels = page.evaluate(
            "Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4'))"
            ".map(h => Number(h.tagName[1]))"
        )
        assert levels[0] == 1 and levels.count(1) == 1, (name, levels)
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert jumps == [], (name, levels)


TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
# Boxes whose text is cut off: content taller or wider than a box that hides overflow.
CLIPPED = """() => Array.from(document.querySelectorAll('body *')).filter(element => {
    const style = getComputedStyle(element);
    if (!/hidden|clip/.test(style.overflowX + style.overflowY)) { return false; }
    if (element.closest('.visually-hidden, .comment-form__trap')) { return false; }
    if (!element.checkVisibility() || !element.textContent.trim()) { return false; }
    return element.scrollHeight > element.clientHeight + 1
        || element.scrollWidth > element.clientWidth + 1;
}).map(element => element.tagName + '.' + element.className)"""


@pytest.mark.parametrize("mode", READING_MODES)
def test_pages_reflow_with_no_horizontal_scroll(demo_site, open_page, mode):
    # 320 CSS px is 1280 at 400% zoom (WCAG 1.4.10); 640 is 1280 at 200%.
    problems = {}
    for width in (320, 640):
        for name, path in READER_PAGES.items():
            page = open_page(
                f"{demo_site}{path}",
                width=width,
                mode=mode,
                bypass_csp=True,
                status=READER_PAGE_STATUS.get(name, 200),
            ).page
            found = []
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                found.append(f"page {scroll}px wide")
            # Text spacing overrides (WCAG 1.4.12) must not cut text off or widen the page.
            page.add_style_tag(content=TEXT_SPACING)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                found.append(f"with text spacing, page {scroll}px wide")
            clipped = page.evaluate(CLIPPED)
            if clipped:
                found.append(f"with text spacing, clipped: {clipped}")
            if found:
                problems[f"{name} at {width}px"] = found

    assert not problems, describe_problems(problems)


def test_search_filter_errors_are_announced(demo_site, open_page):
    reader = open_page(f"{demo_site}/search/?q=忻州&start=2024-13-45")
    page = reader.page
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    start = page.get_by_label("开始日期")
    assert start.get_attribute("aria-invalid") == "true"
    described = start.get_attribute("aria-describedby").split()
    texts = [page.locator(f"#{ident}").inner_text() for ident in described]
    assert any(text.startswith("开始日期:") for text in texts), texts
    assert page.get_by_label("结束日期").get_attribute("aria-invalid") is None
    # The results are there, unfiltered by the date that could not be read.
    assert page.locator(".search-hit").count() > 0


def test_comment_field_errors_are_tied_to_their_fields(demo_site, open_page):
    page = open_page(f"{demo_site}/comments/{DEMO_ARTICLE_NUMBER}/").page
    # Past the browser's own checks (required fields) to the server's.
    page.evaluate("document.querySelector('form.comment-form').noValidate = true")
    page.locator(".comment-form__submit").click()
    page.wait_for_load_state("networkidle")
    text = page.get_by_label("评论内容")
    assert text.get_attribute("aria-invalid") == "true"
    error = page.locator(f"#{text.get_attribute('aria-describedby').split()[0]}")
    assert "请填写评论内容" in error.inner_text()


def test_article_prints_its_text_address_and_qr_code_only(demo_site, open_page):
    page = open_page(f"{demo_site}{DEMO_ARTICLE_PATH}", mode=ELDERLY).page
    page.emulate_media(media="print")
    shown = {
        selector: page.locator(selector).first.is_visible()
        for selector in (
            ".article__title",
            ".meta-line",
            ".article__body",
            ".article__image img",
            ".article__address",
            ".qr-code",
            ".site-nav",
            ".site-header form",
            ".mode-switch",
            ".breadcrumbs",
            ".comments",
            ".sidebar",
            ".article__siblings",
            ".read-aloud",
            ".friendly-links",
        )
    }
    printed = [".article__title", ".meta-line", ".article__body", ".article__image img"]
    printed += [".article__address", ".qr-code"]
    assert {selector: shown[selector] for selector in printed} == dict.fromkeys(printed, True)
    assert not any(shown[selector] for selector in shown if selector not in printed), shown
    # Black text on white, whatever the screen mode.
    colours = page.evaluate(
        "[getComputedStyle(document.querySelector('.article__body p')).color,"
        " getComputedStyle(document.body).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    assert len(page.pdf(format="A4")) > 10_000
