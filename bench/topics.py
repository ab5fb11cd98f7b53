"""make bench-topics: the 专题 page, its feed and the topic list under wrk, page cache on and off.

The demo content (one topic, three columns) over TOPIC_N corpus articles, served by
gunicorn with two workers as `make bench` does; prints requests per second, latency and
queries per request beside a static file, and writes bench/results/topics-<db>.json.
"""

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import pages  # noqa: E402 - the path above makes the project importable

TOPIC_ADDRESSES = {
    "topic": "/zt/xiangcun-zhenxing/",
    "topic rss": "/zt/xiangcun-zhenxing/rss.xml",
    "topic list": "/zt/",
}
PG_DATABASE = "dayuan_bench_topics"


def reset(args):
    if args.postgres:
        import psycopg
        import redis

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            db.execute(f"CREATE DATABASE {PG_DATABASE}")
        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{pages.RESULTS / 'topics.sqlite3'}{suffix}").unlink(missing_ok=True)


def wait_until_serving(port, attempts=10):
    """gunicorn accepts connections before its workers are ready; on a busy machine the
    first request can take longer than `pages.get`'s 30 seconds."""
    for attempt in range(attempts):
        try:
            return pages.get(port, "/healthz")
        except TimeoutError:
            if attempt == attempts - 1:
                raise
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=int(os.environ.get("TOPIC_N", "2000")))
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "8")))
    parser.add_argument("--port", type=int, default=18766)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    os.chdir(BASE_DIR)
    pages.configure(args)
    if args.postgres:
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
        os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/6"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{pages.RESULTS / 'topics.sqlite3'}"
    reset(args)
    pages.prepare_site(args)
    from django.contrib.staticfiles.storage import staticfiles_storage

    addresses = {"static file": staticfiles_storage.url("css/site.css"), **TOPIC_ADDRESSES}
    queries = pages.queries_per_request(TOPIC_ADDRESSES)
    results = {}
    for cached in (True, False):
        server = pages.Server(page_cache=cached, port=args.port)
        try:
            wait_until_serving(args.port)
            for name, address in addresses.items():
                if name == "static file" and not cached:
                    continue
                for _ in range(3):
                    pages.get(args.port, address)
                label = (
                    name
                    if name == "static file"
                    else f"{name} ({'cached' if cached else 'uncached'})"
                )
                results[label] = pages.run_wrk(args.port, address, args.duration)
                results[label]["queries"] = 0 if cached or name == "static file" else queries[name]
                print(f"  {label:24} {results[label]['rps']:9.1f} req/s", flush=True)
        finally:
            server.stop()
    static_rps = results["static file"]["rps"]
    for row in results.values():
        row["ratio_to_static"] = round(row["rps"] / static_rps, 3)
    report = {
        "database": "postgresql+redis" if args.postgres else "sqlite+locmem",
        "articles": args.articles,
        "wrk": f"2 threads, 32 connections, {args.duration}s per address",
        "results": results,
    }
    out = pages.RESULTS / f"topics-{'postgres' if args.postgres else 'sqlite'}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
