"""`make bench-galleries`: a gallery's address and one photo's address under load.

Builds the demo site (its gallery of six photos) plus a gallery of 50 photos in a fresh
database, starts the application with production settings under gunicorn (2 workers), as
`make bench` does, and measures each address with wrk, with the page cache on and off.
Prints a table and writes bench/results/galleries-<db>.json.

    python bench/galleries.py [--postgres] [--duration SECONDS]
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

from bench import pages  # noqa: E402 - the path above first

SQLITE = pages.RESULTS / "galleries.sqlite3"
PG_NAME = "dayuan_bench_galleries"
BIG_GALLERY = 50


def configure(args):
    env = pages.configure(args)
    if args.postgres:
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"
    return env


def reset_databases(args):
    if args.postgres:
        import psycopg
        import redis

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            db.execute(f"CREATE DATABASE {PG_NAME}")
        redis.Redis.from_url(pages.REDIS_URL).flushdb()
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)


def prepare_site():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", "--no-index", "--without-accounts", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)

    from galleries.demo import demo_photo_image
    from galleries.models import GalleryImage, GalleryPage
    from news.models import SectionPage

    demo = GalleryPage.objects.live().first()
    big = GalleryPage(title="五十张图片的图集", summary="基准测试用的大图集。")
    big.gallery_images = [
        GalleryImage(image=demo_photo_image(index % 6), caption=f"第{index + 1}张")
        for index in range(BIG_GALLERY)
    ]
    SectionPage.objects.get(slug="xinzhou").add_child(instance=big)
    big.save_revision().publish()
    # Every rendition the pages show, made now: the first reader of a new 50-photo gallery
    # would wait for about 450 of them (docs/galleries.md), which is not what is measured.
    demo.photos()
    big.photos()
    return {
        "gallery (6 photos)": demo.url,
        "photo 4 of 6": demo.photo_url(4),
        f"gallery ({BIG_GALLERY} photos)": big.url,
        f"photo {BIG_GALLERY} of {BIG_GALLERY}": big.photo_url(BIG_GALLERY),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "8")))
    parser.add_argument("--port", type=int, default=18767)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    os.chdir(BASE_DIR)
    configure(args)
    reset_databases(args)
    addresses = prepare_site()
    results = {}
    for cached in (True, False):
        server = pages.Server(page_cache=cached, port=args.port)
        try:
            for name, address in addresses.items():
                for _ in range(3):
                    response = pages.get(args.port, address)  # warm caches and renditions
                    assert response.status == 200, (address, response.status)
                label = f"{name} ({'cached' if cached else 'uncached'})"
                results[label] = pages.run_wrk(args.port, address, args.duration)
        finally:
            server.stop()
    database = "PostgreSQL + Redis" if args.postgres else "SQLite"
    report = {
        "database": database,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "results": results,
    }
    name = "postgresql" if args.postgres else "sqlite"
    (pages.RESULTS / f"galleries-{name}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2)
    )
    print(f"\n{database}, {report['machine']}")
    print(f"{'address':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for label, row in results.items():
        print(
            f"{label:<34} {row['rps']:>9.0f} {row['p50_ms']:>8.1f}"
            f" {row['p99_ms']:>8.1f} {row['errors']:>7}"
        )


if __name__ == "__main__":
    main()
