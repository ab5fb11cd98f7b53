"""What the SQLite and PostgreSQL backends share: what is indexed, how a query is analysed, how
results are ranked and fetched.

Both store the output of `search.analysis` in Wagtail's own index table (`IndexEntry`), so the
database never segments Chinese itself; both rank the same way:

1. pages with a query word in the title before pages that only have it in the body;
2. then the engine's own score (BM25 on SQLite, ts_rank on PostgreSQL, title weighted higher);
3. then the newer page first (its publication date, see `search.index`);
4. then the higher id.
"""

from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, DateTimeField, F, Value
from django.db.models.expressions import RawSQL
from django.utils.encoding import force_str
from django.utils.functional import cached_property

from modelsearch.backends.base import BaseSearchQueryCompiler, BaseSearchResults, FilterFieldError
from modelsearch.conf import get_app_config
from modelsearch.index import AutocompleteField
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from search.analysis import MAX_INDEX_TOKENS, phrase_for_query, tokens_for_index, tokens_for_query
from search.index import field_texts, publish_date_expression

# Titles are short; a cap only guards against pathological values.
MAX_TITLE_TOKENS = 1_000
# A word found in more pages than this is counted and listed among the most recently indexed
# this many: 100 pages of results, more than anyone reads. Listing them in order costs a
# join with the page tree per match (about 50 ms for 10,000 at 100,000 articles).
DEFAULT_MAX_HITS = 2_000
# Of those, the most recently indexed this many are scored and come first, in rank order; the
# rest follow newest first. Scoring reads each page's whole token vector: at 100,000 articles
# 10,000 of them took 0.1-0.2 s on PostgreSQL and about 0.3 s on SQLite, 1,000 about 10 ms
# (docs/search.md). 500 rather than 1,000 kept 8 concurrent readers of a common word under
# 300 ms on PostgreSQL (p95 279 against 305 ms). A news reader wants the recent pages about a
# common word anyway.
DEFAULT_RANKED_HITS = 500


def index_entry_model():
    return get_app_config().get_model("IndexEntry")


# What is indexed ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedText:
    """The analysed tokens of one object, per index column."""

    object_id: str
    title: str
    body: str
    autocomplete: str


def analyse_object(obj):
    """`obj`'s search fields as analysed tokens: the title, everything else, autocomplete."""
    titles, bodies, autocompletes = [], [], []
    for field in obj.get_search_fields():
        for current, text in field_texts(obj, field):
            if isinstance(current, AutocompleteField):
                autocompletes.append(text)
            elif current.field_name == "title":
                titles.append(text)
            else:
                bodies.append(text)
    # Joined with a line break, so that no word runs from one field into the next.
    return IndexedText(
        object_id=force_str(obj.pk),
        title=tokens_for_index("\n".join(titles), MAX_TITLE_TOKENS),
        body=tokens_for_index("\n".join(bodies), MAX_INDEX_TOKENS),
        autocomplete=tokens_for_index("\n".join(autocompletes), MAX_TITLE_TOKENS),
    )


# How a query is analysed -------------------------------------------------------------------


class MatchEverything:
    """The analysed form of `MatchAll`."""


MATCH_EVERYTHING = MatchEverything()


@dataclass(frozen=True)
class TermNode:
    term: object  # search.analysis.QueryTerm


@dataclass(frozen=True)
class AndNode:
    children: tuple


@dataclass(frozen=True)
class OrNode:
    children: tuple


@dataclass(frozen=True)
class NotNode:
    child: object


def _combine(node_class, children):
    flat = []
    for child in children:
        flat.extend(child.children if isinstance(child, node_class) else [child])
    return flat[0] if len(flat) == 1 else node_class(tuple(flat))


def _term_node(term):
    if term.alternative is None:
        return TermNode(term)
    return OrNode((TermNode(term), TermNode(term.alternative)))


def analyse_query(query, operator="and", prefix_last=False):
    """A modelsearch query as a tree of `TermNode`s; None matches nothing.

    Parts with nothing searchable in them (only punctuation, emoji…) are left out of an AND or
    OR rather than making the whole query match nothing.
    """
    if isinstance(query, str):
        query = PlainText(query, operator=operator)
    if isinstance(query, MatchAll):
        return MATCH_EVERYTHING
    if isinstance(query, (PlainText, Fuzzy)):
        terms = tokens_for_query(query.query_string)
        if not terms:
            return None
        if prefix_last:
            # Autocomplete: the last word is still being typed.
            terms[-1] = terms[-1].as_prefix()
        return _combine(
            AndNode if query.operator == "and" else OrNode, [_term_node(term) for term in terms]
        )
    if isinstance(query, Phrase):
        term = phrase_for_query(query.query_string)
        return TermNode(term) if term else None
    if isinstance(query, Boost):
        return analyse_query(query.subquery, operator, prefix_last)
    if isinstance(query, Not):
        inner = analyse_query(query.subquery, operator, prefix_last)
        if inner is None:
            return MATCH_EVERYTHING
        if inner is MATCH_EVERYTHING:
            return None
        return NotNode(inner)
    if isinstance(query, (And, Or)):
        children = [analyse_query(sub, operator, prefix_last) for sub in query.subqueries]
        everything = any(child is MATCH_EVERYTHING for child in children)
        children = [c for c in children if c is not None and c is not MATCH_EVERYTHING]
        if isinstance(query, Or) and everything:
            return MATCH_EVERYTHING
        if not children:
            return MATCH_EVERYTHING if everything else None
        return _combine(AndNode if isinstance(query, And) else OrNode, children)
    raise NotImplementedError(f"{type(query).__name__} queries are not supported.")


def positive_terms(node):
    """Every query word that must (or may) be present, for the title tier and highlighting."""
    if isinstance(node, TermNode):
        return [node.term]
    if isinstance(node, (AndNode, OrNode)):
        return [term for child in node.children for term in positive_terms(child)]
    return []


# Compiling and running a search -----------------------------------------------------------


class ChineseQueryCompiler(BaseSearchQueryCompiler):
    """Runs a search against the analysed index; subclasses supply the engine's SQL."""

    DEFAULT_OPERATOR = "and"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    autocomplete = False
    # Narrows the pages joined with the hits before the join (an engine's own syntax).
    base_restriction = ""

    @cached_property
    def analysed(self):
        """(tree, negated): a top-level NOT is run as "everything except the matches"."""
        node = analyse_query(self.query, prefix_last=self.autocomplete)
        if isinstance(node, NotNode):
            return node.child, True
        return node, False

    @cached_property
    def connection(self):
        return connections[self.queryset.db]

    @cached_property
    def content_type_ids(self):
        return get_descendants_content_types_pks(self.queryset.model)

    @cached_property
    def pk_cast_type(self):
        pk = self.queryset.model._meta.pk
        while pk.is_relation:
            pk = pk.target_field
        return pk.cast_db_type(self.connection)

    @cached_property
    def columns(self):
        """Which index columns to search: `fields=["title"]` searches titles only."""
        if self.autocomplete:
            return ("autocomplete",)
        if self.fields is not None and set(self.fields) <= {"title"}:
            return ("title",)
        return ("title", "body")

    @cached_property
    def max_hits(self):
        return int(getattr(settings, "DAYUAN_SEARCH_MAX_HITS", DEFAULT_MAX_HITS))

    @cached_property
    def ranked_hits(self):
        ranked = int(getattr(settings, "DAYUAN_SEARCH_RANKED_HITS", DEFAULT_RANKED_HITS))
        return max(1, min(ranked, self.max_hits))

    # Engine-specific SQL, (sql, params) each:
    def hits_sql(self, node, ranked):
        """Rows (pid, title_hit, score) of the `max_hits` most recently indexed matching
        entries, scored for the `ranked_hits` most recent of them (score NULL and title_hit
        false for the rest); only pid when not ranked."""
        raise NotImplementedError

    def matching_queryset(self):
        node, negated = self.analysed
        if node is MATCH_EVERYTHING:
            return self.queryset
        if node is None:
            return self.queryset.none()
        sql, params = self.hits_sql(node, ranked=False)
        lookup = RawSQL(sql, params)  # noqa: S611 - our own SQL; the query is a parameter
        if negated:
            return self.queryset.exclude(pk__in=lookup)
        return self.queryset.filter(pk__in=lookup)

    def count(self):
        if self.ranks_matches:
            return len(self.ranked_rows)
        return self.matching_queryset().count()

    @cached_property
    def ranks_matches(self):
        node, negated = self.analysed
        return (
            self.order_by_relevance
            and not negated
            and node is not None
            and node is not MATCH_EVERYTHING
        )

    def search(self, start, stop, score_field=None):
        if self.analysed[0] is None:
            return []
        if not self.ranks_matches:
            queryset = self.matching_queryset()
            if not queryset.query.order_by:
                # A stable order, so that pages do not repeat or skip results.
                queryset = queryset.order_by("-pk")
            return list(queryset[start:stop])
        ranked = self.ranked_rows[start:stop]
        if not ranked:
            return []
        objects = {obj.pk: obj for obj in self.queryset.filter(pk__in=[pk for pk, _ in ranked])}
        results = []
        for pk, score in ranked:
            obj = objects.get(pk)
            if obj is None:
                continue
            if score_field:
                setattr(obj, score_field, score)
            results.append(obj)
        return results

    @cached_property
    def ranked_rows(self):
        """[(pk, score)] of every match (at most `max_hits`), best first.

        One query serves the paginator's count and the page's slice, which share this
        compiler: run separately, each matched a common word in the index again.
        """
        node, _negated = self.analysed
        base = self.queryset.order_by().annotate(
            _search_pk=F("pk"),
            _search_date=publish_date_expression(self.queryset.model)
            or Value(None, output_field=DateTimeField()),
        )
        try:
            base_sql, base_params = (
                base.values_list("_search_pk", "_search_date")
                .query.get_compiler(connection=self.connection)
                .as_sql()
            )
        except EmptyResultSet:
            # A queryset that can match nothing (`pk__in=[]`: an admin user with no
            # explorable pages) has no SQL to join against; it has no results either.
            return []
        hits_sql, hits_params = self.hits_sql(node, ranked=True)
        sql = f"""
            WITH hits AS MATERIALIZED ({hits_sql})
            SELECT base._search_pk, hits.score
            FROM hits INNER JOIN ({base_sql}) base ON base._search_pk = hits.pid
            {self.base_restriction}
            ORDER BY hits.title_hit DESC, hits.score DESC NULLS LAST,
                     base._search_date DESC NULLS LAST, base._search_pk DESC
        """  # noqa: S608 - only our own SQL; values are parameters
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*hits_params, *base_params])
            return cursor.fetchall()


class ChineseAutocompleteQueryCompiler:
    """Mixed into an engine's compiler: the last word is a prefix, only autocomplete fields."""

    autocomplete = True


class ChineseSearchResults(BaseSearchResults):
    supports_facet = True

    def _do_search(self):
        return self.query_compiler.search(self.start, self.stop, score_field=self._score_field)

    def _do_count(self):
        return self.query_compiler.count()

    def facet(self, field_name):
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to '
                f"{self.query_compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        rows = (
            self.query_compiler.matching_queryset()
            .order_by()
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        return OrderedDict((row[field_name], row["count"]) for row in rows)
