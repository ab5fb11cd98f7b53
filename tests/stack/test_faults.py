"""Faults under load: an app server killed, Redis stopped, PostgreSQL stopped for 20 s.

Only the stack's own processes are touched: its gunicorn, and the Redis and PostgreSQL it
started under .stack/ (the tests refuse to run when the stack was given the machine's own
with DATABASE_URL or REDIS_URL). Each test leaves the stack whole again.

The loads send an editor cookie where the app servers must answer: nginx passes such a
request through (BYPASS), and the app, finding the cookie's signature wrong, answers it from
its own page cache, as it would any reader's request that the front cache does not hold.
"""

import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.stack.client import (
    APP_SERVERS,
    BASE_DIR,
    PYTHON,
    STACK_HOST,
    STACK_PORT,
    Load,
    failures,
    get,
    wait_until,
)
from tests.stack.newsroom import warm

pytestmark = pytest.mark.stack

STATE = Path(os.environ.get("STACK_DIR", BASE_DIR / ".stack"))
RUN = STATE / "run"
ACCESS_LOG = STATE / "logs" / "nginx.access.log"
PAGES = ["/", "/gsyl/", "/gsyl/xinzhou/", "/rss.xml"]
BYPASS_COOKIE = "dayuan_editor=stack-load"


def stack_module():
    """deploy/stack.py itself: its own ways of stopping and starting its PostgreSQL."""
    spec = importlib.util.spec_from_file_location("stack", BASE_DIR / "deploy" / "stack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pid_of(pidfile):
    try:
        pid = int(Path(pidfile).read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    return pid


def some_articles(console, count=6):
    return console.run(
        "from news.models import ArticlePage\n"
        "result = [a.url for a in ArticlePage.objects.live().order_by('-publish_time')"
        f".defer_streamfields()[:{count}]]\n"
    )


def marked(agent):
    """A browser's User-Agent with a mark, to find this test's lines in nginx's log."""
    return f"Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 {agent}"


def log_offset():
    return ACCESS_LOG.stat().st_size


def logged(agent, offset):
    """nginx's access log lines of requests with this User-Agent, written after `offset`."""
    with ACCESS_LOG.open("rb") as log:
        log.seek(offset)
        lines = log.read().decode(errors="replace").splitlines()
    return [json.loads(line) for line in lines if agent in line]


def app_server_pids():
    pids = {}
    for index in range(1, len(APP_SERVERS) + 1):
        master = pid_of(RUN / f"gunicorn-{index}.pid")
        workers = subprocess.run(
            ["ps", "--ppid", str(master), "-o", "pid="], capture_output=True, text=True
        ).stdout.split()
        pids[index] = (master, sorted(workers))
    return pids


def stack_up():
    """`make stack` again: starts whatever of the stack is not running."""
    return subprocess.run(
        [PYTHON, str(BASE_DIR / "deploy" / "stack.py"), "up"],
        env={**os.environ, "STACK_PORT": str(STACK_PORT), "STACK_HOST": STACK_HOST},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(autouse=True)
def whole_stack_after_each_test():
    # A fault test that fails half-way must not leave the next one a server short.
    yield
    if not all(pid_of(RUN / f"gunicorn-{index}.pid") for index in (1, 2)):
        stack_up()


def test_killing_an_app_server_under_load_fails_no_request(console):
    master = pid_of(RUN / "gunicorn-1.pid")
    assert master, "app server 1 is not running"
    agent = f"stack-fault-app-{secrets.token_hex(3)}"
    headers = {"Cookie": BYPASS_COOKIE, "User-Agent": marked(agent)}
    paths = PAGES + some_articles(console)
    for path in paths:
        get(path, headers=headers)  # in the app's cache, so the load is all answers
    offset = log_offset()
    load = Load([("GET", path, headers) for path in paths], seconds=10).start()
    time.sleep(3)
    # The whole app server at once, master and workers, as when its machine dies.
    group = os.getpgid(master)
    assert group != os.getpgrp()
    os.killpg(group, signal.SIGKILL)
    killed_at = load.elapsed()
    outcomes = load.join()

    assert not failures(outcomes), failures(outcomes)[:5]
    after = [o for o in outcomes if o.at > killed_at]
    assert len(after) > 50, f"only {len(after)} requests after the kill"
    assert {o.status for o in outcomes} == {200}
    upstreams = Counter(line["upstream"] for line in logged(agent, offset))
    print(f"{len(outcomes)} requests, {len(after)} after the kill; upstreams: {upstreams}")
    assert any(name.startswith("127.0.0.1:8001") for name in upstreams), upstreams

    # `make stack` again brings it back, and nginx sends it requests again.
    result = stack_up()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert pid_of(RUN / "gunicorn-1.pid") not in (None, master)
    assert get("/", port=APP_SERVERS[0]).status == 200
    back = f"stack-fault-back-{secrets.token_hex(3)}"
    offset = log_offset()

    def served_by_both():
        get("/gsyl/", headers={"Cookie": BYPASS_COOKIE, "User-Agent": marked(back)})
        return {line["upstream"] for line in logged(back, offset)} >= {
            "127.0.0.1:8001",
            "127.0.0.1:8002",
        }

    both, seconds = wait_until(served_by_both, timeout=30, interval=0.1)
    assert both, "nginx does not use the restarted app server again"


def redis_address(stack_env):
    parts = urlsplit(stack_env["REDIS_URL"])
    return parts.hostname, parts.port


def redis_answers(address):
    try:
        with socket.create_connection(address, timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def reader_requests(console):
    """What readers and editors ask of the site: pages the front cache holds, the same
    through to the app, pages the app has not cached, a view, the comment and login pages."""
    articles = some_articles(console)
    number = articles[0].rsplit("/", 1)[-1].removesuffix(".html")
    bypass = {"Cookie": BYPASS_COOKIE}
    requests = [("GET", path, {}) for path in PAGES + articles]
    requests += [("GET", path, bypass) for path in PAGES + articles]
    requests += [
        ("GET", f"/gsyl/?page={secrets.randbelow(3) + 2}", {}),
        ("GET", "/search/?q=%E4%BE%9B%E6%9A%96", {}),
        ("GET", f"/comments/{number}/", {}),
        ("GET", "/admin/login/", {}),
        ("POST", f"/hits/{number}/", {"Content-Length": "0"}),
    ]
    return requests


def test_pages_are_served_while_redis_is_down_and_redis_comes_back_on_its_own(console, stack_env):
    supervisor = pid_of(RUN / "redis-supervisor.pid")
    if not supervisor:
        pytest.fail("the stack runs on a Redis it did not start (REDIS_URL): not stopping it")
    address = redis_address(stack_env)
    requests = reader_requests(console)
    for path in PAGES:
        warm(path)

    os.kill(pid_of(RUN / "redis.pid"), signal.SIGTERM)
    down, _seconds = wait_until(lambda: not redis_answers(address), timeout=5)
    assert down, "Redis did not stop"
    outcomes = Load(requests, seconds=3, threads=4).start().join()
    assert not redis_answers(address), "Redis came back before the load ended"

    by_path = Counter((o.method, o.path, o.status) for o in outcomes)
    print(f"while Redis was down: {sorted(by_path.items())}")
    assert not failures(outcomes), sorted(Counter((o.path, o.status) for o in failures(outcomes)))
    asked = {(method, path) for method, path, _headers in requests}
    assert asked <= {(o.method, o.path) for o in outcomes}, "not every request was made"

    back, seconds = wait_until(lambda: redis_answers(address), timeout=20, interval=0.2)
    assert back, "Redis did not come back on its own"
    print(f"Redis answered again {seconds:.1f} s later")
    assert pid_of(RUN / "redis-supervisor.pid") == supervisor

    # The app servers use it again, without a restart: a page is stored in Redis and then
    # answered from it.
    def cached_again():
        response = get("/gsyl/xinzhou/", headers={"Cookie": BYPASS_COOKIE})
        return response.status == 200 and response.header("X-Page-Cache") == "HIT"

    again, seconds = wait_until(cached_again, timeout=30, interval=0.5)
    assert again, "the app does not cache pages in Redis again"


def uncached_page():
    """A listing page nobody asked for yet: the app builds it from the database."""
    return f"/gsyl/?page={secrets.randbelow(10**9) + 1000}"


def test_cached_articles_are_served_while_postgresql_is_down_for_20_seconds(console):
    stack = stack_module()
    if not (STATE / "postgres" / "postmaster.pid").exists():
        pytest.fail(
            "the stack runs on a PostgreSQL it did not start (DATABASE_URL): not stopping it"
        )
    articles = some_articles(console)
    cached = PAGES + articles
    for path in cached:
        warm(path)
    bypass = {"Cookie": BYPASS_COOKIE}
    for path in cached:
        get(path, headers=bypass)
    before = app_server_pids()
    uncached_agent = f"stack-fault-db-{secrets.token_hex(3)}"

    stack.stop_postgres()
    try:
        load = Load([("GET", path, {}) for path in cached], seconds=20, threads=4).start()
        # What the app has to ask the database for answers 503 with Retry-After meanwhile.
        uncached = Load(
            [("GET", uncached_page(), {"User-Agent": marked(uncached_agent)}) for _ in range(50)],
            seconds=20,
            threads=1,
        ).start()
        outcomes = load.join()
        uncached_outcomes = uncached.join()
        assert not (STATE / "postgres" / "postmaster.pid").exists(), "PostgreSQL came back"
    finally:
        stack.start_postgres()

    print(
        f"while PostgreSQL was down: {len(outcomes)} cached pages "
        f"{dict(Counter(o.status for o in outcomes))}, uncached listing pages "
        f"{dict(Counter(o.status for o in uncached_outcomes))}"
    )
    assert len(outcomes) > 100
    assert not failures(outcomes), failures(outcomes)[:5]
    assert uncached_outcomes
    assert {o.status for o in uncached_outcomes} == {503}

    # Back without a restart: pages the app must build from the database answer again,
    # from the same processes.
    def recovered():
        return get(uncached_page()).status == 200

    ok, seconds = wait_until(recovered, timeout=30, interval=0.5)
    assert ok, "the site did not recover"
    print(f"uncached pages answered again {seconds:.1f} s after PostgreSQL started")
    assert app_server_pids() == before
    assert get(articles[0], headers=bypass).status == 200
