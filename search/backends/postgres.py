"""PostgreSQL full-text search, fed with our analysed tokens.

Tokens go through the built-in `simple` configuration (lower-casing only, no stemming or stop
words), so PostgreSQL keeps exactly the tokens `search.analysis` produced. The `body` vector holds
the title (weight A) followed by every other field (weight D), so that one GIN index answers a
query whose words are spread over title and body; the `title` vector alone decides the title
tier of the ranking.
"""

import contextlib
import queue
import threading

from django.db import connections, transaction

from modelsearch.backends.base import BaseSearchBackend
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchAtomicRebuilder,
    PostgresSearchRebuilder,
)
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
    positive_terms,
)

CONFIG = "simple"
# The window of newest index entries searched first, per hit listed: 20,000 entries for the
# 2,000 hits, so a word in a tenth of the pages or more is answered from the window alone.
RECENT_WINDOW_PER_HIT = 10


def _lexeme(token):
    escaped = token.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"


def tsquery_phrase(term):
    lexemes = [_lexeme(token) for token in term.tokens]
    if term.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def tsquery_expression(node):
    """The to_tsquery() text for an analysed tree."""
    if isinstance(node, TermNode):
        return tsquery_phrase(node.term)
    if isinstance(node, AndNode):
        return "(" + " & ".join(tsquery_expression(child) for child in node.children) + ")"
    if isinstance(node, OrNode):
        return "(" + " | ".join(tsquery_expression(child) for child in node.children) + ")"
    if isinstance(node, NotNode):
        return "!" + tsquery_expression(node.child)
    raise TypeError(node)


class ChinesePostgresIndex(PostgresIndex):
    # A whole rebuild's BackgroundWriter, while one runs.
    writer = None

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        documents = [analyse_object(obj) for obj in objs]
        if not documents:
            return
        IndexEntry = index_entry_model()
        content_type_id = get_content_type_pk(model)
        # Wagtail's trigram ("fuzzy") columns are not filled: fuzzy matching does not work for
        # Chinese, and they would double the size of the index.
        text_columns = [
            name for name in ("title_text", "body_text") if _has_field(IndexEntry, name)
        ]
        columns = ["content_type_id", "object_id", "title", "autocomplete", "body", "title_norm"]
        row = (
            f"(%s, %s, setweight(to_tsvector('{CONFIG}', %s), 'A'), to_tsvector('{CONFIG}', %s), "
            f"setweight(to_tsvector('{CONFIG}', %s), 'A') || to_tsvector('{CONFIG}', %s), 1.0"
            + ", ''" * len(text_columns)
            + ")"
        )
        params = []
        for text in documents:
            params.extend(
                [content_type_id, text.object_id, text.title, text.autocomplete, text.title]
            )
            params.append(text.body)
        updates = ", ".join(
            f"{name} = EXCLUDED.{name}" for name in ["title", "autocomplete", "body", *text_columns]
        )
        sql = (
            f"INSERT INTO {IndexEntry._meta.db_table} ({', '.join(columns + text_columns)}) "  # noqa: S608
            f"VALUES {', '.join([row] * len(documents))} "
            f"ON CONFLICT (content_type_id, object_id) DO UPDATE SET {updates}"
        )
        if self.writer is not None:
            self.writer.write(sql, params)
            return
        with self.write_connection.cursor() as cursor:
            cursor.execute(sql, params)

    def _refresh_title_norms(self, full=False):
        # Our ranking does not use title_norm, and refreshing it rescans the whole index table
        # after every batch.
        pass


def _has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


class ChinesePostgresQueryCompiler(ChineseQueryCompiler):
    # The pages are looked up by id: joined as a whole, the planner hashed all 100,000 of
    # them for 2,000 hits (28 ms of a 68 ms search).
    base_restriction = "WHERE base._search_pk = ANY(ARRAY(SELECT pid FROM hits))"

    def hits_sql(self, node, ranked):
        table = index_entry_model()._meta.db_table
        vector = "body" if "body" in self.columns else self.columns[0]
        query = f"to_tsquery('{CONFIG}', %s)"
        expression = tsquery_expression(node)
        content_types = ", ".join(["%s"] * len(self.content_type_ids))
        # The matches come from the GIN index, in a CTE the planner cannot fold. Left to
        # itself, for a common word it read every row's vector instead (a sequential scan,
        # or the primary key backwards): it cannot see that the vectors live out of line,
        # and both plans cost it the same. The query as a sub-select hides the word's
        # frequency from it, so the index is always taken: 0.5 s became 40 ms for a word
        # in 25,000 of 100,000 articles, and rare words were on the index already.
        #
        # The newest `max_hits` matches are looked for among the newest entries first: the
        # GIN bitmap ANDed with a range of the primary key, so a common word's 40,000
        # matches are not all read from the table to keep 2,000 of them (45 ms became
        # 20 ms). Only when that window holds too few does the rest of the index follow;
        # with a LIMIT of 0, PostgreSQL does not run that part at all.
        max_hits = int(self.max_hits)
        matching = (
            f"SELECT e.id, e.object_id FROM {table} e "  # noqa: S608
            f"WHERE e.{vector} @@ (SELECT {query}) AND e.content_type_id IN ({content_types}) "
        )
        newest = f"(SELECT max(id) FROM {table}) - {max_hits * RECENT_WINDOW_PER_HIT}"  # noqa: S608
        # Matching, then ordering: with ORDER BY id and a LIMIT next to the match, the
        # planner may walk the primary key backwards instead, reading vectors (0.6 s).
        sql = (
            f"WITH recent_matches AS MATERIALIZED ({matching} AND e.id > {newest}), "  # noqa: S608
            "recent AS MATERIALIZED (SELECT id, object_id FROM recent_matches "
            f"ORDER BY id DESC LIMIT {max_hits}), "
            f"older_matches AS MATERIALIZED ({matching} AND e.id <= {newest}), "
            "older AS MATERIALIZED (SELECT id, object_id FROM older_matches "
            f"ORDER BY id DESC LIMIT (SELECT {max_hits} - count(*) FROM recent)), "
            "capped AS MATERIALIZED (SELECT id, object_id FROM recent "
            "UNION ALL SELECT id, object_id FROM older) "
        )
        params = [expression, *self.content_type_ids] * 2
        pid = f"CAST(c.object_id AS {self.pk_cast_type}) AS pid"
        if not ranked:
            return f"{sql}SELECT {pid} FROM capped c", params  # noqa: S608
        if self.autocomplete or self.columns == ("title",):
            title_hit = "TRUE"
        else:
            title_hit = f"(e.title @@ {query})"
            params.append(" | ".join(tsquery_phrase(term) for term in positive_terms(node)))
        # Only the newest `ranked_hits` are scored: ts_rank reads the whole vector.
        sql += (
            f", scored AS MATERIALIZED (SELECT e.id, {title_hit} AS title_hit, "  # noqa: S608
            f"ts_rank(e.{vector}, {query}) AS score FROM {table} e WHERE e.id IN "
            f"(SELECT id FROM capped ORDER BY id DESC LIMIT {int(self.ranked_hits)})) "
            f"SELECT {pid}, COALESCE(s.title_hit, FALSE) AS title_hit, s.score "
            "FROM capped c LEFT JOIN scored s ON s.id = c.id"
        )
        params.append(expression)
        return sql, params


class ChinesePostgresAutocompleteQueryCompiler(
    ChineseAutocompleteQueryCompiler, ChinesePostgresQueryCompiler
):
    pass


def _analyze(index):
    # Fresh statistics right after a rebuild, rather than whenever autovacuum gets to it: the
    # planner's choice between the GIN index and a scan depends on them.
    with index.write_connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {index_entry_model()._meta.db_table}")


class ChinesePostgresRebuilder(PostgresSearchRebuilder):
    def finish(self):
        super().finish()
        _analyze(self.index)


# A whole rebuild writes every entry into three GIN indexes. Entry by entry that is most of
# the rebuild's time (12.5 min for 100,000 articles, against 3.9 on SQLite); collected in
# each index's pending list and merged in large sorted batches it is a fraction of it. The
# settings last for the rebuild's transaction only.
REBUILD_SETTINGS = {
    "gin_pending_list_limit": "256MB",
    "work_mem": "256MB",
    "maintenance_work_mem": "256MB",
}


def _gin_indexes(cursor):
    cursor.execute(
        "SELECT indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = "
        "i.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin' "
        "AND i.indrelid = %s::regclass",
        [index_entry_model()._meta.db_table],
    )
    return [row[0] for row in cursor.fetchall()]


def _apply_rebuild_settings(connection):
    with connection.cursor() as cursor:
        for name, value in REBUILD_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def _merge_pending_lists(connection):
    # Merged before the transaction ends: searches must not walk a long pending list.
    with connection.cursor() as cursor:
        for name in _gin_indexes(cursor):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


class BackgroundWriter:
    """A rebuild's writes, on a thread and a database connection of their own, in one
    transaction.

    PostgreSQL's work (to_tsvector, the GIN pending lists) is two thirds of a rebuild and the
    reading and analysing of pages the other third: with the writes here, the next batch is
    read and analysed while the database writes the last one. At most two batches wait.
    """

    _DONE = object()
    _ABORT = object()

    def __init__(self, alias, index):
        self.alias = alias
        self.index = index
        self.jobs = queue.Queue(maxsize=2)
        self.error = None
        # A daemon: a rebuild that dies with its process must not keep the process alive
        # (the transaction is rolled back when the connection drops).
        self.thread = threading.Thread(target=self._run, name="search-index-writer", daemon=True)
        self.thread.start()

    def _run(self):
        connection = connections[self.alias]
        try:
            with transaction.atomic(using=self.alias):
                _apply_rebuild_settings(connection)
                self.index.delete_stale_entries()
                while (job := self.jobs.get()) is not self._DONE:
                    if job is self._ABORT:
                        transaction.set_rollback(True, using=self.alias)
                        return
                    with connection.cursor() as cursor:
                        cursor.execute(*job)
                _merge_pending_lists(connection)
        except BaseException as error:  # noqa: BLE001 - handed to the rebuilding thread
            self.error = error
        finally:
            connection.close()

    def _raise_error(self):
        if self.error is not None:
            raise self.error

    def _put(self, job):
        while True:
            self._raise_error()
            try:
                self.jobs.put(job, timeout=1)
                return
            except queue.Full:
                if not self.thread.is_alive():
                    self._raise_error()
                    raise RuntimeError("the search index writer stopped") from None

    def write(self, sql, params):
        self._put((sql, params))

    def close(self):
        """Commit, after every batch is written; the writer's error, if any, raised here."""
        self._put(self._DONE)
        self.thread.join()
        self._raise_error()

    def abort(self):
        if self.thread.is_alive():
            # Stuck behind a write, the connection drops with the process instead.
            with contextlib.suppress(queue.Full):
                self.jobs.put(self._ABORT, timeout=60)
            self.thread.join(timeout=60)


class ChinesePostgresAtomicRebuilder(PostgresSearchAtomicRebuilder):
    """The whole rebuild in one transaction (readers see the old index until it commits),
    written by a BackgroundWriter.

    Inside a caller's transaction (a test case) another connection would not see the
    caller's pages: the writes then stay on the caller's connection, one batch at a time.
    """

    def start(self):
        connection = self.index.write_connection
        if connection.in_atomic_block:
            index = super().start()
            _apply_rebuild_settings(connection)
            return index
        self.index.writer = BackgroundWriter(connection.alias, self.index)
        return self.index

    def finish(self):
        writer, self.index.writer = self.index.writer, None
        if writer is None:
            _merge_pending_lists(self.index.write_connection)
            super().finish()
        else:
            writer.close()
        _analyze(self.index)

    def __del__(self):
        # A rebuild that failed halfway: nothing it wrote is kept.
        writer, self.index.writer = self.index.writer, None
        if writer is not None:
            writer.abort()
        super().__del__()


class ChinesePostgresSearchBackend(BaseSearchBackend):
    query_compiler_class = ChinesePostgresQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex
    results_class = ChineseSearchResults
    rebuilder_class = ChinesePostgresRebuilder

    def __init__(self, params):
        super().__init__(params)
        if params.get("ATOMIC_REBUILD", True):
            self.rebuilder_class = ChinesePostgresAtomicRebuilder
