"""Issue 2: the front page, served by the real application, in a real browser."""

import pytest

from home.demo_data import CITIES

pytestmark = pytest.mark.browser


def test_home_page_shows_site_name_and_every_city_section(demo_site, open_page):
    home = open_page(f"{demo_site}/")
    page = home.page

    assert page.locator(".site-name").inner_text() == "大院网"
    assert page.locator(".site-name").is_visible()
    cities = page.locator("section.city h3 a")
    for name, slug, _districts, _river in CITIES:
        link = cities.filter(has_text=name)
        assert link.count() == 1, name
        assert link.is_visible(), name
        assert link.inner_text() == name
        assert link.get_attribute("href") == f"/gsyl/{slug}/"
    assert home.problems == []
