"""`make bench-video`: the demo's video article under load, cached and uncached.

The same machinery as `make bench` (bench/pages.py: production settings, gunicorn with
2 workers, wrk on 127.0.0.1), on a smaller corpus (VIDEO_N articles, default 2,000) so
it runs in a few minutes; the static file is measured alongside as the ceiling. Writes
bench/results/video-<db>.json.

    python bench/video.py [--articles N] [--postgres] [--duration SECONDS]
"""

import argparse
import json
import os
import platform
import shutil
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import pages  # noqa: E402 - after the repository is on the path


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=int(os.environ.get("VIDEO_N", "2000")))
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "8")))
    parser.add_argument("--port", type=int, default=18767)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    os.chdir(BASE_DIR)
    pages.configure(args)
    pages.reset_databases(args)
    build_seconds = pages.prepare_site(args)

    from django.contrib.staticfiles.storage import staticfiles_storage

    from video.demo import DEMO_VIDEO_ARTICLE_NUMBER

    article = f"/gsyl/taiyuan/{DEMO_VIDEO_ARTICLE_NUMBER}.html"
    addresses = {"static file": staticfiles_storage.url("css/site.css"), "video article": article}
    queries = pages.queries_per_request({"video article": article})
    results = {}
    for cached in (True, False):
        server = pages.Server(page_cache=cached, port=args.port)
        try:
            for name, address in addresses.items():
                if name == "static file" and not cached:
                    continue
                for _ in range(3):
                    pages.get(args.port, address)  # warm caches, renditions, connections
                label = (
                    name
                    if name == "static file"
                    else f"{name} ({'cached' if cached else 'uncached'})"
                )
                results[label] = pages.run_wrk(args.port, address, args.duration)
                results[label]["queries"] = (
                    0 if cached or name == "static file" else queries["video article"]
                )
                print(f"  {label:28} {results[label]['rps']:9.1f} req/s", flush=True)
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
    }
    out = pages.RESULTS / f"video-{'postgres' if args.postgres else 'sqlite'}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"\n{report['database']}, {report['articles']} articles, {report['machine']}")
    print(f"wrk: {report['wrk']}\n")
    print(f"| {'address':28} | req/s | p50 ms | p99 ms | × static | queries |")
    print(f"| {'-' * 28} | ---: | ---: | ---: | ---: | ---: |")
    for name, row in results.items():
        print(
            f"| {name:28} | {row['rps']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} "
            f"| {row['ratio_to_static']:.2f} | {row['queries']} |"
        )
    print(f"\nJSON: {out}")


if __name__ == "__main__":
    main()
