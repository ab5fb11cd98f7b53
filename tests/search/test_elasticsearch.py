"""The Elasticsearch / OpenSearch configuration, tested without a server (none runs here)."""

import datetime
import json

from django.test import TestCase

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest
from modelsearch.backends import import_backend

from news.models import ArticlePage
from search.backends.elasticsearch import (
    CJK_INDEX_SETTINGS,
    elasticsearch_backend_settings,
)
from search.forms import parse_query
from search.synonyms import compile_rules
from search.views import filtered_pages
from tests.support.factories import build_site, make_article


def test_settings_use_a_cjk_bigram_analyzer_by_default():
    config = elasticsearch_backend_settings("http://es.internal:9200")
    assert config["BACKEND"] == "search.backends.elasticsearch"
    assert config["ENGINE"] == "elasticsearch9"
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
    assert config["ENGINE"] == "opensearch3"
    assert config["INDEX_PREFIX"] == "news_"


@pytest.mark.parametrize(
    "urls, backend", [("", "elasticsearch9"), ("es:9200", "elasticsearch9"), ("http://x", "solr")]
)
def test_bad_settings_fail_loudly(urls, backend):
    with pytest.raises(ValueError):
        elasticsearch_backend_settings(urls, backend=backend)


def elasticsearch_backend(engine):
    """The backend the settings configure, built as Wagtail builds it (no server is contacted)."""
    config = elasticsearch_backend_settings("http://127.0.0.1:9", backend=engine)
    return get_search_backend(
        config["BACKEND"], **{key: value for key, value in config.items() if key != "BACKEND"}
    )


class ElasticsearchBackendTest(TestCase):
    """Wagtail's backend accepts the configuration and can build every search the page runs."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()

    def setUp(self):
        self.backend = elasticsearch_backend("elasticsearch9")

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


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


class FoldedTextTest(TestCase):
    """Elasticsearch is handed text folded as the database backends fold it (會議 → 会议)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(
            cls.tree.xinzhou,
            "忻州召開領導小組會議",
            summary="ＣＯＶＩＤ－１９疫情期間",
            body=paragraph("會議強調,要把疫情防控措施落到實處。"),
            tags=["會議"],
        )

    def test_the_engine_is_wagtails_own_with_folding(self):
        # The installed client (elasticsearch 9) serves these two; elasticsearch7 and OpenSearch
        # need clients of their own, and get their classes through the same factory.
        for engine in ["elasticsearch8", "elasticsearch9"]:
            with self.subTest(engine=engine):
                backend = elasticsearch_backend(engine)
                wagtails = import_backend(f"wagtail.search.backends.{engine}")
                assert isinstance(backend, wagtails)
                assert backend is not wagtails
                document = backend.mapping_class(ArticlePage).get_document(self.article)
                assert document["title"] == "忻州召开领导小组会议"

    def test_documents_hold_folded_text(self):
        backend = elasticsearch_backend("elasticsearch9")
        mapping = backend.mapping_class(ArticlePage)
        document = mapping.get_document(self.article)
        searched = {key: value for key, value in document.items() if not key.endswith("_filter")}
        text = json.dumps(searched, ensure_ascii=False, default=str)
        assert "会议强调,要把疫情防控措施落到实处" in text
        assert "covid-19疫情期间" in text
        assert "會議" not in text and "領導" not in text
        assert document["title"] == "忻州召开领导小组会议"
        assert document["_edgengrams"] == ["忻州召开领导小组会议"]
        assert document[mapping.get_field_column_name(_tags_field())] == [{"name": "会议"}]
        # Filters keep the stored values, which the search page's filters compare with.
        assert document[mapping.get_field_column_name(_filter_field("title"))] == (
            "忻州召開領導小組會議"
        )

    def test_queries_are_folded_phrases_and_plain_text_alike(self):
        backend = elasticsearch_backend("elasticsearch9")
        pages = Page.objects.live()
        rules = compile_rules([("equivalent", "會議,座談會", "")])
        query = parse_query('領導 會議 "防控措施"', rules)
        compiled = json.dumps(
            backend.search(query, pages).query_compiler.get_query(), ensure_ascii=False
        )
        for folded in ["领导", "会议", "座谈会", "防控措施"]:
            assert f'"{folded}"' in compiled, folded
        assert "會" not in compiled and "領" not in compiled
        autocomplete = backend.autocomplete("領導", pages).query_compiler.get_query()
        assert "领导" in json.dumps(autocomplete, ensure_ascii=False)

    def test_an_unknown_engine_fails_loudly(self):
        from django.core.exceptions import ImproperlyConfigured

        from search.backends.elasticsearch import SearchBackend

        with pytest.raises(ImproperlyConfigured):
            SearchBackend({"ENGINE": "solr", "URLS": ["http://127.0.0.1:9"]})


def _tags_field():
    return next(field for field in ArticlePage.get_search_fields() if field.field_name == "tags")


def _filter_field(name):
    return next(
        field for field in ArticlePage.get_filterable_search_fields() if field.field_name == name
    )
