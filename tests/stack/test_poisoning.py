"""Nobody can make the caches give other readers a different page.

For each attempt and each page, the page is first forgotten everywhere (the app's page
cache and the front cache), so the attacker's request is the one whose answer would be
stored; then a plain reader's page must be byte for byte the one readers got before.
"""

import gzip
import http.client
import socket

import pytest

from tests.stack.client import HOST_HEADER, STACK_PORT, get, request
from tests.stack.newsroom import purge

pytestmark = pytest.mark.stack

PAGES = ["/", "/gsyl/", "/gsyl/xinzhou/", "/rss.xml"]


def raw_request(text):
    """Bytes on the wire, for what http.client will not send (an absolute URI, bad paths)."""
    with socket.create_connection(("127.0.0.1", STACK_PORT), timeout=10) as connection:
        connection.sendall(text.encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


def absolute_uri(path):
    return raw_request(
        f"GET http://evil.example{path} HTTP/1.1\r\nHost: {HOST_HEADER}\r\n"
        "User-Agent: Mozilla/5.0\r\nConnection: close\r\n\r\n"
    )


def path_variant(spelling):
    def attempt(path):
        return raw_request(
            f"GET {spelling(path)} HTTP/1.1\r\nHost: {HOST_HEADER}\r\n"
            "User-Agent: Mozilla/5.0\r\nConnection: close\r\n\r\n"
        )

    return attempt


def with_headers(**headers):
    headers = {name.replace("_", "-"): value for name, value in headers.items()}
    return lambda path: get(path, headers=headers)


def with_host(host):
    def attempt(path):
        try:
            return get(path, host=host)
        except (http.client.HTTPException, OSError):
            return None  # nginx closed the connection (444): nothing was stored

    return attempt


def with_query(query):
    return lambda path: get(f"{path}?{query}")


ATTEMPTS = {
    "unknown Host": with_host("evil.example"),
    "unknown Host with our port": with_host(f"evil.example:{STACK_PORT}"),
    "no Host": with_host(None),
    "absolute URI of another host": absolute_uri,
    "X-Forwarded-Host": with_headers(X_Forwarded_Host="evil.example"),
    "X-Forwarded-Proto https": with_headers(X_Forwarded_Proto="https"),
    "X-Forwarded-For": with_headers(X_Forwarded_For="203.0.113.9"),
    "Forwarded": with_headers(Forwarded="for=203.0.113.9;host=evil.example;proto=https"),
    "X-Original-URL": with_headers(X_Original_URL="/admin/"),
    "X-Rewrite-URL": with_headers(X_Rewrite_URL="/admin/"),
    "X-HTTP-Method-Override": with_headers(X_HTTP_Method_Override="DELETE"),
    "Accept-Encoding gzip": with_headers(Accept_Encoding="gzip"),
    "Accept-Encoding br, deflate": with_headers(Accept_Encoding="br, deflate"),
    "Accept-Encoding identity;q=0": with_headers(Accept_Encoding="identity;q=0, *;q=0"),
    "Accept-Encoding nonsense": with_headers(Accept_Encoding="x-evil, \u00e9"),
    "Accept JSON": with_headers(Accept="application/json"),
    "Accept-Language en": with_headers(Accept_Language="en-US,en;q=0.9"),
    "a crawler's User-Agent": with_headers(User_Agent="Baiduspider/2.0"),
    "X-Requested-With fetch": with_headers(X_Requested_With="fetch"),
    "Range": with_headers(Range="bytes=0-99"),
    "If-None-Match": with_headers(If_None_Match='"evil"'),
    "If-Modified-Since in the future": with_headers(
        If_Modified_Since="Fri, 01 Jan 2100 00:00:00 GMT"
    ),
    "Cache-Control no-cache": with_headers(Cache_Control="no-cache", Pragma="no-cache"),
    "forged session cookie": with_headers(Cookie="sessionid=forged"),
    "forged editor marker": with_headers(Cookie="dayuan_editor=forged"),
    "empty session cookie": with_headers(Cookie="sessionid="),
    "cache-busting query": with_query("cb=12345"),
    "page 2": with_query("page=2"),
    "page 0": with_query("page=0"),
    "page abc": with_query("page=abc"),
    "sitemap page 2": with_query("p=2"),
    "page given twice": with_query("page=&page=2"),
    "page in capitals": with_query("PAGE=2"),
    "percent-encoded page": with_query("%70age=2"),
    "script in the query": with_query("utm_source=%3Cscript%3Ealert(1)%3C/script%3E"),
    "long query": with_query("q=" + "x" * 4000),
    "dot segment": path_variant(lambda path: path.replace("/", "/./", 1)),
    "dot-dot segment": path_variant(lambda path: f"/x/..{path}"),
    "doubled slashes": path_variant(lambda path: path.replace("/", "//")),
    "percent-encoded letters": path_variant(
        lambda path: "".join(f"%{ord(c):02x}" if c.isalpha() else c for c in path)
    ),
    "HEAD first": lambda path: request("HEAD", path),
    "POST": lambda path: request("POST", path, body=b"x=1"),
}


@pytest.fixture(scope="module")
def readers_pages(console):
    """What a reader gets for each page, rendered fresh, before any attempt."""
    purge(console, PAGES)
    pages = {}
    for path in PAGES:
        response = get(path)
        assert response.status == 200, path
        assert get(path).body == response.body, f"{path} is not the same twice in a row"
        pages[path] = response
    return pages


@pytest.mark.parametrize("name", ATTEMPTS)
def test_an_attempt_gives_other_readers_the_same_pages(console, readers_pages, name):
    attempt = ATTEMPTS[name]
    for path, expected in readers_pages.items():
        purge(console, [path])
        attempt(path)
        reader = get(path)
        assert reader.status == 200, (name, path, reader.status)
        assert reader.header("Content-Type") == expected.header("Content-Type"), (name, path)
        assert reader.body == expected.body, (name, path, reader.front_cache)
        compressed = get(path, headers={"Accept-Encoding": "gzip"})
        if compressed.header("Content-Encoding") == "gzip":
            assert gzip.decompress(compressed.body) == expected.body, (name, path)
        else:
            assert compressed.body == expected.body, (name, path)
