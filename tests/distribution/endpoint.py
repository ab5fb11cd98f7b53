"""A real HTTP server in a thread that plays Baidu's link push and IndexNow.

Each test scripts the answers (`answer(...)`), the server records every request it gets.
An answer may be slow (`delay`, for timeouts) or cut the connection (`hang_up`).
"""

import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
    path: str
    query: dict
    headers: dict
    body: bytes

    @property
    def lines(self):
        return self.body.decode("utf-8").split("\n")

    def json(self):
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    delay: float = 0
    hang_up: bool = False


class PushEndpoint:
    """Answers in order from the script; when it runs out, the default answer."""

    def __init__(self):
        self.requests = []
        self.script = []
        self.default = None
        self.lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                parts = urlsplit(self.path)
                with endpoint.lock:
                    endpoint.requests.append(
                        Received(parts.path, parse_qs(parts.query), dict(self.headers), body)
                    )
                    scripted = endpoint.script.pop(0) if endpoint.script else None
                    answer = scripted or endpoint.default or endpoint.baidu_success(body)
                if answer.delay:
                    time.sleep(answer.delay)
                if answer.hang_up:
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def answer(self, status=200, body=None, **kwargs):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.script.append(Answer(status, body or b"", **kwargs))

    @staticmethod
    def baidu_success(body, remain=1000):
        count = len([line for line in body.decode("utf-8").split("\n") if line])
        return Answer(200, json.dumps({"remain": remain, "success": count}).encode())


def closed_port_address():
    """An address nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
