"""A Redis server of the test's own, to stop and start: never the machine's shared one."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.settimeout(0.5)
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class ThrowawayRedis:
    """redis-server on a free port, no persistence; `pause()` freezes it (SIGSTOP) with
    what it holds, so a client's requests time out as behind a broken network, and
    `resume()` brings it back as it was."""

    def __init__(self):
        binary = shutil.which("redis-server")
        assert binary, "redis-server is missing (Debian package redis-server)"
        self.port = _free_port()
        self.folder = tempfile.mkdtemp(prefix="dayuan-test-redis-")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.folder,
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _answers(self.port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def url(self, database=0):
        return f"redis://127.0.0.1:{self.port}/{database}"

    def pause(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        with contextlib.suppress(ProcessLookupError):
            self.resume()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)
