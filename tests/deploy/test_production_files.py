"""deploy/env.example, deploy/manage and the systemd units, as docs/deployment.md uses them.

Newcomer finding 5: there was no service file and no `.env` example, and no way to run a
command by hand with the site's environment. env.example must name every variable the
settings read and, filled in, pass `check --deploy`; the units must pass
`systemd-analyze verify` and start what the repository holds.
"""

import json
import re
import secrets
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.test import override_settings

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

import pytest

from tests.deploy.conftest import ROOT, clean_environment
from tests.support.isolation import settings_variables

ENV_EXAMPLE = ROOT / "deploy" / "env.example"
MANAGE = ROOT / "deploy" / "manage"
UNITS = ROOT / "deploy" / "systemd"
SERVER_ROOT = "/srv/dayuan"
LINE = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$")


def env_example_lines():
    """{name: (value, active)} for each `NAME=value` or commented `# NAME=value` line."""
    found = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = LINE.match(line)
        if match:
            found.setdefault(match[1], (match[2], not line.startswith("#")))
    return found


def run_manage(env_file, *arguments):
    return subprocess.run(
        [str(MANAGE), *arguments],
        cwd=ROOT,
        env=clean_environment(DAYUAN_ENV_FILE=str(env_file)),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def settings_through_manage(env_file, *names):
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: str(getattr(s, n, None)) for n in {list(names)!r}}}))"
    )
    result = run_manage(env_file, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def filled_in(tmp_path):
    secret = secrets.token_urlsafe(50)
    text = ENV_EXAMPLE.read_text().replace("\nSECRET_KEY=\n", f"\nSECRET_KEY={secret}\n")
    env_file = tmp_path / ".env"
    env_file.write_text(text)
    return env_file


# env.example -------------------------------------------------------------------------


def test_env_example_names_every_variable_the_settings_read():
    missing = sorted(settings_variables() - set(env_example_lines()))
    assert missing == [], f"not in deploy/env.example: {missing}"


def test_every_variable_the_settings_read_is_in_the_configuration_table():
    table = (ROOT / "docs" / "configuration.md").read_text()
    missing = sorted(name for name in settings_variables() if f"`{name}`" not in table)
    assert missing == [], f"not in docs/configuration.md: {missing}"


def test_env_example_values_are_literal_and_hold_no_secret():
    for name, (value, _active) in env_example_lines().items():
        assert not value.startswith(("'", '"')), name
        assert "$" not in value, name
    assert env_example_lines()["SECRET_KEY"] == ("", True)
    assert "CHANGE-ME" in env_example_lines()["DATABASE_URL"][0]


def test_env_example_filled_in_passes_check_deploy(tmp_path):
    result = run_manage(filled_in(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_env_example_filled_in_runs_production_settings_on_postgresql_and_redis(tmp_path):
    found = settings_through_manage(
        filled_in(tmp_path), "SETTINGS_MODULE", "DEBUG", "DATABASES", "REDIS_URL", "MEDIA_ROOT"
    )
    assert found["SETTINGS_MODULE"] == "site_project.settings.production"
    assert found["DEBUG"] == "False"
    assert "django.db.backends.postgresql" in found["DATABASES"]
    assert found["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert found["MEDIA_ROOT"] == f"{SERVER_ROOT}/media"


def test_env_example_as_shipped_stops_on_the_empty_secret_key(tmp_path):
    result = run_manage(ENV_EXAMPLE, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# deploy/manage -------------------------------------------------------------------------


def test_deploy_manage_takes_each_value_as_written(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a comment\n"
        "\n"
        "DJANGO_SETTINGS_MODULE=site_project.settings.test\n"
        "DEFAULT_FROM_EMAIL=大院网 <news@example.cn>\n"
        "SITE_URL=https://news.example.cn/$HOME;`id`\n"
        "  CACHE_KEY_PREFIX=site-a  \n"
    )
    found = settings_through_manage(
        env_file, "SETTINGS_MODULE", "DEFAULT_FROM_EMAIL", "DAYUAN_SITE_URL", "CACHES"
    )
    assert found["SETTINGS_MODULE"] == "site_project.settings.test"
    assert found["DEFAULT_FROM_EMAIL"] == "大院网 <news@example.cn>"
    assert found["DAYUAN_SITE_URL"] == "https://news.example.cn/$HOME;`id`"


def test_deploy_manage_names_a_missing_env_file(tmp_path):
    result = run_manage(tmp_path / "absent.env", "check")
    assert result.returncode == 1
    assert "absent.env" in result.stderr and "env.example" in result.stderr


def test_deploy_manage_refuses_a_line_that_is_not_name_value(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("export SECRET_KEY=x\n")
    result = run_manage(env_file, "check")
    assert result.returncode == 1
    assert "export SECRET_KEY=x" in result.stderr


# Several nginx machines ----------------------------------------------------------------


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.server.paths.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def two_front_caches():
    servers = []
    for _ in range(2):
        server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
        server.paths = []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_purge_reaches_every_front_cache_listed(tmp_path, two_front_caches):
    urls = [f"http://127.0.0.1:{server.server_port}" for server in two_front_caches]
    env_file = tmp_path / ".env"
    env_file.write_text(
        "DJANGO_SETTINGS_MODULE=site_project.settings.test\n"
        f"FRONTEND_CACHE_URL={urls[0]}, {urls[1]}\n"
    )
    configured = settings_through_manage(env_file, "WAGTAILFRONTENDCACHE")["WAGTAILFRONTENDCACHE"]
    backends = eval(configured, {})  # noqa: S307 - a dict's repr printed by our own settings
    assert sorted(b["LOCATION"] for b in backends.values()) == sorted(urls)

    with override_settings(WAGTAILFRONTENDCACHE=backends):
        purge_urls_from_cache(["https://news.example.cn/gsyl/xinzhou/?page=2"])

    assert [server.paths for server in two_front_caches] == [["/.purge/gsyl/xinzhou/?page=2"]] * 2


# systemd units -------------------------------------------------------------------------


def unit_files():
    return (
        sorted(UNITS.glob("*.service")) + sorted(UNITS.glob("*.timer")) + [UNITS / "dayuan.target"]
    )


def exec_commands(unit):
    """The ExecStart/ExecReload command lines of a unit, continuation lines joined."""
    text = unit.read_text().replace("\\\n", " ")
    return re.findall(r"^Exec(?:Start|Reload)=(.+)$", text, re.MULTILINE)


def test_units_start_what_the_repository_holds():
    for unit in UNITS.glob("*.service"):
        for command in exec_commands(unit):
            program, *arguments = command.split()
            local = Path(program.replace(SERVER_ROOT, str(ROOT)))
            assert local.exists(), (unit.name, program)
            if program.endswith("/python"):
                assert (ROOT / arguments[0]).exists(), (unit.name, arguments[0])


def test_units_pass_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze not found (Debian's systemd package)", pytrace=False)
    for unit in unit_files():
        # Paths under /srv/dayuan point at this checkout, so the programs exist.
        (tmp_path / unit.name).write_text(unit.read_text().replace(SERVER_ROOT, str(ROOT)))
    names = ["dayuan-web@8001.service", "dayuan-web@8002.service"] + [
        unit.name for unit in unit_files() if "@" not in unit.name
    ]
    result = subprocess.run(
        [analyze, "verify", *(f"./{name}" for name in names)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_app_server_units_are_what_nginx_and_the_docs_expect():
    web = (UNITS / "dayuan-web@.service").read_text()
    worker = (UNITS / "dayuan-worker.service").read_text()
    media_root = env_example_lines()["MEDIA_ROOT"][0]
    for unit in (web, worker):
        assert f"EnvironmentFile={SERVER_ROOT}/.env" in unit
        assert f"ReadWritePaths={media_root}" in unit
        assert "ProtectSystem=strict" in unit and "NoNewPrivileges=true" in unit
        assert "Restart=always" in unit
        assert "WantedBy=dayuan.target" in unit
    # One gunicorn per instance, on the instance's port, reloaded gracefully by HUP.
    assert "--bind 127.0.0.1:%i" in web
    assert "ExecReload=/bin/kill -s HUP $MAINPID" in web
    assert all(
        "--preload" not in command for command in exec_commands(UNITS / "dayuan-web@.service")
    )
    # The nginx site's default upstream is the two documented instances.
    render = (ROOT / "deploy" / "render.py").read_text()
    assert '["127.0.0.1:8001", "127.0.0.1:8002"]' in render
