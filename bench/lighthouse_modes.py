"""Lighthouse's mobile accessibility score of the home and article pages in both reading
modes (标准版 and 长辈版), against a running site.

    .venv/bin/python bench/lighthouse_modes.py http://127.0.0.1:8000 /gsyl/xinzhou/1082.html

Lighthouse (bench/lighthouse, `make bench` installs it) clears a page's storage before it
loads it, and 长辈版 is a choice kept in localStorage. So Chromium is started here with its
own profile and a debugging port; the choice is written into that profile's localStorage
first, and Lighthouse is pointed at the same browser with its storage reset turned off.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LIGHTHOUSE = BASE_DIR / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
MODE_KEY = "dayuan-reading-mode"
ONLY = ["--only-categories=accessibility"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port):
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("Chromium did not open its debugging port")


def score(base, path, elderly, folder):
    from playwright.sync_api import sync_playwright

    port = free_port()
    profile = tempfile.mkdtemp(dir=folder)
    chromium = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
         f"--remote-debugging-port={port}", "--no-first-run", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port)
        with sync_playwright() as playwright:
            browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
            page = browser.contexts[0].new_page()
            page.goto(base + "/")
            if elderly:
                page.evaluate(f"localStorage.setItem({MODE_KEY!r}, 'elderly')")
            else:
                page.evaluate(f"localStorage.removeItem({MODE_KEY!r})")
            page.close()
            browser.close()
        out = Path(folder) / f"lighthouse-{port}.json"
        subprocess.run(
            [str(LIGHTHOUSE), base + path, f"--port={port}", "--disable-storage-reset",
             *ONLY, "--output=json", f"--output-path={out}",
             "--quiet"],
            check=True, timeout=300,
        )  # fmt: skip
        report = json.loads(out.read_text())
        failed = sorted(
            key
            for key, audit in report["audits"].items()
            if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
        )
        return round(report["categories"]["accessibility"]["score"] * 100), failed
    finally:
        chromium.terminate()
        chromium.wait(timeout=10)


def main():
    base, article = sys.argv[1].rstrip("/"), sys.argv[2]
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: make bench/lighthouse/node_modules/.installed")
    os.environ.setdefault("CHROME_PATH", CHROMIUM)
    with tempfile.TemporaryDirectory() as folder:
        for name, path in (("home", "/"), ("article", article)):
            for mode in ("标准版", "长辈版"):
                value, failed = score(base, path, mode == "长辈版", folder)
                print(f"{name}\t{mode}\taccessibility {value}\t{' '.join(failed) or '-'}")


if __name__ == "__main__":
    main()
