"""Render deploy/nginx/dayuan.conf.template for a server, or for `make stack`.

    python deploy/render.py --server-name news.example.cn \\
        --tls-certificate /etc/letsencrypt/live/news.example.cn/fullchain.pem \\
        --tls-key /etc/letsencrypt/live/news.example.cn/privkey.pem \\
        > /etc/nginx/sites-available/dayuan.conf

docs/deployment.md explains each value.
"""

import argparse
import string
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "dayuan.conf.template"
# With TLS, port 80 answers the certificate authority's challenge (certbot --webroot) and
# the app servers' purges (FRONTEND_CACHE_URL=http://127.0.0.1), and sends readers to
# HTTPS. A plain-HTTP response is never cached: the redirect cannot reach an HTTPS reader.
HTTP_SERVER = string.Template(
    """
server {
$default_listens    server_name _;
    return 444;
}

server {
$listens    server_name $server_names;
    access_log $access_log dayuan_json;
    error_log $error_log warn;

    location /.well-known/acme-challenge/ {
        root $acme_root;
    }

    location ~ ^/\\.purge(/.*)$$ {
$purge_allow        deny all;
        proxy_cache_purge dayuan_pages "$canonical_host$$1?page=$$arg_page";
    }

    location / {
        return 301 https://$canonical_host$$request_uri;
    }
}
"""
)


def render_nginx(
    *,
    server_names,
    app_servers,
    listen="443 ssl",
    listen_extra=(),
    tls_certificate=None,
    tls_key=None,
    static_root="/srv/dayuan/staticfiles",
    media_root="/srv/dayuan/media",
    static_url="/static/",
    media_url="/media/",
    cache_dir="/var/cache/nginx/dayuan",
    cache_max_size="2g",
    access_log="/var/log/nginx/dayuan.access.log",
    error_log="/var/log/nginx/dayuan.error.log",
    editor_cookie="dayuan_editor",
    purge_from=("127.0.0.1", "::1"),
    http_listen=("80", "[::]:80"),
    acme_root="/var/www/html",
):
    tls = ""
    if tls_certificate:
        tls = (
            f"    ssl_certificate {tls_certificate};\n"
            f"    ssl_certificate_key {tls_key};\n"
            "    ssl_protocols TLSv1.2 TLSv1.3;\n"
            "    ssl_session_cache shared:dayuan_tls:10m;\n"
        )
    purge_allow = "".join(f"        allow {address};\n" for address in purge_from)
    http_server = reject_unknown_tls = ""
    if tls_certificate:
        # Unknown names get no certificate at all (nginx >= 1.19.4), not ours.
        reject_unknown_tls = "    ssl_reject_handshake on;\n"
        http_server = HTTP_SERVER.substitute(
            listens="".join(f"    listen {address};\n" for address in http_listen),
            default_listens="".join(
                f"    listen {address} default_server;\n" for address in http_listen
            ),
            server_names=" ".join(server_names),
            canonical_host=server_names[0],
            acme_root=acme_root,
            purge_allow=purge_allow,
            access_log=access_log,
            error_log=error_log,
        )
    upstream = "\n".join(
        f"    server {address} max_fails=1 fail_timeout=5s;" for address in app_servers
    )
    values = {
        "server_names": " ".join(server_names),
        "canonical_host": server_names[0],
        "upstream_servers": upstream,
        "listen": listen,
        "listen_extra": "".join(f"    listen {extra};\n" for extra in listen_extra),
        "tls": tls,
        "static_root": str(static_root).rstrip("/"),
        "media_root": str(media_root).rstrip("/"),
        "static_url": static_url,
        "media_url": media_url,
        "cache_dir": cache_dir,
        "cache_max_size": cache_max_size,
        "access_log": access_log,
        "error_log": error_log,
        "editor_cookie": editor_cookie,
        "purge_allow": purge_allow,
        "http_server": http_server,
        "reject_unknown_tls": reject_unknown_tls,
        "acme_root": acme_root,
    }
    return string.Template(TEMPLATE.read_text()).substitute(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server-name",
        action="append",
        required=True,
        help="the site's host name; the first is canonical (repeatable)",
    )
    parser.add_argument(
        "--app-server",
        action="append",
        default=None,
        help="gunicorn address (repeatable; default 127.0.0.1:8001 and :8002)",
    )
    parser.add_argument("--tls-certificate")
    parser.add_argument("--tls-key")
    parser.add_argument("--root", default="/srv/dayuan", help="the checkout on the server")
    parser.add_argument(
        "--purge-from",
        action="append",
        default=None,
        help="an app server's address allowed to purge (repeatable; default this machine)",
    )
    args = parser.parse_args()
    if bool(args.tls_certificate) != bool(args.tls_key):
        parser.error("--tls-certificate and --tls-key go together")
    print(
        render_nginx(
            server_names=args.server_name,
            app_servers=args.app_server or ["127.0.0.1:8001", "127.0.0.1:8002"],
            listen="443 ssl" if args.tls_certificate else "80",
            listen_extra=["[::]:443 ssl"] if args.tls_certificate else ["[::]:80"],
            tls_certificate=args.tls_certificate,
            tls_key=args.tls_key,
            static_root=f"{args.root}/staticfiles",
            media_root=f"{args.root}/media",
            purge_from=["127.0.0.1", "::1", *(args.purge_from or [])],
        )
    )


if __name__ == "__main__":
    main()
