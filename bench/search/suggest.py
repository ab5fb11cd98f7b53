"""`make bench-suggest`: search suggestions (/search/suggest/) on 100,000 articles.

    python -m bench.search.suggest [--articles 100000] [--databases sqlite,postgresql]

For each database, in its own process: writes the synthetic corpus of bench/search/corpus.py as
published articles with their tags (bodies shortened: suggestions read titles and tags only),
times `rebuild_suggestions`, then asks a gunicorn worker over HTTP, one request at a time, for
what readers type: the start of a title in characters, in full pinyin and in initials, of a tag,
and strings that start nothing. Each query once with an empty cache (cold), then again (warm).
It also times the database part alone (`search.suggestions.find`) and, for the record, what
"contains" instead of "starts with" would cost (a LIKE '%…%' over every title).

PostgreSQL is reached at BENCH_SUGGEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/
dayuan_bench_suggest); that database is dropped and created again. Results and the corpus go to
bench/results/search/.
"""

import argparse
import json
import os
import pathlib
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from .measure import percentile, prepare_database

DATA = pathlib.Path(__file__).resolve().parent.parent / "results" / "search"
POSTGRES_URL = os.environ.get(
    "BENCH_SUGGEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/dayuan_bench_suggest"
)
SAMPLED_TITLES = 120
SAMPLED_TAGS = 40
SEED = 16
# Letters that start no pinyin syllable, and text no title should start with.
MISSES = [
    *["vv", "xv", "iu", "uu", "uv", "vx", "xzxzxz", "qwerty"],
    *["冇冇", "なに", "covid20", "9999x"],
]


def write_corpus(path, count):
    from .corpus import CorpusGenerator

    generator = CorpusGenerator()
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, count + 1):
            article = generator.article(number)
            article["paragraphs"] = [article["summary"]]
            out.write(json.dumps(article, ensure_ascii=False) + "\n")


def typed_queries(articles):
    """What readers type, from titles and tags of the corpus: (kind, query) pairs."""
    from pypinyin import Style, lazy_pinyin

    def full(text):
        return "".join(lazy_pinyin(text))

    def initials(text):
        return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER))

    rng = random.Random(SEED)
    queries = []
    for article in rng.sample(articles, SAMPLED_TITLES):
        title = article["title"]
        queries += [("汉字", title[:length]) for length in (1, 2, 3, 4, 6)]
        queries += [("全拼", full(title)[:length]) for length in (2, 4, 7, 10, 14)]
        queries += [("首字母", initials(title)[:length]) for length in (2, 3, 4, 6)]
    tags = sorted({tag for article in articles for tag in article["tags"]})
    for tag in rng.sample(tags, min(SAMPLED_TAGS, len(tags))):
        queries += [("标签", tag), ("标签", full(tag)), ("标签", initials(tag))]
    queries += [("无结果", miss) for miss in MISSES]
    seen, unique = set(), []
    for kind, query in queries:
        if query not in seen:
            seen.add(query)
            unique.append((kind, query))
    return unique


def summarize(milliseconds):
    return {
        "n": len(milliseconds),
        "p50_ms": statistics.median(milliseconds),
        "p95_ms": percentile(milliseconds, 0.95),
        "max_ms": max(milliseconds),
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_worker(env, port):
    command = [
        str(pathlib.Path(sys.executable).parent / "gunicorn"),
        "site_project.wsgi:application",
        "--workers=1",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    worker = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/search/suggest/?q=", timeout=5).read()
            return worker
        except OSError:
            time.sleep(0.3)
    worker.terminate()
    raise RuntimeError("the benchmark worker did not start")


def fetch(port, query):
    address = f"http://127.0.0.1:{port}/search/suggest/?" + urllib.parse.urlencode({"q": query})
    started = time.perf_counter()
    with urllib.request.urlopen(address, timeout=60) as response:
        body = json.loads(response.read())
    return (time.perf_counter() - started) * 1000, len(body["suggestions"])


def used_bytes():
    """Bytes the database uses: on SQLite the whole file's used pages, on PostgreSQL the two
    suggestion tables with their indexes."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            values = []
            for pragma in ("page_count", "freelist_count", "page_size"):
                cursor.execute(f"PRAGMA {pragma}")
                values.append(cursor.fetchone()[0])
            return (values[0] - values[1]) * values[2]
        cursor.execute(
            "SELECT pg_total_relation_size('search_suggestion')"
            " + pg_total_relation_size('search_suggestionkey')"
        )
        return cursor.fetchone()[0]


def contains_milliseconds(queries):
    """A LIKE '%q%' over every title's text key, newest first: what "contains" would cost."""
    from django.db import connection

    timings = []
    with connection.cursor() as cursor:
        for query in queries:
            started = time.perf_counter()
            cursor.execute(
                "SELECT s.text FROM search_suggestion s WHERE s.kind = 'title' "
                "AND s.text LIKE %s ORDER BY s.rank DESC LIMIT 8",
                [f"%{query}%"],
            )
            cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure(args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.search.suggest_settings",
        "DATABASE_URL": args.database_url,
        "PAGE_CACHE": "0",
        # One address sends every request: the per-address limits are tested in tests/search.
        "RATE_LIMITS": "0",
    }
    os.environ.update(env)
    if not args.reuse:
        prepare_database(args.database_url)

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from search.pinyin import query_key
    from search.suggestions import find

    from .load import build_site, load_articles

    articles = [json.loads(line) for line in args.corpus.open(encoding="utf-8")]
    queries = typed_queries(articles)
    result = {"database": connection.vendor, "articles": len(articles), "queries": len(queries)}
    if args.reuse:
        earlier = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
        result.update({k: v for k, v in earlier.items() if k in ("load_s", "table_bytes")})
    else:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        load_articles(articles, build_site())
        result["load_s"] = time.perf_counter() - started
    del articles
    before = used_bytes() if connection.vendor == "sqlite" else 0
    started = time.perf_counter()
    call_command("rebuild_suggestions", verbosity=0)
    result["rebuild_s"] = time.perf_counter() - started
    if not args.reuse:  # on SQLite, what the rebuild added to a database without suggestions
        result["table_bytes"] = used_bytes() - before
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT COUNT(*) FROM search_suggestion")
        result["suggestions"] = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM search_suggestionkey")
        result["keys"] = cursor.fetchone()[0]

    database_ms = []
    for _kind, query in queries:
        started = time.perf_counter()
        find(query_key(query))
        database_ms.append((time.perf_counter() - started) * 1000)
    result["database_part"] = summarize(database_ms)
    han = [query for kind, query in queries if kind == "汉字" and len(query) >= 2]
    result["contains"] = summarize(contains_milliseconds(han))
    cache.clear()
    connection.close()

    port = free_port()
    worker = start_worker(env, port)
    try:
        fetch(port, "")  # the worker's first request loads what every later one shares
        rows = []
        for kind, query in queries:
            cold_ms, found = fetch(port, query)
            rows.append({"kind": kind, "q": query, "cold_ms": cold_ms, "found": found})
        for row in rows:
            row["warm_ms"], _found = fetch(port, row["q"])
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    result["rows"] = rows
    result["cold"] = summarize([row["cold_ms"] for row in rows])
    result["warm"] = summarize([row["warm_ms"] for row in rows])
    result["by_kind"] = {
        kind: summarize([row["cold_ms"] for row in rows if row["kind"] == kind])
        for kind in dict.fromkeys(row["kind"] for row in rows)
    }
    result["found_share"] = {
        kind: sum(1 for row in rows if row["kind"] == kind and row["found"])
        / sum(1 for row in rows if row["kind"] == kind)
        for kind in result["by_kind"]
    }
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def render(results):
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    databases = list(results)

    def row(label, cell):
        return f"| {label} | " + " | ".join(cell(results[d]) for d in databases) + " |"

    def latency(part):
        return lambda r: f"{r[part]['p50_ms']:.1f} / {r[part]['p95_ms']:.1f} ms"

    lines = [
        "| | " + " | ".join(names[d] for d in databases) + " |",
        "| --- | " + " | ".join("---" for _ in databases) + " |",
        row("文章数 articles", lambda r: f"{r['articles']:,}"),
        row("建议 / 键 suggestions / keys", lambda r: f"{r['suggestions']:,} / {r['keys']:,}"),
        row("重建 rebuild_suggestions", lambda r: f"{r['rebuild_s']:.0f} s"),
        row(
            "表与索引 tables and indexes",
            lambda r: f"{r['table_bytes'] / 1e6:.0f} MB" if r.get("table_bytes") else "–",
        ),
        row("查询数 queries", lambda r: str(r["queries"])),
        row("冷缓存 cold p50 / p95 (HTTP)", latency("cold")),
        row("热缓存 warm p50 / p95 (HTTP)", latency("warm")),
        row("数据库部分 database part p50 / p95", latency("database_part")),
    ]
    for kind in results[databases[0]]["by_kind"]:
        lines.append(
            row(
                f"  · {kind} cold p95(有建议)",
                lambda r, k=kind: f"{r['by_kind'][k]['p95_ms']:.1f} ms({r['found_share'][k]:.0%})",
            )
        )
    lines.append(row("“包含”而非“开头” LIKE '%…%' p50 / p95", latency("contains")))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=pathlib.Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=pathlib.Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--reuse", action="store_true", help="query the databases an earlier run built"
    )
    args = parser.parse_args()
    if args.measure:
        measure(args)
        return

    folder = DATA / f"suggest-n{args.articles}"
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.jsonl"
    if not corpus.exists():
        started = time.perf_counter()
        write_corpus(corpus, args.articles)
        print(f"corpus written in {time.perf_counter() - started:.0f} s", flush=True)
    urls = {"sqlite": f"sqlite:///{folder / 'bench.sqlite3'}", "postgresql": POSTGRES_URL}
    for database in args.databases.split(",") if args.databases else []:
        started = time.perf_counter()
        command = [
            sys.executable,
            "-W",
            "ignore",
            "-m",
            "bench.search.suggest",
            "--measure",
            "--database-url",
            urls[database],
            "--corpus",
            str(corpus),
            "--out",
            str(folder / f"results-{database}.json"),
        ]
        subprocess.run(command + (["--reuse"] if args.reuse else []), check=True)
        print(f"{database}: done in {time.perf_counter() - started:.0f} s", flush=True)
    results = {
        database: json.loads(path.read_text(encoding="utf-8"))
        for database in urls
        if (path := folder / f"results-{database}.json").exists()
    }
    report = render(results)
    (folder / "report.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
