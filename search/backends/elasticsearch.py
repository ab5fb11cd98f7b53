"""Settings for Wagtail's Elasticsearch / OpenSearch backend with Chinese-capable analysis.

Used from the settings module (so nothing here touches models): when ``ELASTICSEARCH_URL`` is
set, Wagtail indexes into Elasticsearch instead of the database.

Elasticsearch's `standard` analyzer cuts Chinese into single characters, which makes every
query match any article that happens to use the same characters. We make the index's default
analyzer the built-in CJK chain (the `cjk` analyzer's `cjk_width` and `cjk_bigram` filters, which
need no plugin), with unigrams kept so that a one-character query still finds something: the
same bigrams-plus-fallback idea as `search.analysis`, done by the search server.

The backend is Wagtail's own for the chosen engine, handed text already folded by
`search.analysis.normalize` (traditional characters as simplified, full-width folded, lower
case): `search.backends.folding`. ``BACKEND`` names this module and ``ENGINE`` the engine.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

SUPPORTED_BACKENDS = {
    "elasticsearch7",
    "elasticsearch8",
    "elasticsearch9",
    "opensearch2",
    "opensearch3",
}
DEFAULT_BACKEND = "elasticsearch9"

CJK_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "dayuan_cjk_bigram": {"type": "cjk_bigram", "output_unigrams": True},
            },
            "analyzer": {
                # Every text field without an analyzer of its own, at index and at query time.
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "dayuan_cjk_bigram"],
                },
                # Wagtail's autocomplete fields (the admin's page search): as Wagtail's own
                # analyzer, with full-width letters and digits folded first.
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "asciifolding", "lowercase", "edgengram"],
                },
            },
        }
    }
}


def elasticsearch_backend_settings(urls, backend=DEFAULT_BACKEND, index_prefix="dayuan_"):
    """The WAGTAILSEARCH_BACKENDS entry for `urls` (a comma-separated string or a list)."""
    if isinstance(urls, str):
        urls = [url.strip() for url in urls.split(",") if url.strip()]
    if not urls:
        raise ValueError("ELASTICSEARCH_URL is empty.")
    for url in urls:
        if urlsplit(url).scheme not in {"http", "https"}:
            raise ValueError(f"ELASTICSEARCH_URL must be http(s)://…, got {url!r}.")
    if backend not in SUPPORTED_BACKENDS:
        raise ValueError(
            f"ELASTICSEARCH_BACKEND must be one of {', '.join(sorted(SUPPORTED_BACKENDS))}."
        )
    return {
        "BACKEND": "search.backends.elasticsearch",
        "ENGINE": backend,
        "URLS": urls,
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": 10,
        "INDEX_SETTINGS": CJK_INDEX_SETTINGS,
    }


def SearchBackend(params):  # noqa: N802 - the name Wagtail's backend loader looks for
    """Wagtail's backend for ``params["ENGINE"]``, with documents and queries folded."""
    # Imported here: settings import this module, and the engine's client is an optional extra.
    from .folding import folded_backend_class

    params = dict(params)
    engine = params.pop("ENGINE", DEFAULT_BACKEND)
    if engine not in SUPPORTED_BACKENDS:
        raise ImproperlyConfigured(
            f"ELASTICSEARCH_BACKEND must be one of {', '.join(sorted(SUPPORTED_BACKENDS))}."
        )
    return folded_backend_class(engine)(params)
