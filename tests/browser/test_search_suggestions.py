"""Suggestions under the search box while typing (search/static/search/suggest.js), in Chromium.

The demo content's suggestions come from the signals alone here (the loader runs with
--no-index): publishing the demo articles is what put their titles and tags there.
"""

import re
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser.conftest import describe_problems

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}
BOX = "#site-search"
LIST = "#site-search-suggestions"


def suggest_requests(page):
    """The /search/suggest/ requests a page sends, in order: their q."""
    sent = []

    def record(request):
        parts = urlsplit(request.url)
        if parts.path == "/search/suggest/":
            sent.append(unquote(parts.query.removeprefix("q=")))

    page.on("request", record)
    return sent


def options(page, listbox=LIST):
    return page.locator(f"{listbox} [role=option]")


def suggested_texts(page, listbox=LIST):
    """Each option's suggestion, without the kind label a tag carries (标签)."""
    return options(page, listbox).evaluate_all(
        "options => options.map(option => option.lastChild.textContent)"
    )


def test_typing_pinyin_shows_suggestions_keys_move_enter_opens(demo_site, open_page):
    reader = open_page(f"{demo_site}/")
    page = reader.page
    sent = suggest_requests(page)
    box = page.locator(BOX)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-controls") == LIST[1:]

    box.click()
    page.keyboard.type("xinzhou", delay=20)
    page.locator(LIST).wait_for(state="visible")
    # Debounced: one request for the word, not one per letter.
    assert sent == ["xinzhou"], sent
    assert box.get_attribute("aria-expanded") == "true"
    texts = suggested_texts(page)
    assert texts and all(text.startswith("忻州") for text in texts), texts
    assert len(texts) <= 8

    page.keyboard.press("ArrowDown")
    first = options(page).nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    second = options(page).nth(1)
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert first.get_attribute("aria-selected") == "false"
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("ArrowUp")  # wraps round to the last
    assert box.get_attribute("aria-activedescendant") == options(page).last.get_attribute("id")

    page.keyboard.press("Escape")
    assert page.locator(LIST).is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "xinzhou"  # Escape closes the list, it does not clear the box

    page.keyboard.press("ArrowDown")  # opens the list again
    assert page.locator(LIST).is_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = options(page).nth(1).inner_text()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/gsyl/xinzhou/\d+\.html$", page.url), page.url
    assert page.locator("h1").first.inner_text() == chosen
    assert reader.problems == []


def test_initials_and_a_click_on_the_search_page(demo_site, open_page):
    reader = open_page(f"{demo_site}/search/?q=")
    page = reader.page
    box = page.locator("#search-page-q")
    box.click()
    page.keyboard.type("ty", delay=20)
    listbox = "#search-page-q-suggestions"
    page.locator(listbox).wait_for(state="visible")
    assert options(page, listbox).first.inner_text().startswith("太原")
    target = options(page, listbox).nth(2)
    chosen = target.inner_text()
    with page.expect_navigation():
        target.click()
    assert re.search(r"/gsyl/taiyuan/(\d+\.html)?$", page.url), page.url
    assert page.locator("h1").first.inner_text() == chosen
    assert reader.problems == []


def test_nothing_chosen_enter_searches_as_before(demo_site, open_page):
    page = open_page(f"{demo_site}/").page
    page.locator(BOX).click()
    page.keyboard.type("忻州", delay=20)
    page.locator(LIST).wait_for(state="visible")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/search/"
    assert unquote(urlsplit(page.url).query) == "q=忻州"


def test_nothing_is_asked_while_an_input_method_composes(demo_site, open_page):
    reader = open_page(f"{demo_site}/")
    page = reader.page
    sent = suggest_requests(page)
    page.locator(BOX).click()
    ime = page.context.new_cdp_session(page)
    # A pinyin input method: the letters are composition, the characters come at the end.
    for typed in ["x", "xin", "xinz", "xinzhou"]:
        ime.send(
            "Input.imeSetComposition",
            {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)},
        )
        page.wait_for_timeout(60)
    page.wait_for_timeout(400)  # more than the debounce: nothing was scheduled either
    assert sent == []
    assert page.locator(LIST).is_hidden()
    ime.send("Input.insertText", {"text": "忻州"})
    page.locator(LIST).wait_for(state="visible")
    assert sent == ["忻州"], sent
    texts = suggested_texts(page)
    assert texts and all(text.startswith("忻州") for text in texts), texts
    assert reader.problems == []


def test_without_javascript_the_box_submits_to_the_search_page(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{demo_site}/")
        assert page.locator(BOX).get_attribute("role") is None
        page.locator(BOX).fill("太原")
        with page.expect_navigation():
            page.locator(BOX).press("Enter")
        assert urlsplit(page.url).path == "/search/"
        assert unquote(urlsplit(page.url).query) == "q=太原"
        assert page.locator("h1").inner_text() == "搜索"
    finally:
        context.close()


def test_the_open_list_passes_axe(axe_script, demo_site, open_page):
    # axe is injected as an inline script, which the site's policy rightly refuses.
    page = open_page(f"{demo_site}/", bypass_csp=True).page
    page.locator(BOX).click()
    page.keyboard.type("xz", delay=20)
    page.locator(LIST).wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    blocking = [
        f"{violation['impact']} {violation['id']}: {violation['help']}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    # Nothing at all, of any impact, on the combobox and its list.
    on_the_box = [
        f"{violation['impact']} {violation['id']}: {node['target']}"
        for violation in results["violations"]
        for node in violation["nodes"]
        if any("site-search" in str(target) for target in node["target"])
    ]
    assert not (blocking or on_the_box), describe_problems(
        {"blocking": blocking, "combobox": on_the_box}
    )
