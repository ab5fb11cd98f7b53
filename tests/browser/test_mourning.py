"""Mourning mode (全站变灰) in Chromium: the whole page is greyscale during the window,
through the stylesheet (the CSP allows no inline style), and colourful after it."""

import datetime

from django.utils import timezone

from wagtail.models import Site

import pytest

from home.models import SiteSettings
from home.mourning import apply_mourning

pytestmark = pytest.mark.browser


def html_filter(open_page, url):
    watched = open_page(url)
    value = watched.page.evaluate("getComputedStyle(document.documentElement).filter")
    return value, watched.problems


def test_whole_page_is_grey_during_mourning_only(demo_site, open_page):
    settings = SiteSettings.objects.get_or_create(site=Site.objects.get(is_default_site=True))[0]
    now = timezone.now()
    settings.mourning_start = now - datetime.timedelta(hours=1)
    settings.mourning_end = now + datetime.timedelta(hours=1)
    settings.save()

    for path in ("/", "/gsyl/xinzhou/"):
        value, problems = html_filter(open_page, f"{demo_site}{path}")
        assert value == "grayscale(1)", path
        assert problems == [], path

    settings.mourning_end = now - datetime.timedelta(minutes=1)
    settings.mourning_start = now - datetime.timedelta(hours=1)
    settings.save()
    apply_mourning()
    value, problems = html_filter(open_page, f"{demo_site}/")
    assert value == "none"
    assert problems == []
