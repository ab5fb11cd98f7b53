"""Newcomer finding 5: a production install in the `make run` folder broke `make test`.

The shell that runs the site has its settings exported (DJANGO_SETTINGS_MODULE=production,
DATABASE_URL, REDIS_URL, MEDIA_ROOT ...). `make test` took them: the suite tried to create
its database with the site's login ("permission denied to create database", every test
an error) and, with a login that may create databases, cleared the site's Redis. Now the
Makefile's test commands drop every variable the settings read.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

from tests.deploy.conftest import ROOT, clean_environment, make_dry_run
from tests.support.isolation import settings_variables

ISOLATION = "tests/support/isolation.py"
PROBE = (
    "import json, django\n"
    "django.setup()\n"
    "from django.conf import settings as s\n"
    "print(json.dumps({\n"
    "    'module': s.SETTINGS_MODULE,\n"
    "    'database': s.DATABASES['default']['ENGINE'],\n"
    "    'database_name': str(s.DATABASES['default']['NAME']),\n"
    "    'cache': s.CACHES['default']['BACKEND'],\n"
    "    'redis': s.REDIS_URL,\n"
    "    'media': str(s.MEDIA_ROOT),\n"
    "    'static': str(s.STATIC_ROOT),\n"
    "    'backups': str(s.DAYUAN_BACKUP_DIR),\n"
    "    'front_cache': getattr(s, 'WAGTAILFRONTENDCACHE', None),\n"
    "    'search': s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'],\n"
    "}))\n"
)


def production_shell(tmp_path):
    """What a shell on the server holds after `set -a; . .env` (docs/deployment.md)."""
    return clean_environment(
        DJANGO_SETTINGS_MODULE="site_project.settings.production",
        SECRET_KEY="live-site-" + "s" * 50,
        ALLOWED_HOSTS="news.example.cn",
        DATABASE_URL="postgres://dayuan:live@127.0.0.1:5999/dayuan",
        REDIS_URL="redis://127.0.0.1:6999/0",
        MEDIA_ROOT=str(tmp_path / "live-media"),
        STATIC_ROOT=str(tmp_path / "live-static"),
        BACKUP_DIR=str(tmp_path / "live-backups"),
        ELASTICSEARCH_URL="http://127.0.0.1:9999",
        FRONTEND_CACHE_URL="http://127.0.0.1:8999",
    )


def pytest_command():
    """`make test`'s pytest command, as the Makefile spells it."""
    commands = [c for c in make_dry_run("test") if "pytest" in c and "-m" in c]
    assert len(commands) == 1, commands
    return commands[0]


def probe(command, environment):
    """Run `command` up to its `-m pytest`, with the settings probe in place of the suite."""
    cut = next(i for i, word in enumerate(command) if word == "-m" and command[i + 1] == "pytest")
    result = subprocess.run(
        [*command[:cut], "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_every_command_of_make_test_drops_the_shells_settings():
    for target in ("test", "check", "test-browser"):
        for command in make_dry_run(target):
            if "manage.py" in command or "pytest" in command:
                assert command[1] == ISOLATION, (target, command)


def test_a_production_shell_leaves_make_test_on_its_own_settings(tmp_path):
    environment = production_shell(tmp_path)
    environment = {k: v for k, v in environment.items() if not k.startswith("TEST_")}

    found, said = probe(pytest_command(), environment)

    assert found["module"] == "site_project.settings.test"
    assert found["database"] == "django.db.backends.sqlite3"
    assert found["redis"] == ""
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert not found["media"].startswith(str(tmp_path))
    assert not found["static"].startswith(str(tmp_path))
    assert not found["backups"].startswith(str(tmp_path))
    assert found["front_cache"] is None
    assert found["search"] == "search.backends.database"
    # The run says what it left out, so nobody wonders where PostgreSQL went.
    assert "DATABASE_URL" in said and "TEST_DATABASE_URL" in said


def test_test_database_url_and_test_redis_url_choose_the_tests_services(tmp_path):
    environment = production_shell(tmp_path)
    environment["TEST_DATABASE_URL"] = "postgres://postgres@127.0.0.1:5998/test"
    environment["TEST_REDIS_URL"] = "redis://127.0.0.1:6998/3"

    found, _said = probe(pytest_command(), environment)

    assert found["module"] == "site_project.settings.test"
    assert found["database"] == "django.db.backends.postgresql"
    assert found["database_name"] == "test"
    assert found["redis"] == "redis://127.0.0.1:6998/3"
    assert not found["media"].startswith(str(tmp_path))


def test_the_settings_variables_are_found_in_base_py():
    names = settings_variables()

    # A few read in different ways: os.environ.get, env_bool, env_list, os.environ[...].
    assert {"DATABASE_URL", "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS", "CACHE_DIR"} <= names
    assert "DJANGO_SETTINGS_MODULE" in names
    assert settings_variables('import os\nos.getenv("A")\n"B" in os.environ\n') >= {"A", "B"}


def test_uploads_in_tests_never_land_in_the_checkouts_media_folder():
    assert settings.MEDIA_ROOT != ROOT / "media"
    assert not str(settings.MEDIA_ROOT).startswith(str(ROOT))


def test_an_explicit_media_root_is_kept_for_a_tests_subprocess(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.MEDIA_ROOT)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_project.settings.test",
            "MEDIA_ROOT": str(tmp_path / "target"),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "target")
