"""Helpers for the comment tests: fetch the form, solve its captcha the way a reader would.

The fetched form holds no captcha (a challenge is a database row); site.js asks the
captcha library's refresh view for one when the reader starts typing, and so do these.

The answer is read from django-simple-captcha's store by the key the form carries, so
every test goes through the real captcha check; nothing switches it off.
"""

import re

from django.urls import reverse

from captcha.models import CaptchaStore

CAPTCHA_KEY = re.compile(r'name="captcha_0" value="([0-9a-f]{40})"')
FETCH = {"x-requested-with": "fetch"}
# What site.js sends to the captcha library's refresh view (it answers nothing else).
REFRESH = {"x-requested-with": "XMLHttpRequest"}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def form_url(article):
    return reverse("comments:form", args=[article.article_number])


def post_url(article):
    return reverse("comments:post", args=[article.article_number])


def page_url(article):
    return reverse("comments:page", args=[article.article_number])


def captcha_key(html):
    match = CAPTCHA_KEY.search(html)
    assert match, "no captcha in the form"
    return match[1]


def captcha_answer(key):
    return CaptchaStore.objects.get(hashkey=key).response


def captcha_refresh_url():
    return reverse("captcha-refresh")


def new_captcha_key(client):
    """A challenge from the refresh view, as site.js asks for one."""
    response = client.get(captcha_refresh_url(), headers=REFRESH)
    assert response.status_code == 200, response.status_code
    return response.json()["key"]


def fresh_captcha(client, article):
    """(key, answer) of a captcha issued to this client as site.js gets one: the form
    fragment first, then a challenge once the reader starts typing."""
    response = client.get(form_url(article), headers=FETCH)
    assert response.status_code == 200, response.status_code
    key = new_captcha_key(client)
    return key, captcha_answer(key)


def comment_data(key, answer, text="说得好,支持。", nickname="", **extra):
    return {
        "nickname": nickname,
        "text": text,
        "captcha_0": key,
        "captcha_1": answer,
        "website": "",
        **extra,
    }


def post_comment(client, article, text="说得好,支持。", nickname="", *, fetch=True, **extra):
    """Load the form, solve its captcha and post; returns the response."""
    key, answer = fresh_captcha(client, article)
    data = comment_data(key, answer, text=text, nickname=nickname, **extra)
    return client.post(post_url(article), data, headers=FETCH if fetch else {})
