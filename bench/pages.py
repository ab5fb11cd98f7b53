"""`make bench`: reader pages under load, cached and uncached, side by side.

Builds a synthetic corpus (10,000 articles; N=100000 for the big run), starts the
application with production settings under gunicorn (2 workers) and measures each
address with wrk on 127.0.0.1. Prints a table and writes bench/results/pages-<db>.json.

    python bench/pages.py [--articles N] [--postgres] [--duration SECONDS]
"""

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
PG_URL = "postgres://postgres@127.0.0.1:5432/dayuan_bench_pages"
REDIS_URL = "redis://127.0.0.1:6379/5"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def configure(args):
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = {
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(RESULTS / "media"),
        # Lighthouse loads the pages' images too; nothing else serves them here.
        "SERVE_MEDIA": "1",
        "LOG_LEVEL": "ERROR",
        # wrk and the exact-count check play many readers, each at its own address, as a
        # proxy in front would report them: a view counts once per reader and article.
        "CLIENT_IP_HEADER": "X-Forwarded-For",
        "TRUSTED_PROXY_COUNT": "1",
    }
    if args.postgres:
        env["DATABASE_URL"] = PG_URL
        env["REDIS_URL"] = REDIS_URL
    else:
        env["DATABASE_URL"] = f"sqlite:///{RESULTS / 'pages.sqlite3'}"
    os.environ.update(env)
    return env


def reset_databases(args):
    if args.postgres:
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
            db.execute("DROP DATABASE IF EXISTS dayuan_bench_pages WITH (FORCE)")
            db.execute("CREATE DATABASE dayuan_bench_pages")
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{RESULTS / 'pages.sqlite3'}{suffix}").unlink(missing_ok=True)


def prepare_site(args):
    import django

    django.setup()
    from django.core.management import call_command

    from bench.page_corpus import build_corpus

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", "--no-index", "--without-accounts", verbosity=0)
    build_corpus(args.articles)
    # Planner statistics for the new rows, as after any bulk load: without them PostgreSQL
    # guesses (badly) until autovacuum gets round to the tables, minutes into the run.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    call_command("collectstatic", "--noinput", verbosity=0)
    return time.perf_counter() - started


MANY_ARTICLES = 3000
MANY_SCRIPT = RESULTS / "many-articles.lua"


def pick_addresses():
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.urls import reverse

    from galleries.demo import DEMO_GALLERY_NUMBER
    from news.models import ArticlePage
    from video.demo import DEMO_VIDEO_ARTICLE_NUMBER

    article = ArticlePage.objects.live().order_by("-publish_time").defer_streamfields().first()
    counted = ArticlePage.objects.live().order_by("publish_time").defer_streamfields().first()
    # A wrk script walking many articles: each is rendered with nothing of it cached yet.
    many = ArticlePage.objects.live().order_by("?").defer_streamfields()[:MANY_ARTICLES]
    paths = ", ".join(json.dumps(page.url) for page in many)
    MANY_SCRIPT.write_text(
        f"local paths = {{{paths}}}\nlocal n = 0\n"
        "request = function()\n  n = n + 1\n"
        "  return wrk.format(nil, paths[(n % #paths) + 1])\nend\n"
    )
    return {
        "static file": staticfiles_storage.url("css/site.css"),
        "home": "/",
        "article": article.url,
        "section p1": "/gsyl/",
        "section p1000": "/gsyl/?page=1000",
        "tag": reverse("news:tag", args=["城市"]),
        "rss": "/rss.xml",
        "video article": f"/gsyl/taiyuan/{DEMO_VIDEO_ARTICLE_NUMBER}.html",  # video/demo.py
        "topic": "/zt/xiangcun-zhenxing/",
        "topic rss": "/zt/xiangcun-zhenxing/rss.xml",
        "gallery": f"/gsyl/xinzhou/{DEMO_GALLERY_NUMBER}.html",  # galleries/demo.py
        "gallery photo": f"/gsyl/xinzhou/{DEMO_GALLERY_NUMBER}_3.html",
        **live_blog_address(),
    }, counted


def live_blog_address():
    """The demo's live blog (图文直播), when the demo has one; its poll: make bench-live."""
    from liveblogs.models import LiveBlogPage

    blog = LiveBlogPage.objects.live().defer_streamfields().first()
    return {"live blog": blog.url} if blog else {}


def queries_per_request(addresses):
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    client = Client()
    with override_settings(DAYUAN_PAGE_CACHE_ENABLED=False):
        for name, address in addresses.items():
            client.get(address)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(address)
            assert response.status_code == 200, (address, response.status_code)
            counts[name] = len(captured)
    return counts


class Server:
    def __init__(self, page_cache, port):
        self.port = port
        env = {**os.environ, "PAGE_CACHE": "1" if page_cache else "0"}
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "site_project.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "error",
            ],  # fmt: skip
            cwd=BASE_DIR,
            env=env,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def worker_peak_memory_mb(self):
        children = subprocess.run(
            ["ps", "--ppid", str(self.process.pid), "-o", "pid="],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        peaks = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status)[1]) / 1024)
        return max(peaks) if peaks else None

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def get(port, address, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", address, headers={"User-Agent": BROWSER_UA, **(headers or {})})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def parse_duration(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def run_wrk(port, address, duration, script=None, connections=32):
    url = f"http://127.0.0.1:{port}{address}"
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run(
        [*command, "-H", f"User-Agent: {BROWSER_UA}", url],
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": parse_duration(re.search(r"^\s+50%\s+(\S+)", output, re.M)[1]),
        "p99_ms": parse_duration(re.search(r"^\s+99%\s+(\S+)", output, re.M)[1]),
        "errors": int(errors[1]) if errors else 0,
    }


LIGHTHOUSE = BASE_DIR / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def run_lighthouse(port, address, name):
    """Lighthouse 12 in its default mobile mode: scores, bytes before images, other hosts."""
    out = RESULTS / f"lighthouse-{name}.json"
    url = f"http://127.0.0.1:{port}{address}"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-flags={CHROMIUM_FLAGS}",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ],  # fmt: skip
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        check=True,
        timeout=300,
    )
    report = json.loads(out.read_text())
    requests = report["audits"]["network-requests"]["details"]["items"]
    origin = f"http://127.0.0.1:{port}"
    return {
        "scores": {
            key: round(category["score"] * 100) for key, category in report["categories"].items()
        },
        "bytes_before_images": sum(
            item.get("transferSize", 0) for item in requests if item.get("resourceType") != "Image"
        ),
        "other_hosts": sorted(
            {item["url"] for item in requests if not item["url"].startswith((origin, "data:"))}
        ),
    }


def exact_count_check(port, article, total=10_000, clients=50):
    """`total` views by as many readers, sent by `clients` concurrent keep-alive
    connections, must all land."""
    from viewcounts.models import ArticleViewCount, DailyArticleViews

    ArticleViewCount.objects.filter(article=article).delete()
    DailyArticleViews.objects.filter(article=article).delete()
    address = f"/hits/{article.article_number}/"
    failures = []

    def client(first, requests):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for number in range(first, first + requests):
            reader = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
            headers = {"User-Agent": BROWSER_UA, "X-Forwarded-For": reader}
            connection.request("POST", address, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)
        connection.close()

    each = total // clients
    threads = [
        threading.Thread(target=client, args=(1 + index * each, each)) for index in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    # Counts are buffered: each worker writes its own every second (SQLite), or the first
    # request after each second writes Redis's, and `run_worker` what is left after the
    # last request. Do what run_worker does, and wait until every count is written.
    from viewcounts.buffers import view_buffer

    deadline = time.perf_counter() + 15
    while True:
        view_buffer().flush()
        stored_total = ArticleViewCount.count_for(article.pk)
        if stored_total >= total or time.perf_counter() > deadline:
            break
        time.sleep(0.2)
    return {
        "sent": total,
        "clients": clients,
        "failed_requests": len(failures),
        "stored_total": stored_total,
        "stored_today": sum(
            DailyArticleViews.objects.filter(article=article).values_list("count", flat=True)
        ),
        "seconds": round(elapsed, 2),
        "seconds_until_stored": round(time.perf_counter() - started - elapsed, 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=int(os.environ.get("N", "10000")))
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "8")))
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    sys.path.insert(0, str(BASE_DIR))
    os.chdir(BASE_DIR)
    configure(args)
    reset_databases(args)
    build_seconds = prepare_site(args)
    addresses, counted_article = pick_addresses()
    queries = queries_per_request(addresses)

    hits_script = RESULTS / "post.lua"
    # A new reader (address) per request, else all but the first view would not count.
    hits_script.write_text(
        'wrk.method = "POST"\n'
        "request = function()\n"
        "  local headers = {}\n"
        "  for name, value in pairs(wrk.headers) do headers[name] = value end\n"
        '  headers["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." ..\n'
        '    math.random(0, 255) .. "." .. math.random(1, 254)\n'
        "  return wrk.format(nil, nil, headers)\n"
        "end\n"
    )
    results = {}
    memory = {}
    lighthouse = {}
    for cached in (True, False):
        server = Server(page_cache=cached, port=args.port)
        try:
            for name, address in addresses.items():
                if name == "static file" and not cached:
                    continue
                for _ in range(3):
                    get(args.port, address)  # warm caches, renditions, connections
                label = (
                    name
                    if name == "static file"
                    else f"{name} ({'cached' if cached else 'uncached'})"
                )
                results[label] = run_wrk(args.port, address, args.duration)
                results[label]["queries"] = 0 if cached or name == "static file" else queries[name]
                print(f"  {label:28} {results[label]['rps']:9.1f} req/s", flush=True)
                if name == "article" and not cached:
                    # One reader at a time: the latency of a page-cache miss, without queueing.
                    label = "article (uncached, 1 conn.)"
                    results[label] = run_wrk(args.port, address, args.duration, connections=1)
                    results[label]["queries"] = queries[name]
                    # A different article each request: nothing of it cached (the first
                    # reader after a publish, or a crawler walking the archive).
                    label = f"{MANY_ARTICLES} articles (uncached)"
                    results[label] = run_wrk(args.port, "/", args.duration, MANY_SCRIPT)
                    results[label]["queries"] = None
                    print(f"  {label:28} {results[label]['rps']:9.1f} req/s", flush=True)
            if cached:
                # Exactness first: requests wrk leaves queued would still land afterwards.
                exactness = exact_count_check(args.port, counted_article)
                hit_address = f"/hits/{counted_article.article_number}/"
                results["view count"] = run_wrk(args.port, hit_address, args.duration, hits_script)
                results["view count"]["queries"] = None
            if cached and not args.no_lighthouse:
                for name in ("home", "article"):
                    lighthouse[name] = run_lighthouse(args.port, addresses[name], name)
                    print(f"  lighthouse {name}: {lighthouse[name]['scores']}", flush=True)
            memory["cached" if cached else "uncached"] = server.worker_peak_memory_mb()
        finally:
            server.stop()

    static_rps = results["static file"]["rps"]
    for row in results.values():
        row["ratio_to_static"] = round(row["rps"] / static_rps, 3)
    report = {
        "database": "postgresql+redis" if args.postgres else "sqlite+locmem",
        "articles": args.articles,
        "corpus_build_seconds": round(build_seconds, 1),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "wrk": f"2 threads, 32 connections, {args.duration}s per address",
        "results": results,
        "view_count_exactness": exactness,
        "peak_worker_memory_mb": memory,
        "lighthouse_mobile": lighthouse,
    }
    out = RESULTS / f"pages-{'postgres' if args.postgres else 'sqlite'}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print_table(report)
    print(f"\nJSON: {out}")


def print_table(report):
    print(f"\n{report['database']}, {report['articles']} articles, {report['machine']}")
    print(f"wrk: {report['wrk']}\n")
    print(f"| {'address':28} | req/s | p50 ms | p99 ms | × static | queries |")
    print(f"| {'-' * 28} | ---: | ---: | ---: | ---: | ---: |")
    for name, row in report["results"].items():
        queries = "" if row["queries"] is None else row["queries"]
        print(
            f"| {name:28} | {row['rps']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} "
            f"| {row['ratio_to_static']:.2f} | {queries} |"
        )
    exact = report["view_count_exactness"]
    print(
        f"\nview counts: {exact['sent']} sent by {exact['clients']} clients, "
        f"{exact['stored_total']} stored (today: {exact['stored_today']}), "
        f"{exact['failed_requests']} failed, {exact['seconds']} s "
        f"(all written {exact['seconds_until_stored']} s later)"
    )
    print(f"peak worker memory (MB): {report['peak_worker_memory_mb']}")
    for name, result in report["lighthouse_mobile"].items():
        print(
            f"lighthouse (mobile) {name}: {result['scores']}, "
            f"{result['bytes_before_images'] / 1024:.0f} KB before images, "
            f"other hosts: {result['other_hosts'] or 'none'}"
        )


if __name__ == "__main__":
    main()
