"""`make bench-login`: what password guessing costs the readers, and what a login tells.

Starts the application with production settings under gunicorn (2 workers, real Argon2),
as `make bench` does, and measures the cached home page with wrk:

1. alone;
2. while 4 loops post wrong passwords for one account to /admin/login/, each with the
   CSRF token of the login page as a real attacker would — with the lock-out and the
   rate limit switched off (bench/login_unprotected.py), as before they existed;
3. the same loops against the real settings, wrk starting at the first refused guess
   (the guesses hashed before the lock-out are counted);
4. the same loops, each guess from a new address (a botnet; the server trusts
   X-Forwarded-For here so the bench can pretend), where neither rule applies.

Then, on a quiet server, the login and password-reset answers for an existing and an
unknown account (timing: they must not tell which exists). Prints a table and writes
bench/results/login-<db>.json.

    python bench/login.py [--postgres] [--duration SECONDS]
"""

import argparse
import http.client
import itertools
import json
import os
import platform
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.pages import BROWSER_UA, RESULTS, Server, configure, get  # noqa: E402

PG_URL = "postgres://postgres@127.0.0.1:5432/dayuan_bench_login"
REDIS_URL = "redis://127.0.0.1:6379/8"
SQLITE_PATH = RESULTS / "login.sqlite3"
USERNAME = "editor"
EMAIL = "editor@bench.example"
LOOPS = 4
PERCENTILES_SCRIPT = RESULTS / "percentiles.lua"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def prepare(args):
    configure(args)
    if args.postgres:
        import psycopg
        import redis

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
            db.execute("DROP DATABASE IF EXISTS dayuan_bench_login WITH (FORCE)")
            db.execute("CREATE DATABASE dayuan_bench_login")
        redis.Redis.from_url(REDIS_URL).flushdb()
        os.environ.update(DATABASE_URL=PG_URL, REDIS_URL=REDIS_URL)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    # The reset form only exists with a mail server; the bench runs its own (SmtpSink).
    os.environ.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(args.smtp_port))

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import get_hasher
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", "--no-index", "--without-accounts", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    get_user_model().objects.create_user(USERNAME, email=EMAIL, password=os.urandom(16).hex())
    PERCENTILES_SCRIPT.write_text(
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format("PERCENTILES %d %d %d %d %d\\n", latency:percentile(50),\n'
        "    latency:percentile(95), latency:percentile(99), summary.requests,\n"
        "    summary.errors.status))\n"
        "end\n"
    )
    return get_hasher().algorithm


class SmtpSink(socketserver.ThreadingTCPServer):
    """A mail server that accepts everything and counts the messages (no outside host)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port):
        self.messages = []
        super().__init__(("127.0.0.1", port), SmtpHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 bench ESMTP")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith("DATA"):
                self.reply("354 go ahead")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                self.server.messages.extend(recipients)
                recipients = []
                self.reply("250 queued")
            elif command.startswith("RCPT"):
                recipients.append(command)
                self.reply("250 ok")
            elif command.startswith("QUIT"):
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


def worker_cpu_seconds(server):
    children = subprocess.run(
        ["ps", "--ppid", str(server.process.pid), "-o", "pid="],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    total = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def wrk_home(port, duration, connections=8):
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "-s",
            str(PERCENTILES_SCRIPT),
            "-H",
            f"User-Agent: {BROWSER_UA}",
            f"http://127.0.0.1:{port}/",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    p50, p95, p99, requests, errors = map(int, re.search(r"PERCENTILES (.+)", output)[1].split())
    return {
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "p99_ms": p99 / 1000,
        "rps": round(requests / duration, 1),
        "non_2xx": errors,
    }


def login_form(connection, headers):
    """GET the login page: the CSRF cookie and the form's token, as a browser gets them."""
    connection.request("GET", "/admin/login/", headers=headers)
    response = connection.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", ""))[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
    return cookie, token


class GuessLoop(threading.Thread):
    """Wrong passwords for one account, as fast as the server answers, until stopped."""

    def __init__(self, port, stop, refused, new_address=None):
        super().__init__(daemon=True)
        self.port, self.stop, self.refused, self.new_address = port, stop, refused, new_address
        self.outcomes = {"hashed (200)": 0, "locked (429)": 0, "throttled (429)": 0, "other": 0}
        self.seconds = []

    def headers(self):
        headers = {"User-Agent": "Mozilla/5.0 (guessing)"}
        if self.new_address:
            headers["X-Forwarded-For"] = self.new_address()
        return headers

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        cookie, token = login_form(connection, self.headers())
        for number in itertools.count():
            if self.stop.is_set():
                break
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "username": USERNAME,
                    "password": f"guess-{id(self)}-{number}",
                    "next": "/admin/",
                }
            )
            headers = {
                **self.headers(),
                "Cookie": f"csrftoken={cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            started = time.perf_counter()
            connection.request("POST", "/admin/login/", body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            self.seconds.append(time.perf_counter() - started)
            if response.status == 200:
                self.outcomes["hashed (200)"] += 1
            elif response.status == 429 and "登录已暂时锁定" in text:
                self.outcomes["locked (429)"] += 1
                self.refused.set()
            elif response.status == 429:
                self.outcomes["throttled (429)"] += 1
                self.refused.set()
            else:
                self.outcomes["other"] += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.close()


def counted_failures():
    from django.db.models import Sum

    from axes.models import AccessAttempt

    return AccessAttempt.objects.aggregate(total=Sum("failures_since_start"))["total"] or 0


def forget_failures():
    from django.core.cache import cache

    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()
    cache.clear()  # the rate limit's counters (Redis; each worker's memory starts empty)


def under_attack(port, duration, new_address=None, after_refusal=False):
    """The home page's latency while LOOPS guessing loops run; what the loops got.

    With `after_refusal`, wrk starts once the server refuses the first guess: the home
    page after the lock-out took hold (the guesses before it are counted all the same).
    """
    stop, refused = threading.Event(), threading.Event()
    loops = [GuessLoop(port, stop, refused, new_address) for _ in range(LOOPS)]
    started = time.perf_counter()
    for loop in loops:
        loop.start()
    if after_refusal:
        refused.wait(timeout=120)
    else:
        time.sleep(1)  # the loops are at full speed before wrk starts
    until_refused = round(time.perf_counter() - started, 1) if refused.is_set() else None
    home = wrk_home(port, duration)
    stop.set()
    for loop in loops:
        loop.join(timeout=120)
    outcomes = {key: sum(loop.outcomes[key] for loop in loops) for key in loops[0].outcomes}
    seconds = sorted(second for loop in loops for second in loop.seconds)
    return home, {
        "guesses": sum(outcomes.values()),
        **outcomes,
        "seconds_until_first_refusal": until_refused,
        "login_answer_p50_ms": round(statistics.median(seconds) * 1000, 1) if seconds else None,
    }


def run_server(settings_module, port, **env):
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        server = Server(page_cache=True, port=port)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        os.environ["DJANGO_SETTINGS_MODULE"] = "site_project.settings.production"
    for _ in range(3):
        get(port, "/")  # warm the page cache in both workers
    return server


def phase(name, settings_module, args, new_address=None, after_refusal=False, **env):
    forget_failures()
    server = run_server(settings_module, args.port, **env)
    try:
        cpu_before = worker_cpu_seconds(server)
        if name == "alone":
            home, logins = wrk_home(args.port, args.duration), None
        else:
            home, logins = under_attack(args.port, args.duration, new_address, after_refusal)
        cpu = worker_cpu_seconds(server) - cpu_before
    finally:
        server.stop()
    result = {"home": home, "worker_cpu_seconds": round(cpu, 1)}
    if logins is not None:
        # A guess costs a hash if ModelBackend ran: every failure axes counted; with axes
        # off (the unprotected run) every 200 answer.
        hashes = counted_failures() if settings_module.startswith("site_project") else None
        logins["hashes_computed"] = hashes if hashes is not None else logins["hashed (200)"]
        result["logins"] = logins
    print(
        f"  {name:34} home p50 {home['p50_ms']:7.2f} ms, p95 {home['p95_ms']:7.2f} ms", flush=True
    )
    return result


def timing(args, sink):
    """Login and reset answers for an account that exists and one that does not."""
    addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))
    forget_failures()
    server = run_server(
        "site_project.settings.production",
        args.port,
        CLIENT_IP_HEADER="X-Forwarded-For",
        TRUSTED_PROXY_COUNT="1",
    )
    samples = {
        "login, existing": [],
        "login, unknown": [],
        "reset, existing": [],
        "reset, unknown": [],
    }
    try:
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        cookie, token = login_form(connection, {"User-Agent": BROWSER_UA})
        connection.request(
            "GET", "/admin/password_reset/", headers={"Cookie": f"csrftoken={cookie}"}
        )
        reset_page = connection.getresponse()
        reset_page.read()
        assert reset_page.status == 200, "password reset is off: EMAIL_HOST not seen"

        def post(path, fields):
            body = urlencode({"csrfmiddlewaretoken": token, **fields})
            headers = {
                "User-Agent": BROWSER_UA,
                "Cookie": f"csrftoken={cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": next(addresses),
            }
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status, (time.perf_counter() - started) * 1000

        statuses = {}
        for number in range(args.timing_rounds):
            unknown = f"nobody{number}"
            requests = [
                ("login, existing", "/admin/login/", {"username": USERNAME, "password": "x" * 12}),
                ("login, unknown", "/admin/login/", {"username": unknown, "password": "x" * 12}),
                ("reset, existing", "/admin/password_reset/", {"email": EMAIL}),
                ("reset, unknown", "/admin/password_reset/", {"email": f"{unknown}@bench.example"}),
            ]
            if number % 2:  # neither kind always goes first
                requests = [requests[1], requests[0], requests[3], requests[2]]
            for key, path, fields in requests:
                status, milliseconds = post(path, fields)
                statuses.setdefault(key, set()).add(status)
                samples[key].append(milliseconds)
                # Let a reset's background work finish: it must not slow the next sample.
                time.sleep(0.3)
        time.sleep(2)  # the background thread's mails reach the sink
        connection.close()
    finally:
        server.stop()
    result = {
        key: {
            "median_ms": round(statistics.median(values), 2),
            "p90_ms": round(sorted(values)[int(len(values) * 0.9) - 1], 2),
            "statuses": sorted(statuses[key]),
        }
        for key, values in samples.items()
    }
    result["reset_mails_received"] = len(sink.messages)
    for key, row in result.items():
        if key != "reset_mails_received":
            print(f"  {key:34} median {row['median_ms']:7.2f} ms {row['statuses']}", flush=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "15")))
    parser.add_argument("--timing-rounds", type=int, default=30)
    parser.add_argument("--port", type=int, default=18770)
    parser.add_argument("--smtp-port", type=int, default=18771)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    os.chdir(BASE_DIR)
    hasher = prepare(args)
    load_at_start = round(os.getloadavg()[0], 1)
    sink = SmtpSink(args.smtp_port)
    botnet = (f"172.{n // 65536 % 16 + 16}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))
    botnet_lock = threading.Lock()

    def new_address():
        with botnet_lock:
            return next(botnet)

    protected = "site_project.settings.production"
    results = {
        "alone": phase("alone", protected, args),
        "4 loops, no lock-out or rate limit": phase(
            "4 loops, no lock-out or rate limit", "bench.login_unprotected", args
        ),
        "4 loops, one address, after the lock-out": phase(
            "4 loops, one address, after the lock-out", protected, args, after_refusal=True
        ),
        "4 loops, a new address per guess": phase(
            "4 loops, a new address per guess",
            protected,
            args,
            new_address=new_address,
            CLIENT_IP_HEADER="X-Forwarded-For",
            TRUSTED_PROXY_COUNT="1",
        ),
    }
    report = {
        "database": "postgresql+redis" if args.postgres else "sqlite+locmem",
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "password_hasher": hasher,
        # Other work on the machine shows in every figure.
        "load_average_1min": {"start": load_at_start, "end": round(os.getloadavg()[0], 1)},
        "gunicorn": "2 sync workers",
        "wrk": f"home page, 2 threads, 8 connections, {args.duration}s",
        "guessing_loops": LOOPS,
        "phases": results,
        "timing": timing(args, sink),
    }
    out = RESULTS / f"login-{'postgres' if args.postgres else 'sqlite'}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print_table(report)
    print(f"\nJSON: {out}")


def print_table(report):
    print(f"\n{report['database']}, {report['machine']}, {report['password_hasher']}")
    print(f"wrk: {report['wrk']}; {report['guessing_loops']} guessing loops")
    print(f"load average (1 min) at start and end: {report['load_average_1min']}\n")
    print(
        "| phase | home p50 ms | home p95 ms | home req/s | guesses | hashed | refused "
        "| worker CPU s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, row in report["phases"].items():
        home, logins = row["home"], row.get("logins")
        if logins:
            refused = logins["locked (429)"] + logins["throttled (429)"]
            counts = f"{logins['guesses']} | {logins['hashes_computed']} | {refused}"
        else:
            counts = "– | – | –"
        print(
            f"| {name} | {home['p50_ms']:.2f} | {home['p95_ms']:.2f} | {home['rps']:.0f} "
            f"| {counts} | {row['worker_cpu_seconds']} |"
        )
    print("\n| request | median ms | p90 ms | status |")
    print("| --- | ---: | ---: | --- |")
    for key, row in report["timing"].items():
        if key != "reset_mails_received":
            print(f"| {key} | {row['median_ms']} | {row['p90_ms']} | {row['statuses']} |")
    mails = report["timing"]["reset_mails_received"]
    print(f"\nreset mails received by the local mail server: {mails}")


if __name__ == "__main__":
    main()
