"""One database's run: load the corpus, build the index, then query a real worker over HTTP.

    python -m bench.search.measure --database-url URL --data DIR --out results.json

Run by `bench.search.run` once for SQLite and once for PostgreSQL.
"""

import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

RESULT_LINK = re.compile(r'class="search-hit__title"><a href="/[^"]*?/(\d+)\.html"')
RESULT_COUNT = re.compile(r"找到 <strong>(\d+)</strong>")
PORT = 8765
WARM_UP = ["疫情", "会议", "忻州"]
# The worker's memory is read after this many searches.
SEARCHES_FOR_MEMORY = 1_000
# Readers at once, against a worker per core as in production (docs/deployment.md).
CONCURRENT_CLIENTS = 8
CONCURRENT_WORKERS = 2
# Single publishes timed: the index update a save makes (modelsearch's signal handler).
PUBLISHES = 20


def prepare_database(url):
    if url.startswith("sqlite"):
        path = pathlib.Path(urllib.parse.urlparse(url).path)
        for suffix in ("", "-wal", "-shm"):
            pathlib.Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_size(url):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            path = pathlib.Path(urllib.parse.urlparse(url).path)
            total = path.stat().st_size
            try:
                cursor.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'wagtailsearch_indexentry%'"
                )
                index = cursor.fetchone()[0]
            except Exception:  # noqa: BLE001 - dbstat is an optional SQLite module
                index = None
        else:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT pg_database_size(current_database())")
            total = cursor.fetchone()[0]
            cursor.execute("SELECT pg_total_relation_size('wagtailsearch_indexentry')")
            index = cursor.fetchone()[0]
    return total, index


def resident_kb(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


def worker_pid(master):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = pathlib.Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.2)
    raise RuntimeError("the benchmark worker has no process")


def start_worker(env, workers=1):
    command = [
        str(pathlib.Path(sys.executable).parent / "gunicorn"),
        "site_project.wsgi:application",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{PORT}",
        "--timeout=120",
        "--log-level=warning",
    ]
    master = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/search/", timeout=5).read()
            return master
        except OSError:
            time.sleep(0.3)
    master.terminate()
    raise RuntimeError("the benchmark worker did not start")


def fetch(query):
    address = f"http://127.0.0.1:{PORT}/search/?" + urllib.parse.urlencode({"q": query})
    started = time.perf_counter()
    with urllib.request.urlopen(address, timeout=120) as response:
        html = response.read().decode()
    elapsed = time.perf_counter() - started
    count = RESULT_COUNT.search(html)
    return elapsed, int(count.group(1)) if count else 0, [int(n) for n in RESULT_LINK.findall(html)]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run_queries(queries):
    rows = []
    for query in queries:
        elapsed, count, numbers = fetch(query["q"])
        rows.append({**query, "seconds": elapsed, "count": count, "numbers": numbers})
    return rows


def run_concurrently(queries, clients):
    """Every query once, `clients` at a time."""
    from concurrent.futures import ThreadPoolExecutor

    def one(query):
        elapsed, count, numbers = fetch(query["q"])
        return {**query, "seconds": elapsed, "count": count, "numbers": numbers}

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(one, queries))


def time_single_publishes(count):
    """Milliseconds of the index update for `count` articles saved one by one."""
    from modelsearch.index import insert_or_update_object

    from news.models import ArticlePage

    timings = []
    for page in ArticlePage.objects.live().order_by("-pk")[:count]:
        started = time.perf_counter()
        insert_or_update_object(page)
        timings.append(time.perf_counter() - started)
    return summarize([{"seconds": seconds} for seconds in timings])


def summarize(rows):
    seconds = [row["seconds"] * 1000 for row in rows]
    return {
        "n": len(rows),
        "p50_ms": statistics.median(seconds),
        "p95_ms": percentile(seconds, 0.95),
        "max_ms": max(seconds),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--data", required=True, type=pathlib.Path)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument(
        "--reuse", action="store_true", help="query a database built by an earlier run"
    )
    args = parser.parse_args()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.search.settings",
        "DATABASE_URL": args.database_url,
        "PAGE_CACHE": "0",
    }
    os.environ.update(env)
    if not args.reuse:
        prepare_database(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from .load import build_site, load_articles

    articles = [json.loads(line) for line in (args.data / "corpus.jsonl").open(encoding="utf-8")]
    queries = json.loads((args.data / "queries.json").read_text(encoding="utf-8"))
    result = {"database": connection.vendor, "articles": len(articles)}

    if args.reuse:
        earlier = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
        result.update({k: v for k, v in earlier.items() if k.endswith("_s")})
        call_command("migrate", verbosity=0)  # the code may be newer than the database
    else:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        result["migrate_s"] = time.perf_counter() - started

        started = time.perf_counter()
        load_articles(articles, build_site())
        result["load_s"] = time.perf_counter() - started

        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        result["index_s"] = time.perf_counter() - started
        # Written now, so that a failure later keeps the build figures.
        args.out.write_text(json.dumps(result), encoding="utf-8")
    del articles
    result["db_bytes"], result["index_bytes"] = database_size(args.database_url)
    result["publish_index_update"] = time_single_publishes(PUBLISHES)
    connection.close()

    master = start_worker(env)
    try:
        worker = worker_pid(master.pid)
        result["rss_idle_kb"] = resident_kb(worker)
        fetch(WARM_UP[0])
        result["rss_first_search_kb"] = resident_kb(worker)
        for query in WARM_UP[1:]:
            fetch(query)
        known = run_queries(queries["known"])
        negatives = run_queries(queries["negatives"])
        common = run_queries(queries["common"])
        result["rss_after_kb"] = resident_kb(worker)
        done = len(WARM_UP) + len(known) + len(negatives) + len(common)
        repeated = (queries["known"] + queries["negatives"] + queries["common"]) * 3
        run_queries(repeated[: max(0, SEARCHES_FOR_MEMORY - done)])
        result["rss_after_1000_kb"] = resident_kb(worker)
    finally:
        master.terminate()
        master.wait(timeout=30)

    master = start_worker(env, workers=CONCURRENT_WORKERS)
    try:
        mixed = [
            {**query, "class": name}
            for name in ("known", "negatives", "common")
            for query in queries[name]
        ]
        concurrent = run_concurrently(mixed, CONCURRENT_CLIENTS)
    finally:
        master.terminate()
        master.wait(timeout=30)
    result["concurrent"] = {
        "clients": CONCURRENT_CLIENTS,
        "workers": CONCURRENT_WORKERS,
        "all": summarize(concurrent),
        "common": summarize([row for row in concurrent if row["class"] == "common"]),
    }

    result["known"] = known
    result["negatives"] = negatives
    result["common"] = common
    result["latency"] = summarize(known + negatives)
    result["latency_common"] = summarize(common)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
