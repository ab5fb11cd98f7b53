"""RUM against the project's GIN path, on a database `make bench-search` built.

    python -m bench.search.rum [--database-url postgres://…/dayuan_bench] [--data DIR]

Times, on the same index table and the same queries (the benchmark's very common words and
100 of its known-item queries):

* the project's search as a reader gets it: GIN matching in the newest-entries window, the
  newest `DAYUAN_SEARCH_RANKED_HITS` matches scored, the first page of 20 (the ORM, in
  process, so without the page and HTTP around it);
* RUM's own order: `ORDER BY body <=> query LIMIT 20`, the 20 best of every match;
* building each index on the 100,000 `body` vectors.

The RUM index and extension are dropped again at the end. Needs Debian's
`postgresql-15-rum` (`apt-get install postgresql-15-rum`) and a superuser connection.
"""

import argparse
import json
import os
import pathlib
import statistics
import sys
import time

from .measure import percentile
from .run import DATA, POSTGRES_URL

SAMPLE_KNOWN = 100
RUNS = 3


def summary(seconds):
    ms = [value * 1000 for value in seconds]
    return f"p50 {statistics.median(ms):6.1f} ms   p95 {percentile(ms, 0.95):6.1f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=POSTGRES_URL)
    parser.add_argument("--data", type=pathlib.Path, default=DATA / "n100000")
    args = parser.parse_args()
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "bench.search.settings", "DATABASE_URL": args.database_url}
    )
    import django

    django.setup()
    from django.db import connection

    from wagtail.models import Page

    from search.backends.base import analyse_query, index_entry_model
    from search.backends.postgres import tsquery_expression

    if connection.vendor != "postgresql":
        sys.exit("RUM is a PostgreSQL index: give a PostgreSQL --database-url")
    queries = json.loads((args.data / "queries.json").read_text(encoding="utf-8"))
    texts = {
        "common": [q["q"] for q in queries["common"]],
        "known": [q["q"] for q in queries["known"][:SAMPLE_KNOWN]],
    }
    table = index_entry_model()._meta.db_table
    pages = Page.objects.live().public()

    def project_search(text):
        return list(pages.search(text)[:20])

    def rum_search(cursor, text):
        expression = tsquery_expression(analyse_query(text))
        cursor.execute(
            f"SELECT object_id FROM {table} WHERE body @@ to_tsquery('simple', %s) "  # noqa: S608
            "ORDER BY body <=> to_tsquery('simple', %s) LIMIT 20",
            [expression, expression],
        )
        return cursor.fetchall()

    def timed(function, items):
        best = []
        for item in items:
            runs = []
            for _ in range(RUNS):
                started = time.perf_counter()
                function(item)
                runs.append(time.perf_counter() - started)
            best.append(min(runs))
        return best

    print(f"{table}: 100,000 articles' vectors; best of {RUNS} runs per query")
    for name, items in texts.items():
        seconds = timed(project_search, items)
        print(f"GIN, the project's search ({name}, {len(items)}):  {summary(seconds)}")

    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(f"CREATE INDEX bench_gin_body ON {table} USING gin (body)")
        print(f"GIN index build on body: {time.perf_counter() - started:.0f} s")
        cursor.execute("DROP INDEX bench_gin_body")

        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        started = time.perf_counter()
        cursor.execute(f"CREATE INDEX bench_rum_body ON {table} USING rum (body rum_tsvector_ops)")
        print(f"RUM index build on body: {time.perf_counter() - started:.0f} s")
        cursor.execute(f"ANALYZE {table}")
        try:
            for name, items in texts.items():
                seconds = timed(lambda text, cursor=cursor: rum_search(cursor, text), items)
                print(f"RUM, 20 best by <=> ({name}, {len(items)}):  {summary(seconds)}")
        finally:
            cursor.execute("DROP INDEX bench_rum_body")
            cursor.execute("DROP EXTENSION rum")
    print(
        "RUM orders by its own score only: the title tier and the newer-first tie-break of "
        "the project's ranking would need a second pass over its rows."
    )


if __name__ == "__main__":
    main()
