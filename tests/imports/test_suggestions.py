"""Imported articles are suggested while typing, like published ones (search/suggestions.py).

The import writes articles in bulk, without the publish signals that keep suggestions current,
and refreshes them at the end.
"""

import pytest

from news.models import ArticlePage
from tests.support.imports import TEXT, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def suggested(client, q):
    response = client.get("/search/suggest/", {"q": q})
    assert response.status_code == 200
    return response.json()["suggestions"]


def test_an_imported_article_and_its_tags_are_suggested(site_tree, client):
    outcome = run_import("import_pages", TEXT / "xinzhou-4120.txt")
    assert not outcome.failed, outcome.output
    article = ArticlePage.objects.get(article_number=4120)
    expected = {"kind": "title", "text": article.title, "url": "/gsyl/xinzhou/4120.html"}
    for q in ["忻州市举行", "xinzhoushijuxing", "xzsjx"]:
        assert suggested(client, q) == [expected], q
    assert suggested(client, "hezuoshe") == [
        {"kind": "tag", "text": "合作社", "url": "/tags/%E5%90%88%E4%BD%9C%E7%A4%BE/"}
    ]
