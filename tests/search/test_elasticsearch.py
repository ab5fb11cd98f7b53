"""The Elasticsearch / OpenSearch configuration, tested without a server (none runs here)."""

import datetime

from django.test import TestCase

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from news.models import ArticlePage
from search.backends.elasticsearch import CJK_INDEX_SETTINGS, elasticsearch_backend_settings
from search.forms import parse_query
from search.views import filtered_pages
from tests.support.factories import build_site


def test_settings_use_a_cjk_bigram_analyzer_by_default():
    config = elasticsearch_backend_settings("http://es.internal:9200")
    assert config["BACKEND"] == "wagtail.search.backends.elasticsearch9"
    assert config["URLS"] == ["http://es.internal:9200"]
    analysis = config["INDEX_SETTINGS"]["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    assert default["tokenizer"] == "standard"
    assert default["filter"] == ["cjk_width", "lowercase", "dayuan_cjk_bigram"]
    assert analysis["filter"]["dayuan_cjk_bigram"] == {
        "type": "cjk_bigram",
        "output_unigrams": True,
    }


def test_settings_accept_several_urls_and_other_engines():
    config = elasticsearch_backend_settings(
        "https://a:9200, https://b:9200", backend="opensearch3", index_prefix="news_"
    )
    assert config["URLS"] == ["https://a:9200", "https://b:9200"]
    assert config["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert config["INDEX_PREFIX"] == "news_"


@pytest.mark.parametrize(
    "urls, backend", [("", "elasticsearch9"), ("es:9200", "elasticsearch9"), ("http://x", "solr")]
)
def test_bad_settings_fail_loudly(urls, backend):
    with pytest.raises(ValueError):
        elasticsearch_backend_settings(urls, backend=backend)


class ElasticsearchBackendTest(TestCase):
    """Wagtail's backend accepts the configuration and can build every search the page runs."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()

    def setUp(self):
        self.backend = get_search_backend(
            "wagtail.search.backends.elasticsearch9",
            **{
                key: value
                for key, value in elasticsearch_backend_settings("http://127.0.0.1:9").items()
                if key != "BACKEND"
            },
        )

    def test_index_settings_merge_the_cjk_analyzers_into_wagtails(self):
        analyzers = self.backend.settings["settings"]["analysis"]["analyzer"]
        assert (
            analyzers["default"]
            == CJK_INDEX_SETTINGS["settings"]["analysis"]["analyzer"]["default"]
        )
        assert "cjk_width" in analyzers["edgengram_analyzer"]["filter"]
        assert "ngram_analyzer" in analyzers  # Wagtail's own analyzers are kept

    def test_article_text_fields_use_the_default_analyzer(self):
        mapping = self.backend.mapping_class(ArticlePage).get_mapping()["properties"]
        assert mapping["title"]["type"] == "text"
        assert "analyzer" not in mapping["title"]
        assert "analyzer" not in mapping["news_articlepage__body"]
        assert mapping["news_articlepage__publish_time_filter"]["type"] == "date"

    def test_every_search_page_query_compiles(self):
        day = datetime.date(2022, 11, 17)
        for filters in [
            {"section": None, "start": None, "end": None, "sort": "relevance"},
            {"section": self.tree.xinzhou.pk, "start": day, "end": day, "sort": "relevance"},
            {"section": self.tree.gsyl.pk, "start": None, "end": None, "sort": "newest"},
        ]:
            pages = filtered_pages(filters, [self.tree.gsyl, self.tree.xinzhou])
            results = self.backend.search(
                parse_query('疫情 "防控 措施"'),
                pages,
                order_by_relevance=filters["sort"] != "newest",
            )
            query = results.query_compiler.get_query()
            assert query  # built without contacting a server
        autocomplete = self.backend.autocomplete("忻州", Page.objects.live())
        assert autocomplete.query_compiler.get_query()
