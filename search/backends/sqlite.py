"""SQLite FTS5, fed with our analysed tokens.

Wagtail's FTS5 table (title, body and autocomplete columns, kept in step with `IndexEntry` by
triggers) is reused as it is; only what goes into it and the MATCH expression change.
"""

from modelsearch.backends.base import BaseSearchBackend
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteIndex,
    SQLiteSearchAtomicRebuilder,
    SQLiteSearchRebuilder,
)
from modelsearch.conf import get_app_config
from modelsearch.utils import get_content_type_pk

from .base import (
    AndNode,
    ChineseAutocompleteQueryCompiler,
    ChineseQueryCompiler,
    ChineseSearchResults,
    NotNode,
    OrNode,
    TermNode,
    analyse_object,
    index_entry_model,
)

# bm25() weights, in the FTS5 table's column order: autocomplete, body, title.
SEARCH_WEIGHTS = "0.0, 1.0, 3.0"
TITLE_ONLY_WEIGHTS = "0.0, 0.0, 1.0"
AUTOCOMPLETE_WEIGHTS = "1.0, 0.0, 0.0"


def fts_phrase(term):
    # Tokens hold only letters and digits, so nothing in them can be FTS5 syntax; quotes are
    # doubled all the same.
    phrase = " ".join(term.tokens).replace('"', '""')
    return f'"{phrase}"' + ("*" if term.prefix else "")


def fts_expression(node):
    """The FTS5 query for an analysed tree. FTS5 has only a binary NOT ("a NOT b")."""
    if isinstance(node, TermNode):
        return fts_phrase(node.term)
    if isinstance(node, AndNode):
        positive = [child for child in node.children if not isinstance(child, NotNode)]
        negative = [child.child for child in node.children if isinstance(child, NotNode)]
        if not positive:
            raise NotImplementedError("A NOT needs something to subtract from on SQLite.")
        expression = "(" + " AND ".join(fts_expression(child) for child in positive) + ")"
        if negative:
            excluded = " OR ".join(fts_expression(child) for child in negative)
            expression = f"({expression} NOT ({excluded}))"
        return expression
    if isinstance(node, OrNode):
        return "(" + " OR ".join(fts_expression(child) for child in node.children) + ")"
    raise NotImplementedError("NOT inside OR is not supported by the SQLite search backend.")


class ChineseSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        documents = {text.object_id: text for text in map(analyse_object, objs)}
        if not documents:
            return
        IndexEntry = index_entry_model()
        content_type_id = get_content_type_pk(model)
        # One upsert for the batch, keeping each entry's id (its place in "most recently
        # indexed"): an UPDATE per page already indexed took 2 ms each, minutes for a
        # rebuild of 100,000 pages. The FTS table follows through its UPDATE trigger.
        self.entries.bulk_create(
            [
                IndexEntry(
                    content_type_id=content_type_id,
                    object_id=text.object_id,
                    title=text.title,
                    body=text.body,
                    autocomplete=text.autocomplete,
                )
                for text in documents.values()
            ],
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=["title", "body", "autocomplete"],
        )

    def _refresh_title_norms(self, full=False):
        # Our ranking does not use title_norm, and refreshing it rescans the whole index table
        # (body text included) after every batch: minutes on a 100,000-article index.
        pass


class ChineseSQLiteQueryCompiler(ChineseQueryCompiler):
    weights = SEARCH_WEIGHTS

    @property
    def tables(self):
        fts = get_app_config().get_model("SQLiteFTSIndexEntry")._meta.db_table
        return fts, index_entry_model()._meta.db_table

    def match_expression(self, node):
        return "{" + " ".join(self.columns) + "}: (" + fts_expression(node) + ")"

    def hits_sql(self, node, ranked):
        fts, entries = self.tables
        content_types = ", ".join(["%s"] * len(self.content_type_ids))
        params = [self.match_expression(node), *self.content_type_ids]
        pid = f"CAST(e.object_id AS {self.pk_cast_type}) AS pid"

        def matching(columns, limit, offset=0):
            return (
                f"SELECT {columns} FROM {fts} INNER JOIN {entries} e ON e.id = {fts}.rowid "  # noqa: S608
                f"WHERE {fts} MATCH %s AND e.content_type_id IN ({content_types}) "
                # FTS5 walks its lists newest first and stops at the limit.
                f"ORDER BY {fts}.rowid DESC LIMIT {int(limit)} OFFSET {int(offset)}"
            )

        if not ranked:
            return matching(pid, self.max_hits), params
        # bm25() only for the newest `ranked_hits`; the rest follow unscored.
        title_hit = "1" if self.autocomplete else f"(bm25({fts}, {TITLE_ONLY_WEIGHTS}) < 0)"
        scored = matching(
            f"{pid}, {title_hit} AS title_hit, -bm25({fts}, {self.weights}) AS score",
            self.ranked_hits,
        )
        rest = matching(
            f"{pid}, 0 AS title_hit, NULL AS score",
            self.max_hits - self.ranked_hits,
            offset=self.ranked_hits,
        )
        sql = f"SELECT * FROM ({scored}) UNION ALL SELECT * FROM ({rest})"  # noqa: S608
        return sql, params * 2


class ChineseSQLiteAutocompleteQueryCompiler(
    ChineseAutocompleteQueryCompiler, ChineseSQLiteQueryCompiler
):
    weights = AUTOCOMPLETE_WEIGHTS


def _analyze(index):
    """Refreshes SQLite's query-planner statistics after a (re)build.

    SQLite keeps none unless asked. Without them, with 100,000 articles, it scans the page
    tree in path order to find a handful of sections (30 ms a request instead of under 1).
    ANALYZE records nothing for an empty table, and the planner then takes it for a
    million rows: it would scan every page to join the (empty) view-restriction table. Empty
    tables are recorded as holding one row.
    """
    with index.write_connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
            "AND name NOT IN (SELECT tbl FROM sqlite_stat1)"
        )
        empty = [row[0] for row in cursor.fetchall()]
        cursor.executemany(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, NULL, '1')",
            [(name,) for name in empty],
        )
        cursor.execute("ANALYZE sqlite_schema")  # loads the statistics just written


class ChineseSQLiteRebuilder(SQLiteSearchRebuilder):
    def finish(self):
        super().finish()
        _analyze(self.index)


class ChineseSQLiteAtomicRebuilder(SQLiteSearchAtomicRebuilder):
    def finish(self):
        super().finish()
        _analyze(self.index)


class ChineseSQLiteSearchBackend(BaseSearchBackend):
    query_compiler_class = ChineseSQLiteQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
    index_class = ChineseSQLiteIndex
    results_class = ChineseSearchResults
    rebuilder_class = ChineseSQLiteRebuilder

    def __init__(self, params):
        super().__init__(params)
        if params.get("ATOMIC_REBUILD", True):
            self.rebuilder_class = ChineseSQLiteAtomicRebuilder
