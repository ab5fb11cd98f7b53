"""A stand-in for the front cache's purge address (nginx's `/.purge/…`, pagecache/frontend.py)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote


class FrontCache:
    """A stand-in for nginx's purge address: records every request, answers 404 (nothing
    held) or the status given for a path."""

    def __init__(self, statuses=None):
        self.requests = []
        self.connections = set()
        statuses = statuses or {}
        requests, connections = self.requests, self.connections

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps a connection alive, as nginx does

            def do_GET(self):  # noqa: N802 - http.server's name
                path = unquote(self.path)
                requests.append((self.headers["Host"], path))
                connections.add(self.client_address)
                self.send_response(statuses.get(path, 404))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def settings(self):
        location = f"http://127.0.0.1:{self.server.server_address[1]}"
        return {"front": {"BACKEND": "pagecache.frontend.PurgeBackend", "LOCATION": location}}

    def purged(self):
        """Purged addresses, as the site's paths ("/gsyl/?page=2", "/gsyl/")."""
        return {path.removeprefix("/.purge").removesuffix("?") for _host, path in self.requests}

    def close(self):
        self.server.shutdown()
        self.server.server_close()
