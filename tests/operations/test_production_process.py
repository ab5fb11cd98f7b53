"""A production process with PostgreSQL and Redis both unreachable: what it answers and logs.

A real process with the production settings (their LOGGING included), so the log lines
are what journald would get on stdout.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

import pytest

SCRIPT = r"""
import io, json, logging, sys
from wsgiref.util import setup_testing_defaults

from site_project.wsgi import application

def call(path, **extra):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_HOST": "news.example.cn",
               "REMOTE_ADDR": "203.0.113.9", **extra}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO()
    answer = {}
    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)
    body = application(environ, start_response)
    answer["body"] = b"".join(body).decode()
    getattr(body, "close", lambda: None)()
    return answer

# What production must not be flooded with, and what it must keep.
logging.getLogger("django_tasks").info("Task id=1 path=purge state=RUNNING")
logging.getLogger("django.tasks").info("Task id=2 path=purge state=SUCCESSFUL")
logging.getLogger("wagtail.frontendcache").info("[front] Purging URL: http://news.example.cn/")
logging.getLogger("wagtail").info('Published: "x" pk=1 revision_id=1')
logging.getLogger("axes").info("AXES: New login failure by {username: x}.")
logging.getLogger("wagtail").warning("wagtail warning stays")

answers = {
    "healthz": call("/healthz"),
    "readyz": call("/readyz", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef"),
}
sys.stdout.flush()
sys.stderr.write(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def production_run():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(settings.BASE_DIR)),
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "SECRET_KEY": "a-test-key-" + "x" * 50,
        "ALLOWED_HOSTS": "news.example.cn",
        # Nothing listens on port 1: both refuse at once.
        "DATABASE_URL": "postgres://dayuan@127.0.0.1:1/dayuan",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return json.loads(result.stderr.splitlines()[-1]), lines


def test_healthz_answers_with_everything_down(production_run):
    answers, _lines = production_run
    assert answers["healthz"]["status"] == "200 OK"
    assert answers["healthz"]["body"] == "ok\n"


def test_readyz_names_what_failed(production_run):
    answers, _lines = production_run
    assert answers["readyz"]["status"] == "503 Service Unavailable"
    assert answers["readyz"]["headers"]["Cache-Control"] == "no-store"
    assert json.loads(answers["readyz"]["body"]) == {
        "status": "fail",
        "checks": {"database": "unreachable", "cache": "unreachable", "worker": "unknown"},
    }


def test_every_line_is_json_and_the_failed_check_is_one_request_line(production_run):
    _answers, lines = production_run
    requests = [line for line in lines if line["logger"] == "dayuan.requests"]
    # The healthy /healthz is not logged (a balancer asks every few seconds); /readyz is.
    assert len(requests) == 1, lines
    line = requests[0]
    assert line["message"] == "GET /readyz 503"
    assert line["request_id"] == "0123456789abcdef0123456789abcdef"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/readyz", 503)
    assert (line["cache"], line["client"], line["level"]) == ("PASS", "203.0.113.9", "INFO")
    assert isinstance(line["duration_ms"], float)
    assert line["time"].endswith("+00:00")


def test_the_outage_is_logged_once_with_the_request_it_happened_in(production_run):
    _answers, lines = production_run
    outages = [line for line in lines if line["logger"] == "pagecache.backends"]
    assert len(outages) == 1, lines
    assert outages[0]["level"] == "WARNING"
    assert "Redis 缓存 redis://127.0.0.1:1/0 不可用" in outages[0]["message"]
    assert outages[0]["request_id"] == "0123456789abcdef0123456789abcdef"
    assert "exception" not in outages[0]


def test_routine_messages_are_quiet(production_run):
    _answers, lines = production_run
    messages = [line["message"] for line in lines]
    assert "wagtail warning stays" in messages
    for routine in ("Task id=", "Purging URL", "Published:", "AXES: New login failure"):
        assert not any(routine in message for message in messages), messages
