"""A source site with content, and empty restore targets on the engine the suite runs on.

The backup runs in this process against the test database; the restore runs as an
operator runs it, `manage.py restore` in a separate process whose DATABASE_URL and
MEDIA_ROOT name the empty target. On PostgreSQL the target is a throwaway database next
to the test database (`<test database>_restore`), created empty and dropped afterwards.
"""

import io
import os
import sqlite3
import subprocess
import sys
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

import pytest

from tests.support.factories import build_site, make_article, make_image


def run_manage(*args, database_url, media_root):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_project.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def backup(output_dir, *args):
    """Run `manage.py backup` here, on the test database; returns (archive path, output)."""
    out = io.StringIO()
    call_command("backup", "--output-dir", str(output_dir), *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    return lines[-1], out.getvalue()


class RestoreTarget:
    """An empty database of the suite's engine, reachable by URL, and an empty media folder."""

    def __init__(self, tmp_path, suffix=""):
        self.media_root = tmp_path / f"restored-media{suffix}"
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / f"restored{suffix}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            source = connection.settings_dict
            self.name = f"{source['NAME']}_restore{suffix}"
            credentials = quote(source["USER"] or "", safe="")
            if source.get("PASSWORD"):
                credentials += ":" + quote(source["PASSWORD"], safe="")
            host = source.get("HOST") or "127.0.0.1"
            port = source.get("PORT") or 5432
            self.url = f"postgres://{credentials}@{host}:{port}/{self.name}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def _admin(self, statement):
        import psycopg

        source = connection.settings_dict
        with psycopg.connect(
            host=source.get("HOST") or "127.0.0.1",
            port=source.get("PORT") or 5432,
            user=source.get("USER"),
            password=source.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(statement)

    def drop(self):
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def restore(self, archive, *args):
        return run_manage(
            "restore", str(archive), *args, database_url=self.url, media_root=self.media_root
        )

    def manage(self, *args):
        return run_manage(*args, database_url=self.url, media_root=self.media_root)

    def connect(self):
        """A connection to the target with the engine's own client library, in autocommit."""
        if self.vendor == "sqlite":
            return sqlite3.connect(self.path, timeout=30, isolation_level=None)
        import psycopg

        source = connection.settings_dict
        return psycopg.connect(
            host=source.get("HOST") or "127.0.0.1",
            port=source.get("PORT") or 5432,
            user=source.get("USER"),
            password=source.get("PASSWORD") or None,
            dbname=self.name,
            autocommit=True,
        )

    def query(self, sql):
        """Rows of `sql` run in the target."""
        if self.vendor == "sqlite" and not self.path.exists():
            return []
        target = self.connect()
        try:
            return target.execute(sql).fetchall()
        finally:
            target.close()

    def row_counts(self):
        """{table: rows} of every table in the target, counted independently of backups/."""
        if self.vendor == "sqlite":
            tables = [
                name
                for (name,) in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not name.startswith("sqlite_")
            ]
        else:
            tables = [
                name
                for (name,) in self.query(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
        count = 'SELECT COUNT(*) FROM "{}"'  # table names read from the catalogue
        return {table: self.query(count.format(table))[0][0] for table in tables}


def source_row_counts():
    """{table: rows} of every table in the test database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = [name for (name,) in cursor.fetchall() if not name.startswith("sqlite_")]
        else:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def source_media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "source-media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site_with_content(source_media):
    """A site tree, an article with a picture, a reporter's account, files in MEDIA_ROOT."""
    tree = build_site()
    image = make_image("忻州古城")
    article = make_article(tree.xinzhou, "忻州古城修缮完工", featured_image=image)
    user = get_user_model().objects.create_user("reporter_backup", password="备份测试-密码")
    return type("Content", (), {"tree": tree, "image": image, "article": article, "user": user})


@pytest.fixture
def restore_target(tmp_path):
    target = RestoreTarget(tmp_path)
    yield target
    target.drop()


@pytest.fixture
def second_target(tmp_path):
    target = RestoreTarget(tmp_path, suffix="_2")
    yield target
    target.drop()
