"""A worker that only serves readers never loads pypinyin's dictionaries (about 80 MB)."""

import subprocess
import sys

from django.conf import settings

PROBE = """
import sys
import django
django.setup()
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
from search.pinyin import keys_for, query_key
assert query_key("XinZhou") == "xinzhou"
print("after start:", "pypinyin" in sys.modules)
keys_for("忻州")
print("after writing keys:", "pypinyin" in sys.modules)
"""


def test_pypinyin_is_loaded_only_to_write_suggestion_keys():
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "site_project.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["after start: False", "after writing keys: True"]
