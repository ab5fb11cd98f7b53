"""Real-browser fixtures: Debian's Chromium driven by Playwright against the live app.

A missing browser, Java or npm tool makes these tests fail, never skip: a skipped
browser suite would look green while checking nothing.
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.db import connections
from django.test import override_settings

import pytest

from galleries.demo import DEMO_GALLERY_NUMBER
from home.demo_data import CITIES
from home.management.commands.load_demo_content import FIRST_CITY_ARTICLE_NUMBER
from liveblogs.demo import DEMO_LIVE_BLOG_NUMBER
from video.demo import DEMO_VIDEO_ARTICLE_NUMBER
from video.models import Video

CITY_SLUGS = [slug for _name, slug, _districts, _river in CITIES]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_DIR = Path(__file__).resolve().parent
NODE_MODULES = BROWSER_DIR / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
INSTALL_HINT = "run `make test-browser` (it runs `npm ci --prefix tests/browser`)"

# 忻州's second demo article: its section has an older and a newer one around it.
DEMO_ARTICLE_NUMBER = FIRST_CITY_ARTICLE_NUMBER + 10 * CITY_SLUGS.index("xinzhou") + 1
DEMO_ARTICLE_PATH = f"/gsyl/xinzhou/{DEMO_ARTICLE_NUMBER}.html"
# The demo's video article: an uploaded lead video and a bilibili player (video/demo.py).
DEMO_VIDEO_ARTICLE_PATH = f"/gsyl/taiyuan/{DEMO_VIDEO_ARTICLE_NUMBER}.html"

# One page of each kind a reader lands on, and the status it is answered with.
READER_PAGES = {
    "home": "/",
    "section": "/gsyl/",
    "city section": "/gsyl/xinzhou/",
    "article": DEMO_ARTICLE_PATH,
    "tag": "/tags/新能源/",
    "search": "/search/?q=忻州",
    "comment page": f"/comments/{DEMO_ARTICLE_NUMBER}/",
    "video article": DEMO_VIDEO_ARTICLE_PATH,
    "topic": "/zt/xiangcun-zhenxing/",
    "topic list": "/zt/",
    "live blog": f"/gsyl/xinzhou/{DEMO_LIVE_BLOG_NUMBER}.html",
    "gallery": f"/gsyl/xinzhou/{DEMO_GALLERY_NUMBER}.html",
    "gallery photo": f"/gsyl/xinzhou/{DEMO_GALLERY_NUMBER}_3.html",
    "404": "/no-such-page/",
}
READER_PAGE_STATUS = {"404": 404}


def require_file(path, what):
    if not path.is_file():
        pytest.fail(f"{what} not found at {path}: {INSTALL_HINT}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file rather than in memory.

    An in-memory database is one connection, which the live server shares between the
    threads that serve the browser's parallel requests; two of them reading at once
    can get each other's rows (Django's ORM then fails inside a query). With a file,
    every thread has a connection of its own, as under gunicorn.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test_name = tmp_path_factory.mktemp("browser-db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(test_name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Debian Chromium not found at {CHROMIUM}: apt-get install chromium", pytrace=False
        )
    # Playwright's sync API leaves its asyncio loop marked as running in this thread
    # between calls. Django then takes the tests' own ORM calls for calls from async code,
    # and keeps database connections per async context: the tests would get fresh
    # connections without the test database's state (the serialized rollback).
    # Give them this thread's own.
    thread_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class WatchedPage:
    """A Playwright page that remembers every console error and uncaught script error.

    A violation of the Content-Security-Policy and a resource that failed to load
    both reach the console as errors, so an empty list also means neither happened.
    """

    page: object
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    response: object = None

    def __post_init__(self):
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_console(self, message):
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{message.text} ({location.get('url', '?')})")

    @property
    def problems(self):
        return self.console_errors + self.page_errors

    def goto(self, url, *, status=200, **kwargs):
        self.response = self.page.goto(url, wait_until="networkidle", **kwargs)
        assert self.response is not None and self.response.status == status, url
        return self.response


# What static/js/reading-mode.js keeps in localStorage for 长辈版.
READING_MODE_KEY = "dayuan-reading-mode"
ELDERLY = "elderly"
READING_MODES = ("standard", ELDERLY)


@pytest.fixture
def open_page(browser):
    """open_page(url, width=1280, bypass_csp=False, mode="standard", status=200,
    init_script=None) -> WatchedPage, in a fresh context.

    mode="elderly" opens the page as a reader who chose 长辈版 earlier: the choice is in
    localStorage before the page's first script runs.
    """
    contexts = []

    def open_page(
        url,
        *,
        width=1280,
        height=900,
        bypass_csp=False,
        mode="standard",
        status=200,
        init_script=None,
    ):
        assert mode in READING_MODES, mode
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            bypass_csp=bypass_csp,
        )
        contexts.append(context)
        if mode == ELDERLY:
            context.add_init_script(
                f"window.localStorage.setItem({READING_MODE_KEY!r}, {ELDERLY!r});"
            )
        if init_script:
            context.add_init_script(init_script)
        watched = WatchedPage(context.new_page())
        watched.goto(url, status=status)
        return watched

    yield open_page
    for context in contexts:
        context.close()


def describe_problems(problems):
    """{page name: [problem, ...]} as a readable failure message."""
    return "\n".join(
        f"{name}:\n" + "\n".join(f"  - {problem}" for problem in found)
        for name, found in problems.items()
    )


@pytest.fixture
def demo_site(transactional_db, django_db_serialized_rollback, live_server, settings):
    """The demo content, served by the real application; yields the server's base URL.

    The database is emptied after each test; the serialized rollback puts back what the
    migrations created (Wagtail's root page), without which the next load would fail.
    """
    # The live server is the site's configured address (SITE_URL in production): absolute
    # addresses on pages, feeds and QR codes name it.
    settings.DAYUAN_SITE_URL = live_server.url
    from wagtail.images import get_image_model

    # As under `make run`: the loader refuses to create its accounts with DEBUG off.
    with open(os.devnull, "w") as quiet, override_settings(DEBUG=True):
        call_command("load_demo_content", "--no-index", stdout=quiet)
    yield live_server.url
    # Deleting the images through the ORM removes their files and renditions from
    # MEDIA_ROOT too; the database flush after the test would leave them behind.
    get_image_model().objects.all().delete()
    Video.objects.all().delete()  # and the demo's video file (video/demo.py)


@pytest.fixture(scope="session")
def axe_script():
    return require_file(AXE_SCRIPT, "axe-core")


@pytest.fixture(scope="session")
def nu_html_checker(tmp_path_factory):
    """check(documents: {name: html}) -> {name: [error message, ...]} from the Nu HTML Checker."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java not found: apt-get install default-jre-headless", pytrace=False)
    jar = require_file(VNU_JAR, "The Nu HTML Checker (vnu-jar)")
    folder = tmp_path_factory.mktemp("vnu")

    def check(documents):
        files = {}
        for index, (name, html) in enumerate(documents.items()):
            path = folder / f"document-{index}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        result = subprocess.run(
            [java, "-jar", str(jar), "--errors-only", "--format", "json"]
            + [str(folder / filename) for filename in files],
            capture_output=True,
            text=True,
            timeout=300,
        )
        # vnu writes its report to stderr and exits 1 when it found errors.
        try:
            report = json.loads(result.stderr)
        except json.JSONDecodeError:
            pytest.fail(f"vnu gave no JSON report (exit {result.returncode}): {result.stderr}")
        errors = {name: [] for name in documents}
        for message in report["messages"]:
            url = message.get("url", "?")
            name = files.get(url.rsplit("/", 1)[-1], url)
            line = message.get("lastLine", "?")
            errors.setdefault(name, []).append(
                f"{message['type']} line {line}: {message['message']} "
                f"[{message.get('extract', '').strip()}]"
            )
        return errors

    return check
