"""Lighthouse's mobile accessibility score: 100 on the home page and an article, in 标准版 and
in 长辈版 (docs/accessibility.md). Lighthouse comes from bench/lighthouse (npm ci, run by
`make test-browser`) and drives Debian's Chromium; bench/lighthouse_modes.py runs it in a
process of its own, as `make bench-accessibility` does against `make run`."""

import os
import subprocess
import sys

from django.conf import settings

import pytest

from bench.lighthouse_modes import LIGHTHOUSE
from tests.browser.conftest import DEMO_ARTICLE_PATH, require_file

pytestmark = pytest.mark.browser


def test_home_and_article_score_100_in_both_modes(demo_site):
    require_file(LIGHTHOUSE, "Lighthouse (bench/lighthouse)")
    result = subprocess.run(
        [sys.executable, "bench/lighthouse_modes.py", demo_site, DEMO_ARTICLE_PATH],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=settings.BASE_DIR,
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
    )
    assert result.returncode == 0, result.stderr
    scores = [line.split("\t") for line in result.stdout.splitlines()]
    assert scores == [
        [page, mode, "accessibility 100", "-"]
        for page in ("home", "article")
        for mode in ("标准版", "长辈版")
    ], result.stdout
