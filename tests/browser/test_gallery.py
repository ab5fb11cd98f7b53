"""A gallery in a real browser: swiping on a phone, arrow keys on a desktop, the address
following the photo, and 长辈版 still usable."""

import pytest
from playwright.sync_api import expect

from galleries.demo import DEMO_GALLERY_NUMBER, DEMO_PHOTOS
from tests.browser.conftest import ELDERLY, READING_MODE_KEY, WatchedPage

pytestmark = pytest.mark.browser

GALLERY_PATH = f"/gsyl/xinzhou/{DEMO_GALLERY_NUMBER}.html"


def photo_path(number):
    return GALLERY_PATH if number == 1 else GALLERY_PATH.replace(".html", f"_{number}.html")


@pytest.fixture
def phone(browser):
    """A touch phone 375 px wide, as Playwright's device emulation gives it."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    yield context
    context.close()


def swipe(page, selector, dx):
    """A real touch swipe: touchStart, moves and touchEnd through the DevTools protocol."""
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    session = page.context.new_cdp_session(page)
    session.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
    )
    for step in range(1, 6):
        session.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x + dx * step / 5, "y": y + step}]},
        )
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def current_slide(page):
    return page.locator(".gallery__slide:not([hidden])")


def test_swiping_on_a_phone_moves_between_photos_and_the_address_follows(demo_site, phone):
    watched = WatchedPage(phone.new_page())
    watched.goto(f"{demo_site}{GALLERY_PATH}")
    page = watched.page
    expect(current_slide(page)).to_have_attribute("id", "photo-1")
    swipe(page, ".gallery__slide:not([hidden]) img", -200)
    expect(current_slide(page)).to_have_attribute("id", "photo-2")
    expect(page).to_have_url(f"{demo_site}{photo_path(2)}")
    expect(page.locator("[data-gallery-position]")).to_have_text("2")
    swipe(page, ".gallery__slide:not([hidden]) img", -200)
    expect(current_slide(page)).to_have_attribute("id", "photo-3")
    swipe(page, ".gallery__slide:not([hidden]) img", 200)
    expect(current_slide(page)).to_have_attribute("id", "photo-2")
    expect(page).to_have_url(f"{demo_site}{photo_path(2)}")
    # The photo fills the phone's width, nothing cut off at the right.
    box = current_slide(page).locator("img").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375.5, box
    assert watched.problems == []


def test_arrow_keys_on_a_desktop_and_the_address(demo_site, open_page):
    reader = open_page(f"{demo_site}{GALLERY_PATH}", width=1280)
    page = reader.page
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(current_slide(page)).to_have_attribute("id", "photo-3")
    expect(page).to_have_url(f"{demo_site}{photo_path(3)}")
    expect(current_slide(page)).to_contain_text(DEMO_PHOTOS[2][0])
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(f"{demo_site}{photo_path(2)}")
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    expect(current_slide(page)).to_have_attribute("id", f"photo-{len(DEMO_PHOTOS)}")
    expect(page.locator("[data-gallery-next]")).to_be_hidden()
    # Reloading the address shows the same photo, rendered by the server.
    page.reload()
    expect(current_slide(page)).to_have_attribute("id", f"photo-{len(DEMO_PHOTOS)}")
    assert reader.problems == []


def test_arrow_keys_in_the_search_box_stay_in_the_box(demo_site, open_page):
    reader = open_page(f"{demo_site}{GALLERY_PATH}", width=1280)
    page = reader.page
    field = page.locator("#site-search")
    field.fill("好看")
    field.press("ArrowLeft")
    field.press("ArrowRight")
    expect(current_slide(page)).to_have_attribute("id", "photo-1")


def test_a_photo_address_works_without_javascript(demo_site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(f"{demo_site}{photo_path(4)}")
        expect(current_slide(page)).to_have_attribute("id", "photo-4")
        page.locator("[data-gallery-next]").click()
        expect(page).to_have_url(f"{demo_site}{photo_path(5)}")
        expect(current_slide(page)).to_have_attribute("id", "photo-5")
    finally:
        context.close()


def test_elderly_mode_steps_through_photos_with_large_targets(demo_site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    context.add_init_script(f"window.localStorage.setItem({READING_MODE_KEY!r}, {ELDERLY!r});")
    try:
        watched = WatchedPage(context.new_page())
        watched.goto(f"{demo_site}{GALLERY_PATH}")
        page = watched.page
        assert "elderly" in page.locator("html").get_attribute("class")
        next_link = page.locator("[data-gallery-next]")
        box = next_link.bounding_box()
        assert box["width"] >= 60 and box["height"] >= 60, box
        next_link.click()
        expect(current_slide(page)).to_have_attribute("id", "photo-2")
        caption = page.locator(".gallery__slide:not([hidden]) .gallery__text")
        size = caption.evaluate("element => parseFloat(getComputedStyle(element).fontSize)")
        assert size >= 20
        assert watched.problems == []
    finally:
        context.close()
