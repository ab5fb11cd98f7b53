"""Talking to the running stack (`make stack`): readers, an editor's admin session, and the
stack's own `manage.py`.

Everything goes over real sockets to nginx, as a browser's requests would: the front cache,
both app servers, PostgreSQL and Redis answer. The stack's address is STACK_HOST and
STACK_PORT, as for `make stack`; its environment (database, Redis, SECRET_KEY) comes from
`deploy/stack.py env`.
"""

import http.client
import json
import os
import re
import secrets
import shlex
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
STACK_HOST = os.environ.get("STACK_HOST", "localhost")
STACK_PORT = int(os.environ.get("STACK_PORT", "8080"))
# What the Host header of a reader's browser says: nginx's canonical name, with the port.
HOST_HEADER = f"{STACK_HOST}:{STACK_PORT}"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
FRONT_CACHE = "X-Front-Cache"
# The two gunicorn app servers behind nginx (deploy/stack.py), two workers each.
APP_SERVERS = (8001, 8002)
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: list
    body: bytes

    def header(self, name, default=None):
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return default

    def all_headers(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def front_cache(self):
        return self.header(FRONT_CACHE)

    @property
    def location(self):
        return self.header("Location")


def request(
    method,
    path,
    *,
    headers=None,
    body=None,
    host=HOST_HEADER,
    source=None,
    connection=None,
    timeout=30,
    port=STACK_PORT,
):
    """One request to nginx; `source` binds the client socket (127.0.0.N: another reader).

    `connection` reuses a keep-alive connection (an `http.client.HTTPConnection`); `port`
    asks an app server directly instead (APP_SERVERS).
    """
    sent = {"User-Agent": BROWSER_UA}
    if host is not None:
        sent["Host"] = host
    sent.update(headers or {})
    own = connection is None
    if own:
        connection = http.client.HTTPConnection(
            "127.0.0.1",
            port,
            timeout=timeout,
            source_address=(source, 0) if source else None,
        )
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in sent.items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return Response(response.status, response.getheaders(), response.read())
    finally:
        if own:
            connection.close()


def get(path, **kwargs):
    return request("GET", path, **kwargs)


def wait_until(check, timeout, interval=0.02):
    """Call `check` until it returns something true, or `timeout` seconds pass.

    Returns (the value, seconds taken); the value is the last false one on timeout.
    """
    started = time.monotonic()
    while True:
        value = check()
        elapsed = time.monotonic() - started
        if value or elapsed > timeout:
            return value, elapsed
        time.sleep(interval)


# The stack's own manage.py -------------------------------------------------------------


def stack_environment():
    """The environment the stack's processes run with (`deploy/stack.py env`)."""
    result = subprocess.run(
        [PYTHON, str(BASE_DIR / "deploy" / "stack.py"), "env"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"deploy/stack.py env failed: {result.stderr.strip()}")
    env = {}
    for line in result.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = shlex.split(value)[0]  # undoes the shlex.quote of `env`
    return env


def manage(*args, env, timeout=300):
    """`manage.py <args>` against the stack's database and Redis; its output."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


# One Django process on the stack's settings, kept open: each `run` is a few milliseconds,
# where a `manage.py shell` would take seconds to start. A line of JSON in, a line out.
CONSOLE_PROGRAM = """
import json, sys, traceback
# Answers alone on stdout: whatever Django prints goes to stderr.
answers, sys.stdout = sys.stdout, sys.stderr
import django
django.setup()
from django.db import close_old_connections
namespace = {}
for line in sys.stdin:
    code = json.loads(line)
    namespace["result"] = None
    close_old_connections()  # a connection from before a database restart is dropped
    try:
        exec(code, namespace)
        answer = {"ok": True, "value": namespace["result"]}
    except Exception:
        answer = {"ok": False, "error": traceback.format_exc()}
    answers.write(json.dumps(answer, default=str) + "\\n")
    answers.flush()
"""


class Console:
    """Python run inside the stack's Django: `console.run(code)` returns what the code
    assigned to `result` (JSON-able)."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [PYTHON, "-c", CONSOLE_PROGRAM],
            cwd=BASE_DIR,
            env={**os.environ, **env, "PYTHONPATH": str(BASE_DIR)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, code):
        self.process.stdin.write(json.dumps(code) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the stack's console exited")
        answer = json.loads(line)
        if not answer["ok"]:
            raise RuntimeError(f"in the stack's console:\n{answer['error']}")
        return answer["value"]

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


# An editor's admin session -------------------------------------------------------------


@dataclass
class Session:
    """A browser's cookie jar over real requests to nginx (admin, comments)."""

    cookies: dict = field(default_factory=dict)
    source: str | None = None

    def request(self, method, path, *, fields=None, headers=None):
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"http://{HOST_HEADER}"
            sent["Referer"] = f"http://{HOST_HEADER}{path}"
        response = request(method, path, headers=sent, body=body, source=self.source)
        for header in response.all_headers("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, fields, **kwargs):
        """POST a form (a dict, or a QueryDict such as Wagtail's `nested_form_data`) with
        the CSRF token Django gave this session."""
        pairs = list(fields.lists()) if hasattr(fields, "lists") else list(fields.items())
        return self.request(
            "POST", path, fields=[("csrfmiddlewaretoken", self.csrf_token()), *pairs], **kwargs
        )

    def csrf_token(self):
        if "csrftoken" not in self.cookies:
            self.get("/admin/login/")
        return self.cookies["csrftoken"]

    def follow(self, response, limit=5):
        while response.status in (301, 302, 303) and limit:
            response = self.get(urlsplit(response.location).path + _query(response.location))
            limit -= 1
        return response


def _query(url):
    query = urlsplit(url).query
    return f"?{query}" if query else ""


def totp_code(key_hex, steps_ahead=0):
    """What the user's phone shows: django-otp's own TOTP over the device's key."""
    from django_otp.oath import TOTP

    token = TOTP(bytes.fromhex(key_hex), drift=steps_ahead)
    return f"{token.token():06d}"


def sign_in(session, username, password, key_hex):
    """The admin's password form, then the second step with the phone's code.

    Returns the response of the admin's front page, after both steps.
    """
    form = session.get("/admin/login/")
    assert form.status == 200, form.status
    response = session.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    assert response.status == 302, (response.status, response.text[:2000])
    response = session.follow(response)
    if (
        "/admin/two-factor/verify/" in response.text
        or response.status == 200
        and ('name="code"' in response.text)
    ):
        # A code is accepted once per 30-second step: on a repeat within the same step
        # the phone's next code is the one django-otp still takes.
        for steps_ahead in (0, 1):
            response = session.post(
                "/admin/two-factor/verify/",
                {"code": totp_code(key_hex, steps_ahead), "next": "/admin/"},
            )
            if response.status == 302:
                break
        assert response.status == 302, (response.status, response.text[:2000])
        response = session.follow(response)
    assert response.status == 200 and "/admin/logout/" in response.text, response.status
    return response


def create_editor(console, *, superuser=True):
    """A superuser with a confirmed authenticator, in the stack's database.

    Returns (username, password, key as hex) for `sign_in`.
    """
    username = f"stack-editor-{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    created = console.run(
        "from django.contrib.auth import get_user_model\n"
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        f"user = get_user_model().objects.create_user({username!r}, password={password!r},"
        f" is_staff=True, is_superuser={superuser!r}, first_name='测试编辑')\n"
        "device = TOTPDevice.objects.create(user=user, name='手机', confirmed=True)\n"
        "result = {'key': device.key, 'id': user.pk}\n"
    )
    return username, password, created["key"]


# Load ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    at: float  # seconds since the load started
    method: str
    path: str
    status: int | None  # None: no answer (the connection failed)
    error: str = ""
    headers: list = field(default_factory=list)

    def header(self, name):
        return Response(self.status or 0, self.headers, b"").header(name)


class Load:
    """Readers in threads, each on its own keep-alive connection to nginx, going round
    `requests` ((method, path, headers) triples) for `seconds`. `outcomes` holds every
    answer, and every request that got none."""

    def __init__(self, requests, seconds, threads=8):
        self.requests = requests
        self.seconds = seconds
        self.outcomes = []
        self.threads = [
            threading.Thread(target=self._reader, args=(index,), daemon=True)
            for index in range(threads)
        ]
        self.started = None

    def start(self):
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()
        return self

    def join(self):
        for thread in self.threads:
            thread.join(self.seconds + 120)
        return self.outcomes

    def elapsed(self):
        return time.monotonic() - self.started

    def _reader(self, index):
        connection = None
        # Readers start spread over the list, so a short load still asks for each request.
        turn = index * len(self.requests) // len(self.threads)
        while self.elapsed() < self.seconds:
            method, path, headers = self.requests[turn % len(self.requests)]
            turn += 1
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", STACK_PORT, timeout=30)
            at = self.elapsed()
            try:
                response = request(method, path, headers=headers, connection=connection)
            except (http.client.HTTPException, OSError) as error:
                self.outcomes.append(Outcome(at, method, path, None, repr(error)))
                connection.close()
                connection = None
                continue
            self.outcomes.append(Outcome(at, method, path, response.status, "", response.headers))
            if response.header("Connection", "").lower() == "close":
                connection.close()
                connection = None
        if connection is not None:
            connection.close()


def failures(outcomes):
    """Requests that got no answer or a 5xx."""
    return [o for o in outcomes if o.status is None or o.status >= 500]
