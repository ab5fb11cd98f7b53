"""Wagtail's Elasticsearch / OpenSearch backends, handed text folded as the database ones fold it.

Elasticsearch cannot convert traditional characters to simplified without a plugin (STConvert,
or ICU's transforms), which managed clusters seldom offer. So, as `search.backends.base` does
for SQLite and PostgreSQL, the text is folded with `search.analysis.normalize` before it is
sent: the searched fields of every document, and every query string. The index's CJK analyzer
(`search.backends.elasticsearch`) then cuts the folded text into bigrams.
"""

import functools
import importlib

from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText

from search.analysis import normalize


def fold_value(value):
    """Text folded; lists of texts (a StreamField's searchable content) item by item."""
    if isinstance(value, str):
        return normalize(value)
    if isinstance(value, (list, tuple)):
        return [fold_value(item) for item in value]
    return value


def fold_query(query):
    """A copy of a modelsearch query with every query string folded."""
    if isinstance(query, str):
        return normalize(query)
    if isinstance(query, PlainText):
        return PlainText(normalize(query.query_string), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        return Phrase(normalize(query.query_string))
    if isinstance(query, Fuzzy):
        return Fuzzy(
            normalize(query.query_string), operator=query.operator, unaccent=query.unaccent
        )
    if isinstance(query, Boost):
        return Boost(fold_query(query.subquery), query.boost)
    if isinstance(query, Not):
        return Not(fold_query(query.subquery))
    if isinstance(query, (And, Or)):
        return type(query)([fold_query(subquery) for subquery in query.subqueries])
    return query  # MatchAll


class FoldedMappingMixin:
    def _get_document_field_data(self, field, obj):
        # Related objects' fields come through here too: their mapping is type(self).
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if isinstance(field, (SearchField, AutocompleteField)):
            return name, fold_value(value), [fold_value(item) for item in edgengrams]
        return name, value, edgengrams


class FoldedQueryCompilerMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = fold_query(self.query)


@functools.cache
def folded_backend_class(engine):
    """The backend class of `modelsearch.backends.<engine>` with folded documents and queries."""
    base = importlib.import_module(f"modelsearch.backends.{engine}").SearchBackend
    mapping = type(
        f"Folded{base.mapping_class.__name__}", (FoldedMappingMixin, base.mapping_class), {}
    )

    def compiler(cls):
        return type(
            f"Folded{cls.__name__}", (FoldedQueryCompilerMixin, cls), {"mapping_class": mapping}
        )

    return type(
        f"Folded{base.__name__}",
        (base,),
        {
            "mapping_class": mapping,
            "query_compiler_class": compiler(base.query_compiler_class),
            "autocomplete_query_compiler_class": compiler(base.autocomplete_query_compiler_class),
        },
    )
