"""The nginx site deploy/render.py writes: `nginx -t` accepts it, as documented, with and
without TLS, and the TLS site answers as docs/deployment.md says.

Newcomer finding 5 (no HTTPS): rendered with a certificate, the site failed `nginx -t`
("no ssl_certificate is defined" for the catch-all server), and nothing listened on port
80 for the certificate authority, the redirect to HTTPS or the app servers' purges.
nginx and its purge module come from Debian (`.ci/run` installs them); without them these
tests fail, never skip.
"""

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT

NGINX = Path("/usr/sbin/nginx")
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
HOST = "news.example.cn"

sys.path.insert(0, str(ROOT / "deploy"))
from render import render_nginx  # noqa: E402


@pytest.fixture(scope="module")
def nginx():
    if not os.access(NGINX, os.X_OK):
        pytest.fail("nginx not found: apt-get install nginx", pytrace=False)
    if not PURGE_MODULE.exists():
        pytest.fail(
            "the purge module is missing: apt-get install libnginx-mod-http-cache-purge",
            pytrace=False,
        )
    return NGINX


def main_config(folder, site):
    """nginx.conf around a rendered site, everything under `folder` (as `make stack`'s)."""
    for name in ("logs", "cache", "temp"):
        (folder / name).mkdir(exist_ok=True)
    (folder / "site.conf").write_text(site)
    config = folder / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""
    config.write_text(
        f"{user}load_module {PURGE_MODULE};\n"
        f"pid {folder}/nginx.pid;\n"
        f"error_log {folder}/logs/error.log warn;\n"
        "worker_processes 1;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    client_body_temp_path {folder}/temp/client;\n"
        f"    proxy_temp_path {folder}/temp/proxy;\n"
        f"    fastcgi_temp_path {folder}/temp/fastcgi;\n"
        f"    uwsgi_temp_path {folder}/temp/uwsgi;\n"
        f"    scgi_temp_path {folder}/temp/scgi;\n"
        f"    include {folder}/site.conf;\n"
        "}\n"
    )
    return config


def nginx_test(nginx, folder, site):
    config = main_config(folder, site)
    return subprocess.run(
        [str(nginx), "-t", "-q", "-c", str(config), "-p", str(folder)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def rendered_by_the_documented_command(folder, *arguments):
    """`python deploy/render.py ...` as docs/deployment.md runs it, its system folders
    (/var/log/nginx, /var/cache/nginx) moved under `folder`."""
    result = subprocess.run(
        [sys.executable, "deploy/render.py", "--server-name", HOST, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return result.stdout.replace("/var/log/nginx/", f"{folder}/logs/").replace(
        "/var/cache/nginx/dayuan", f"{folder}/cache"
    )


def certificate(folder):
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOST}"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return cert, key


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_documented_plain_http_site_passes_nginx_t(nginx, tmp_path):
    result = nginx_test(nginx, tmp_path, rendered_by_the_documented_command(tmp_path))
    assert result.returncode == 0, result.stderr


def test_the_documented_tls_site_passes_nginx_t(nginx, tmp_path):
    cert, key = certificate(tmp_path)
    site = rendered_by_the_documented_command(
        tmp_path, "--tls-certificate", str(cert), "--tls-key", str(key), "--purge-from", "10.0.0.5"
    )

    result = nginx_test(nginx, tmp_path, site)

    assert result.returncode == 0, result.stderr
    assert "ssl_reject_handshake on;" in site
    assert "allow 10.0.0.5;" in site


def test_the_site_drops_into_debians_own_nginx_conf_once_the_default_site_is_gone(nginx, tmp_path):
    """As docs/deployment.md installs it: sites-available, a link in sites-enabled, and
    Debian's `default` site removed (both claim the default server on port 80)."""
    etc = tmp_path / "etc-nginx"
    shutil.copytree("/etc/nginx", etc, symlinks=True)
    config = etc / "nginx.conf"
    config.write_text(config.read_text().replace("/etc/nginx/", f"{etc}/"))
    (etc / "sites-available" / "dayuan.conf").write_text(
        rendered_by_the_documented_command(tmp_path)
    )
    (etc / "sites-enabled" / "dayuan.conf").symlink_to("../sites-available/dayuan.conf")
    for name in ("logs", "cache"):
        (tmp_path / name).mkdir()

    def nginx_t():
        return subprocess.run(
            [str(nginx), "-t", "-c", str(config)], capture_output=True, text=True, timeout=30
        )

    if (etc / "sites-enabled" / "default").exists():
        assert "duplicate default server" in nginx_t().stderr
        (etc / "sites-enabled" / "default").unlink()
    result = nginx_t()
    assert result.returncode == 0, result.stderr


def test_make_stacks_site_passes_nginx_t(nginx, tmp_path):
    site = render_nginx(
        server_names=["localhost", "127.0.0.1"],
        app_servers=["127.0.0.1:8001", "127.0.0.1:8002"],
        listen="8080",
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        cache_dir=tmp_path / "cache",
        access_log=tmp_path / "logs" / "access.log",
        error_log=tmp_path / "logs" / "error.log",
    )
    result = nginx_test(nginx, tmp_path, site)
    assert result.returncode == 0, result.stderr


class RunningSite:
    def __init__(self, nginx, folder, *, tls=True):
        self.http_port, self.https_port = free_port(), free_port()
        cert, key = certificate(folder) if tls else (None, None)
        acme = folder / "acme" / ".well-known" / "acme-challenge"
        acme.mkdir(parents=True)
        (acme / "token-123").write_text("proof")
        site = render_nginx(
            server_names=[HOST],
            app_servers=[f"127.0.0.1:{free_port()}"],  # nobody listens: nginx alone
            listen=f"{self.https_port} ssl" if tls else str(self.http_port),
            http_listen=[str(self.http_port)],
            tls_certificate=cert,
            tls_key=key,
            static_root=folder / "static",
            media_root=folder / "media",
            cache_dir=folder / "cache",
            access_log=folder / "logs" / "access.log",
            error_log=folder / "logs" / "error.log",
            acme_root=folder / "acme",
        )
        self.config = main_config(folder, site)
        self.folder = folder
        subprocess.run(
            [str(nginx), "-c", str(self.config), "-p", str(folder)], check=True, timeout=30
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.http_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)

    def stop(self, nginx):
        subprocess.run(
            [str(nginx), "-s", "stop", "-c", str(self.config), "-p", str(self.folder)],
            check=False,
            timeout=30,
        )

    def http(self, path, host=HOST):
        connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=5)
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.getheader("Location"), response.read()

    def tls_handshake(self, server_name):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        with (
            socket.create_connection(("127.0.0.1", self.https_port), timeout=5) as raw,
            context.wrap_socket(raw, server_hostname=server_name) as tls,
        ):
            return tls.version()


@pytest.fixture
def tls_site(nginx, tmp_path):
    site = RunningSite(nginx, tmp_path)
    yield site
    site.stop(nginx)


@pytest.fixture
def plain_site(nginx, tmp_path):
    site = RunningSite(nginx, tmp_path, tls=False)
    yield site
    site.stop(nginx)


def test_plain_http_sends_readers_to_https_on_the_canonical_host(tls_site):
    status, location, _body = tls_site.http("/gsyl/xinzhou/?page=2")
    assert status == 301
    assert location == f"https://{HOST}/gsyl/xinzhou/?page=2"


def test_plain_http_answers_the_certificate_authoritys_challenge(tls_site):
    status, _location, body = tls_site.http("/.well-known/acme-challenge/token-123")
    assert (status, body) == (200, b"proof")


def test_the_app_servers_purge_through_plain_http_from_this_machine(tls_site):
    # 404: nothing cached under that key yet. Not 301, not 403: the purge reached the cache.
    status, _location, _body = tls_site.http("/.purge/gsyl/xinzhou/?page=")
    assert status == 404


def test_an_unknown_host_gets_nothing_on_either_port(tls_site):
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        tls_site.http("/", host="evil.example")
    with pytest.raises((ssl.SSLError, ConnectionError)):
        tls_site.tls_handshake("evil.example")
    assert tls_site.tls_handshake(HOST) in {"TLSv1.2", "TLSv1.3"}


def test_before_there_is_a_certificate_the_plain_site_answers_the_challenge(plain_site):
    # certbot certonly --webroot, as docs/deployment.md runs it, needs this first.
    status, _location, body = plain_site.http("/.well-known/acme-challenge/token-123")
    assert (status, body) == (200, b"proof")
