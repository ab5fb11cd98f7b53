"""`make bench-live`: a live blog's page and its 15-second poll under load, against a static file.

The question (docs/liveblogs.md): does every reader polling /live/<number>/entries.json
cost what a cached page costs — one cache hit — rather than a render? The demo content
plus one open live blog with 50 entries (half with a picture) is served by gunicorn
(2 workers, production settings) as in `make bench`, and each address is measured with
wrk on 127.0.0.1:

- the static file (css/site.css): the ceiling;
- the live page and the poll every up-to-date reader sends (?since=<newest change>),
  from the page cache;
- both again with the page cache off (what a miss costs);
- the poll while an editor adds an entry every second (each add purges the page and
  the poll; the next poll renders once, the rest hit).

    python bench/liveblogs.py [--postgres] [--duration SECONDS] [--entries N]

Prints a table and writes bench/results/liveblogs-<db>.json.
"""

import argparse
import json
import os
import platform
import shutil
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import pages  # noqa: E402 - the path above makes the bench package importable

PG_URL = "postgres://postgres@127.0.0.1:5432/dayuan_bench_live"
REDIS_URL = "redis://127.0.0.1:6379/6"


def configure(args):
    # As `make bench`, on a database of its own so the two never share one.
    pages.PG_URL = PG_URL
    pages.REDIS_URL = REDIS_URL
    env = pages.configure(args)
    if not args.postgres:
        os.environ["DATABASE_URL"] = f"sqlite:///{pages.RESULTS / 'liveblogs.sqlite3'}"
    return env


def reset_databases(args):
    if args.postgres:
        import psycopg
        import redis

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
            db.execute("DROP DATABASE IF EXISTS dayuan_bench_live WITH (FORCE)")
            db.execute("CREATE DATABASE dayuan_bench_live")
        redis.Redis.from_url(REDIS_URL).flushdb()
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{pages.RESULTS / 'liveblogs.sqlite3'}{suffix}").unlink(missing_ok=True)


def prepare_site(entries):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", "--no-index", "--without-accounts", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    return build_open_live_blog(entries)


def build_open_live_blog(entries):
    import datetime

    from django.utils import timezone

    from wagtail.images import get_image_model

    from liveblogs.models import LiveBlogEntry, LiveBlogPage
    from news.models import SectionPage

    city = SectionPage.objects.get(slug="taiyuan", is_city=True)
    image = get_image_model().objects.order_by("pk").first()
    start = timezone.now() - datetime.timedelta(hours=3)
    blog = LiveBlogPage(
        title="图文直播:太原车展开幕",
        slug="bench-live",
        coverage_start=start,
        publish_time=start,
        featured_image=image,
        body=[("paragraph", "<p>本网记者在车展现场为您直播。</p>")],
    )
    city.add_child(instance=blog)
    blog.save_revision().publish()
    for index in range(entries):
        LiveBlogEntry.objects.create(
            blog=blog,
            posted_at=start + datetime.timedelta(minutes=3 * index),
            headline=f"第{index + 1}条进展" if index % 3 == 0 else "",
            text=f"<p>车展现场第{index + 1}条进展:新能源展台前排起长队。</p>",
            image=image if index % 2 else None,
            image_caption="车展现场" if index % 2 else "",
        )
    return blog


def newest_since(port, entries_address):
    # The first request a worker answers loads the whole application: on a busy machine,
    # a minute.
    connection = pages.http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    connection.request("GET", entries_address)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{entries_address}: {response.status} {body[:500]!r}")
    data = json.loads(body)
    return data["since"]


def add_entries_while(blog_id, stop):
    """An editor adding an entry every second, through the same path as the admin."""
    from liveblogs.entries import add_entry
    from liveblogs.models import LiveBlogEntry, LiveBlogPage

    blog = LiveBlogPage.objects.get(pk=blog_id)
    added = 0
    while not stop.is_set():
        add_entry(blog, LiveBlogEntry(text=f"<p>编辑补充的第{added + 1}条进展。</p>"), None)
        added += 1
        stop.wait(1)
    return added


def poll_while_adding(args, blog, address):
    stop = threading.Event()
    counter = {}
    editor = threading.Thread(
        target=lambda: counter.setdefault("added", add_entries_while(blog.pk, stop))
    )
    editor.start()
    try:
        result = pages.run_wrk(args.port, address, args.duration)
    finally:
        stop.set()
        editor.join()
    result["entries_added"] = counter.get("added", 0)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "8")))
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--port", type=int, default=18766)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    os.chdir(BASE_DIR)
    configure(args)
    reset_databases(args)
    blog = prepare_site(args.entries)
    from django.contrib.staticfiles.storage import staticfiles_storage

    entries_address = blog.entries_json_url
    addresses = {
        "static file": staticfiles_storage.url("css/site.css"),
        "live page": blog.url,
        "poll (no since)": entries_address,
    }
    results = {}
    for cached in (True, False):
        server = pages.Server(page_cache=cached, port=args.port)
        try:
            since = newest_since(args.port, entries_address)
            run = {**addresses, "poll (?since=newest)": f"{entries_address}?since={since}"}
            for name, address in run.items():
                if name == "static file" and not cached:
                    continue
                for _ in range(3):
                    pages.get(args.port, address)
                # Both workers warm (imports, templates, their cache entries) before the
                # measured run: else the first address measured pays for them.
                pages.run_wrk(args.port, address, 2)
                label = (
                    name
                    if name == "static file"
                    else f"{name} ({'cached' if cached else 'uncached'})"
                )
                results[label] = pages.run_wrk(args.port, address, args.duration)
                print(f"  {label:34} {results[label]['rps']:9.1f} req/s", flush=True)
            if cached:
                # Readers keep the since of the last answer; wrk replays one address, so
                # this is the worst case: the address goes stale at every add.
                label = "poll while an entry is added each second"
                results[label] = poll_while_adding(args, blog, f"{entries_address}?since={since}")
                print(f"  {label:34} {results[label]['rps']:9.1f} req/s", flush=True)
        finally:
            server.stop()
    static_rps = results["static file"]["rps"]
    for row in results.values():
        row["ratio_to_static"] = round(row["rps"] / static_rps, 3)
    report = {
        "database": "postgresql+redis" if args.postgres else "sqlite+locmem",
        "entries": args.entries,
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "wrk": f"2 threads, 32 connections, {args.duration}s per address",
        "results": results,
    }
    out = pages.RESULTS / f"liveblogs-{'postgres' if args.postgres else 'sqlite'}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"\n{report['database']}, {args.entries} entries, {report['machine']}")
    print(f"wrk: {report['wrk']}\n")
    print(f"| {'address':42} | req/s | p50 ms | p99 ms | × static |")
    print(f"| {'-' * 42} | ---: | ---: | ---: | ---: |")
    for name, row in results.items():
        print(
            f"| {name:42} | {row['rps']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} "
            f"| {row['ratio_to_static']:.2f} |"
        )
    print(f"\nJSON: {out}")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s)")
