"""`make bench-distribution`: the worker's push job against a local endpoint.

Queues PUSH_N addresses for both engines (Baidu and IndexNow, each played by a real
http.server in a thread that answers at once), then runs the job as the worker does, once a
"minute", until nothing is due. Reports, per run: wall time, queries, Python memory peak
(tracemalloc) and the process's peak RSS, and the addresses sent per second overall.

    python bench/distribution.py [--n 5000]

A throwaway SQLite test database; never the network beyond 127.0.0.1.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.test")


class Endpoint(BaseHTTPRequestHandler):
    """Baidu's and IndexNow's success answers."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/urls"):
            lines = [line for line in body.split(b"\n") if line]
            answer = json.dumps({"remain": 10**6, "success": len(lines)}).encode()
            self.send_response(200)
        else:
            answer = b""
            self.send_response(202)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="addresses queued per engine")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        from django.conf import settings

        from wagtail.models import Site

        from distribution import pushing
        from distribution.models import MAX_DAILY_QUOTA, PushRecord, PushSettings
        from tests.support.factories import build_site, make_article

        settings.DISTRIBUTION_BAIDU_ENDPOINT = f"{base}/urls"
        tree = build_site()
        site = Site.objects.get(is_default_site=True)
        article = make_article(tree.xinzhou, "推送基准")
        push_settings = PushSettings.for_site(site)
        push_settings.baidu_site, push_settings.baidu_token = "https://www.example.cn", "a" * 16
        push_settings.indexnow_key, push_settings.indexnow_endpoint = "benchkey-1", base
        push_settings.daily_quota = MAX_DAILY_QUOTA
        push_settings.save()
        PushRecord.objects.all().delete()
        now = timezone.now()
        PushRecord.objects.bulk_create(
            (
                PushRecord(
                    site=site,
                    page=article,
                    url=f"http://testserver/gsyl/xinzhou/{number}.html",
                    engine=engine,
                    created_at=now,
                    next_attempt_at=now,
                )
                for number in range(1, args.n + 1)
                for engine in PushRecord.Engine
            ),
            batch_size=1000,
        )
        runs, started = [], time.perf_counter()
        while PushRecord.objects.due().exists():
            tracemalloc.start()
            with CaptureQueriesContext(connection) as queries:
                run_started = time.perf_counter()
                pushing.push_due()
                seconds = time.perf_counter() - run_started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            runs.append((seconds, len(queries), peak))
        total = time.perf_counter() - started
        sent = PushRecord.objects.filter(status=PushRecord.Status.SENT).count()
        per_run = pushing.BATCH_SIZE * pushing.MAX_BATCHES_PER_RUN
        print(f"{args.n} addresses × 2 engines, batches of {pushing.BATCH_SIZE}, ", end="")
        print(f"at most {per_run} per engine per run")
        print(f"worker runs needed: {len(runs)} (one a minute in production)")
        print(f"sent: {sent} in {total:.2f} s = {sent / total:.0f} addresses/s")
        seconds = [run[0] for run in runs]
        print(
            f"per run: median {statistics.median(seconds) * 1000:.0f} ms, "
            f"max {max(seconds) * 1000:.0f} ms"
        )
        print(f"queries per full run: {max(run[1] for run in runs)}")
        print(f"Python memory peak per run: {max(run[2] for run in runs) / 1024:.0f} KiB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process peak RSS: {rss:.0f} MiB")
    finally:
        server.shutdown()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
