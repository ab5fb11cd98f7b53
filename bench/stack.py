"""`make bench-stack`: the production stack (`make stack`) under load, side by side in one run.

- An article through the front cache (nginx proxy_cache, HIT) against nginx serving the
  same HTML as a static file: a second nginx with the stack's settings and log format,
  measured in alternating rounds so a busy machine weighs on both alike.
- Publish to fresh: 20 publishes of a cached article (`revision.publish()` in the stack's
  Django, the purges included), each timed until the new title comes through nginx.
- The front cache's hit ratio under a Zipf load (s = 1) over N articles, from cold.
- Requests per second with the front cache bypassed (an editor cookie), and how many
  each app server answered (the "upstream" of nginx's JSON access log).

The articles are a synthetic corpus (bench/page_corpus.py) written once into the stack's
database. wrk: 2 threads, 32 connections, as in bench/pages.py. Prints a table and writes
bench/results/stack.json.

    python bench/stack.py [--articles N] [--duration SECONDS] [--rounds R]
"""

import argparse
import bisect
import datetime
import http.client
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.pages import RESULTS, run_wrk  # noqa: E402
from tests.stack.client import (  # noqa: E402
    APP_SERVERS,
    STACK_PORT,
    Console,
    get,
    stack_environment,
    wait_until,
)

STATE = Path(os.environ.get("STACK_DIR", BASE_DIR / ".stack"))
ACCESS_LOG = STATE / "logs" / "nginx.access.log"
CORPUS_MARKER = STATE / "bench-corpus.json"
STATIC_PORT = STACK_PORT + 10
PUBLISHES = 20
ZIPF_EXPONENT = 1.0
ZIPF_SAMPLES = 200_000
SEED = 20261130


def say(message):
    print(f"[bench-stack] {message}", flush=True)


# The corpus ----------------------------------------------------------------------------


def ensure_corpus(console, count):
    """`count` synthetic articles in the stack's database, written once.

    Returns (the first one's article number, their addresses).
    """
    if CORPUS_MARKER.exists():
        corpus = json.loads(CORPUS_MARKER.read_text())
        if corpus["articles"] >= count:
            return corpus["first"], corpus_urls(console, corpus["first"], count)
    say(f"writing {count} articles into the stack's database (once)")
    started = time.perf_counter()
    first = console.run(
        "from news.models import ArticlePage\n"
        "from bench.page_corpus import build_corpus\n"
        "from django.db import connection\n"
        "from pagecache.purge import purge_everything\n"
        "highest = ArticlePage.objects.order_by('-article_number')"
        ".values_list('article_number', flat=True).first() or 0\n"
        # A seed of its own: the same seed twice would repeat the pages' translation keys.
        f"build_corpus({count}, seed={SEED} + highest)\n"
        # Planner statistics for the new rows, as after any bulk load.
        "connection.cursor().execute('ANALYZE')\n"
        "purge_everything()\n"
        "result = highest + 1\n"
    )
    CORPUS_MARKER.write_text(json.dumps({"articles": count, "first": first}))
    say(f"corpus written in {time.perf_counter() - started:.0f} s")
    return first, corpus_urls(console, first, count)


def corpus_urls(console, first, count):
    return console.run(
        "from news.models import ArticlePage\n"
        "articles = ArticlePage.objects.live().defer_streamfields().filter("
        f"article_number__gte={first}, article_number__lt={first + count})"
        ".order_by('article_number')\n"
        "result = [article.url for article in articles]\n"
    )


# nginx serving the same page as a file -------------------------------------------------


class StaticServer:
    """A second nginx, configured as the stack's (workers, sendfile, keep-alive, the JSON
    access log), serving one file."""

    def __init__(self, html, port):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="dayuan-bench-static-"))
        (self.folder / "html").mkdir()
        (self.folder / "html" / "article.html").write_bytes(html)
        stack_config = (STATE / "nginx" / "nginx.conf").read_text()
        log_format = re.search(r"log_format dayuan_json.*?';\n", stack_config, re.S)[0]
        # The site's compression settings, for readers whose browser asks for gzip.
        gzip = "".join(re.findall(r"^\s*gzip.*?;\n", stack_config, re.S | re.M))
        user = "user www-data;\n" if os.geteuid() == 0 else ""
        folder = self.folder
        (folder / "nginx.conf").write_text(
            f"""{user}worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 10000;
    server_tokens off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    {log_format}
{gzip}
    server {{
        listen 127.0.0.1:{port};
        access_log {folder}/access.log dayuan_json;
        root {folder}/html;
    }}
}}
"""
        )
        for path in (folder, folder / "html", folder / "html" / "article.html"):
            path.chmod(0o755)
        subprocess.run(["nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)], check=True)
        ok, _seconds = wait_until(lambda: self.answers(), timeout=10, interval=0.1)
        if not ok:
            raise SystemExit(f"the static nginx did not start ({folder / 'error.log'})")

    def answers(self):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            connection.request("GET", "/article.html")
            return connection.getresponse().status == 200
        except OSError:
            return False

    def stop(self):
        subprocess.run(
            ["nginx", "-s", "stop", "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder)],
            check=False,
        )
        time.sleep(0.5)
        shutil.rmtree(self.folder, ignore_errors=True)


# Measurements ----------------------------------------------------------------------------


def log_offset():
    return ACCESS_LOG.stat().st_size


def log_lines_since(offset):
    with ACCESS_LOG.open("rb") as log:
        log.seek(offset)
        return [json.loads(line) for line in log.read().decode(errors="replace").splitlines()]


def warm(path):
    for _ in range(5):
        response = get(path)
        if response.front_cache == "HIT":
            return response
    raise SystemExit(f"{path} is not kept by the front cache ({response.front_cache})")


GZIP = {"Accept-Encoding": "gzip"}


def front_cache_against_static(article, duration, rounds):
    """Alternating rounds: the file, then the cached page; without Accept-Encoding (wrk's
    default), then as a browser asks, with gzip (both servers compress each response)."""
    html = warm(article).body
    static = StaticServer(html, STATIC_PORT)
    gzip_script = lua_headers_script("stack-gzip.lua", GZIP)
    results = {}
    try:
        for encoding, script in (("identity", None), ("gzip", gzip_script)):
            static_rows, front_rows = [], []
            for round_number in range(1, rounds + 1):
                static_rows.append(run_wrk(STATIC_PORT, "/article.html", duration, script))
                warm(article)
                offset = log_offset()
                front_rows.append(run_wrk(STACK_PORT, article, duration, script))
                verdicts = Counter(line["front_cache"] for line in log_lines_since(offset))
                front_rows[-1]["front_cache"] = dict(verdicts)
                say(
                    f"{encoding} round {round_number}: static {static_rows[-1]['rps']:.0f} "
                    f"req/s, front cache {front_rows[-1]['rps']:.0f} req/s {dict(verdicts)}"
                )
            results[encoding] = compared(static_rows, front_rows)
    finally:
        static.stop()
    return {"bytes": len(html), **results}


def compared(static_rows, front_rows):
    # Each round's two runs are seconds apart: their ratio is the least disturbed by
    # whatever else the machine is doing.
    ratios = sorted(
        front["rps"] / static["rps"] for front, static in zip(front_rows, static_rows, strict=True)
    )
    return {
        "static_file": median_row(static_rows),
        "front_cache": median_row(front_rows),
        "ratio": round(statistics.median(ratios), 3),
        "ratio_per_round": [round(ratio, 3) for ratio in ratios],
        "rounds": {"static_file": static_rows, "front_cache": front_rows},
    }


def median_row(rows):
    """The round with the median rate, whole (its latencies go with it)."""
    ordered = sorted(rows, key=lambda row: row["rps"])
    return ordered[len(ordered) // 2]


PUBLISH = """
from news.models import ArticlePage
page = ArticlePage.objects.get(pk={pk})
page.title = {title!r}
page.draft_title = {title!r}
page.save_revision().publish()
"""


def publish_to_fresh(console, article_id, path):
    original = console.run(
        "from news.models import ArticlePage\n"
        f"result = ArticlePage.objects.get(pk={article_id}).title\n"
    )
    timings = []
    try:
        for number in range(1, PUBLISHES + 1):
            warm(path)
            title = f"{original}(第{number}次更新)"
            started = time.monotonic()
            console.run(PUBLISH.format(pk=article_id, title=title))
            published = time.monotonic() - started
            fresh, _seconds = wait_until(lambda t=title: t in get(path).text, timeout=10)
            seconds = time.monotonic() - started
            if not fresh:
                raise SystemExit(f"publish {number} not fresh through nginx after {seconds:.1f} s")
            timings.append({"publish_call_s": round(published, 3), "fresh_s": round(seconds, 3)})
    finally:
        console.run(PUBLISH.format(pk=article_id, title=original))
    fresh = sorted(timing["fresh_s"] for timing in timings)
    return {
        "publishes": len(timings),
        "p50_s": statistics.median(fresh),
        "p95_s": fresh[max(0, round(0.95 * len(fresh)) - 1)],
        "max_s": fresh[-1],
        "publish_call_p50_s": statistics.median(t["publish_call_s"] for t in timings),
        "each": timings,
    }


def zipf_sequence(count, samples, exponent=ZIPF_EXPONENT, seed=SEED):
    """Article indexes drawn with P(rank k) ∝ 1/k^s; ranks shuffled over the articles, so
    popularity does not follow age."""
    rng = random.Random(seed)  # noqa: S311 - benchmark load
    cumulative, total = [], 0.0
    for rank in range(1, count + 1):
        total += 1 / rank**exponent
        cumulative.append(total)
    by_rank = list(range(count))
    rng.shuffle(by_rank)
    return [
        by_rank[min(bisect.bisect_left(cumulative, rng.random() * total), count - 1)]
        for _ in range(samples)
    ]


def lua_paths_script(name, paths, sequence, headers=None):
    """A wrk script walking `sequence` (indexes into `paths`), each thread from its own
    place, with extra `headers`."""
    script = RESULTS / name
    lines = [
        "local paths = {" + ", ".join(json.dumps(path) for path in paths) + "}",
        "local sequence = {" + ", ".join(str(index + 1) for index in sequence) + "}",
        "local threads = 0",
        "function setup(thread) thread:set('id', threads); threads = threads + 1 end",
        "function init(args) n = id * math.floor(#sequence / 2) end",
    ]
    for header, value in (headers or {}).items():
        lines.append(f"wrk.headers[{json.dumps(header)}] = {json.dumps(value)}")
    lines += [
        "request = function()",
        "  n = n + 1",
        "  return wrk.format(nil, paths[sequence[(n % #sequence) + 1]])",
        "end",
    ]
    script.write_text("\n".join(lines) + "\n")
    return script


def lua_headers_script(name, headers):
    """A wrk script adding `headers` to each request of the address wrk is given."""
    script = RESULTS / name
    script.write_text(
        "".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n" for k, v in headers.items())
    )
    return script


def purge_front_cache(paths):
    """Forget the pages in the front cache (GET /.purge/<path>, as the app does)."""
    connection = http.client.HTTPConnection("127.0.0.1", STACK_PORT, timeout=10)
    for path in paths:
        connection.request("GET", f"/.purge{path}?", headers={"Host": f"localhost:{STACK_PORT}"})
        connection.getresponse().read()
    connection.close()


ZIPF_WINDOW_SECONDS = 10


def zipf_hit_ratio(urls, duration):
    """From a front cache holding none of the articles: the hit ratio of the whole run and
    of each 10-second window (the last whole one is the closest to a running site's)."""
    sequence = zipf_sequence(len(urls), ZIPF_SAMPLES)
    script = lua_paths_script("stack-zipf.lua", urls, sequence)
    say(f"front cache emptied of the {len(urls)} articles; Zipf load for {duration} s")
    purge_front_cache(urls)
    offset = log_offset()
    row = run_wrk(STACK_PORT, urls[0], duration, script)
    lines = [line for line in log_lines_since(offset) if line["method"] == "GET"]
    verdicts = Counter(line["front_cache"] for line in lines)
    start = parse_time(min(line["time"] for line in lines))
    windows = {}
    for line in lines:
        index = int((parse_time(line["time"]) - start).total_seconds() // ZIPF_WINDOW_SECONDS)
        windows.setdefault(index, Counter())[line["front_cache"]] += 1
    by_window = [
        {
            "from_s": index * ZIPF_WINDOW_SECONDS,
            "requests": sum(counts.values()),
            "hit_ratio": round(counts["HIT"] / sum(counts.values()), 4),
            "to_app_per_s": round((sum(counts.values()) - counts["HIT"]) / ZIPF_WINDOW_SECONDS, 1),
        }
        for index, counts in sorted(windows.items())
    ]
    # The last window may be a fraction of one; the one before it is whole.
    last_whole = by_window[-2] if len(by_window) > 1 else by_window[-1]
    # An article's first request is a miss whatever the cache does; each later one should
    # be a hit (the page stays for its s-maxage, 300 s, longer than the run).
    seen, repeats = set(), Counter()
    for line in lines:
        if line["uri"] in seen:
            repeats[line["front_cache"]] += 1
        seen.add(line["uri"])
    return {
        **row,
        "articles": len(urls),
        "zipf_exponent": ZIPF_EXPONENT,
        "seconds": duration,
        "requests": len(lines),
        "distinct_articles_requested": len(seen),
        "front_cache": dict(verdicts),
        "hit_ratio": round(verdicts["HIT"] / len(lines), 4),
        "hit_ratio_last_window": last_whole["hit_ratio"],
        "hit_ratio_of_repeat_requests": round(repeats["HIT"] / max(1, sum(repeats.values())), 4),
        "repeat_requests": dict(repeats),
        "windows": by_window,
        "expected_hit_ratio": expected_hit_ratios(len(urls)),
    }


def expected_hit_ratios(count, exponent=ZIPF_EXPONENT):
    """The hit ratio a site would see with R article reads per s-maxage (300 s), when every
    read but an article's first in that time is a hit: 1 - E[distinct articles] / R.

    The run above checks that premise on the real stack; how many reads there are is the
    site's traffic, not the cache's doing (this machine's app servers render ~10 articles
    a second under the other loads, which is what bounds the closed-loop run).
    """
    weights = [1 / rank**exponent for rank in range(1, count + 1)]
    total = sum(weights)
    expected = {}
    for reads in (10_000, 100_000, 1_000_000):
        distinct = sum(1 - (1 - weight / total) ** reads for weight in weights)
        expected[str(reads)] = round(1 - distinct / reads, 4)
    return expected


def parse_time(text):
    return datetime.datetime.fromisoformat(text)


def bypassed(paths, duration):
    """Every request carries an editor cookie: nginx passes it to an app server, and the app
    (its signature wrong) answers from its own page cache."""
    cookie = {"Cookie": "dayuan_editor=bench-bypass"}
    for path in paths:
        get(path, headers=cookie)  # in the app's own cache
    script = lua_paths_script("stack-bypass.lua", paths, list(range(len(paths))), cookie)
    offset = log_offset()
    row = run_wrk(STACK_PORT, paths[0], duration, script)
    lines = log_lines_since(offset)
    row["front_cache"] = dict(Counter(line["front_cache"] for line in lines))
    row["per_app_server"] = dict(Counter(line["upstream"] for line in lines))
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=int(os.environ.get("N", "10000")))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "8")))
    parser.add_argument("--zipf-duration", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    try:
        get("/")
    except OSError:
        raise SystemExit("The stack is not up: make stack (make bench-stack runs it)") from None
    RESULTS.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    console = Console(stack_environment())
    try:
        first, urls = ensure_corpus(console, args.articles)
        demo = console.run(
            "from news.models import ArticlePage\n"
            "article = ArticlePage.objects.live().filter(featured_image__isnull=False)"
            ".order_by('article_number').defer_streamfields().first()\n"
            "result = {'url': article.url}\n"
        )
        published = console.run(
            "from news.models import ArticlePage\n"
            f"article = ArticlePage.objects.get(article_number={first})\n"
            "result = {'id': article.pk, 'url': article.url}\n"
        )
        say(f"article {demo['url']}: through the front cache and as a static file")
        static = front_cache_against_static(demo["url"], args.duration, args.rounds)
        say(f"{PUBLISHES} publishes of {published['url']}")
        publishing = publish_to_fresh(console, published["id"], published["url"])
        zipf = zipf_hit_ratio(urls, args.zipf_duration)
        say("front cache bypassed (editor cookie)")
        bypass = bypassed([demo["url"], "/", "/gsyl/", "/gsyl/xinzhou/", *urls[:4]], args.duration)
        say("one app server alone, no nginx")
        for _ in range(3):
            get(demo["url"], port=APP_SERVERS[0])
        direct = run_wrk(APP_SERVERS[0], demo["url"], args.duration)
    finally:
        console.close()

    report = {
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "wrk": f"2 threads, 32 connections, {args.duration}s per address",
        "article_bytes": static["bytes"],
        "front_cache_vs_static": static,
        "publish_to_fresh": publishing,
        "zipf": zipf,
        "bypassed": bypass,
        "one_app_server_direct": direct,
    }
    out = RESULTS / "stack.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print_table(report)
    print(f"\nJSON: {out}")


def print_table(report):
    static = report["front_cache_vs_static"]
    print(f"\n{report['machine']}; load average {report['load_average']['before'][0]:.1f}")
    print(f"wrk: {report['wrk']}; article {report['article_bytes']} bytes\n")
    print("| measure | req/s | p50 ms | p99 ms | note |")
    print("| --- | ---: | ---: | ---: | --- |")

    def row(name, result, note=""):
        print(
            f"| {name} | {result['rps']:.0f} | {result['p50_ms']:.2f} | {result['p99_ms']:.2f} "
            f"| {note} |"
        )

    for encoding, label in (("identity", "no Accept-Encoding"), ("gzip", "Accept-Encoding: gzip")):
        pair = static[encoding]
        rounds = len(pair["ratio_per_round"])
        row(
            f"article, nginx static file, {label}",
            pair["static_file"],
            f"median of {rounds} rounds",
        )
        row(
            f"article, front cache (HIT), {label}",
            pair["front_cache"],
            f"**{pair['ratio']:.2f}×** static: median of the rounds' ratios "
            f"{pair['ratio_per_round']}" + (" (target ≥ 0.8)" if encoding == "identity" else ""),
        )
    zipf = report["zipf"]
    row(
        f"Zipf (s = 1) over {zipf['articles']} articles, {zipf['seconds']} s from cold",
        zipf,
        f"hit ratio **{zipf['hit_ratio']:.1%}**, {zipf['hit_ratio_last_window']:.1%} in the "
        f"last 10 s; {zipf['distinct_articles_requested']} articles asked; of the requests for "
        f"an article asked before, {zipf['hit_ratio_of_repeat_requests']:.2%} hits",
    )
    bypass = report["bypassed"]
    servers = ", ".join(
        f"{name}: {count}" for name, count in sorted(bypass["per_app_server"].items())
    )
    row("front cache bypassed (editor cookie)", bypass, f"per app server: {servers}")
    row("one app server alone (no nginx)", report["one_app_server_direct"], "2 gunicorn workers")
    windows = ", ".join(
        f"{window['from_s']}–{window['from_s'] + ZIPF_WINDOW_SECONDS} s: "
        f"{window['hit_ratio']:.0%} ({window['to_app_per_s']:.0f}/s to the app)"
        for window in zipf["windows"]
    )
    print(f"\nZipf load, front cache hit ratio by 10 s: {windows}")
    expected = ", ".join(
        f"{int(reads):,} reads: {ratio:.1%}" for reads, ratio in zipf["expected_hit_ratio"].items()
    )
    print(f"Zipf, expected hit ratio per 300 s (s-maxage) when every repeat is a hit: {expected}")
    publishing = report["publish_to_fresh"]
    print(
        f"publish to fresh through the front cache, {publishing['publishes']} publishes: "
        f"p50 {publishing['p50_s']:.2f} s, p95 {publishing['p95_s']:.2f} s (target ≤ 1 s), "
        f"max {publishing['max_s']:.2f} s; the publish call itself p50 "
        f"{publishing['publish_call_p50_s']:.2f} s"
    )


if __name__ == "__main__":
    main()
