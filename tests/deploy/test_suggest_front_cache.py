"""The front cache in deploy/'s nginx site never stores search suggestions.

nginx keys its cache on the path and `page` only (so `?cb=<random>` cannot skip it): a stored
/search/suggest/ answer would be given for every q. The view says `Cache-Control: private`;
here the real application answers behind the rendered site, as in production.
"""

import http.client
import json
import subprocess
import time
from urllib.parse import quote, urlsplit

import pytest

from tests.deploy import test_nginx_site as nginx_site
from tests.support.factories import build_site, make_article

# Wagtail's root page comes back after the flush, as the next transactional tests expect.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HOST = "news.example.cn"
nginx = nginx_site.nginx  # the fixture: Debian's nginx with the purge module, or a failure


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


@pytest.fixture
def front(nginx, live_server, tmp_path):
    port = nginx_site.free_port()
    site = nginx_site.render_nginx(
        server_names=[HOST],
        app_servers=[urlsplit(live_server.url).netloc],
        listen=str(port),
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        cache_dir=tmp_path / "cache",
        access_log=tmp_path / "logs" / "access.log",
        error_log=tmp_path / "logs" / "error.log",
    )
    config = nginx_site.main_config(tmp_path, site)
    subprocess.run([str(nginx), "-c", str(config), "-p", str(tmp_path)], check=True, timeout=30)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                get(port, "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        subprocess.run(
            [str(nginx), "-s", "stop", "-c", str(config), "-p", str(tmp_path)],
            check=False,
            timeout=30,
        )


def test_each_query_gets_its_own_answer_through_the_front_cache(front):
    tree = build_site()
    make_article(tree.xinzhou, "忻州新闻")
    make_article(tree.taiyuan, "太原新闻")
    for q, city in [("xz", "忻州"), ("ty", "太原"), ("xz", "忻州"), ("ty", "太原")] * 2:
        status, headers, body = get(front, f"/search/suggest/?q={quote(q)}")
        assert status == 200
        texts = [suggestion["text"] for suggestion in json.loads(body)["suggestions"]]
        assert texts and all(text.startswith(city) for text in texts), (q, texts)
        assert headers["X-Front-Cache"] != "HIT", (q, headers["X-Front-Cache"])
        assert headers["Cache-Control"] == "private, max-age=60"
