"""Dumping and loading the database: SQLite through its online backup API, PostgreSQL through
`pg_dump --format=custom` and `pg_restore`.

The manifest's row counts come from the same snapshot the dump holds, so they match even
while the site keeps writing: on SQLite they are counted in the copy itself; on
PostgreSQL in a repeatable-read transaction whose snapshot pg_dump imports (`--snapshot`).

A restore target must not hold content. "Content" is defined against a freshly migrated
database: `migrate` fills the tables in MIGRATE_SEEDED_TABLES (permissions, content
types, the default groups, workflows, site, collection and locale) and creates two pages
(the tree root and Wagtail's welcome page). Any row in any other table (a user, a Dayuan
page, an image, a document, a comment, a revision, a session …) or a third page is content.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import OperationalError

from .errors import BackupError

# Tables a fresh `manage.py migrate` leaves rows in; tests/backups checks this list against
# a freshly migrated database, so a new data migration cannot make every target "not empty".
MIGRATE_SEEDED_TABLES = frozenset(
    {
        "auth_group",
        "auth_group_permissions",
        "auth_permission",
        # The starting list of common misspellings (contentcheck/migrations/0002).
        "contentcheck_misspelling",
        "django_content_type",
        "django_migrations",
        "news_newsroomreviewtask",
        "news_newsroomreviewtask_groups",
        "wagtailcore_collection",
        "wagtailcore_groupapprovaltask",
        "wagtailcore_groupapprovaltask_groups",
        "wagtailcore_groupcollectionpermission",
        "wagtailcore_grouppagepermission",
        "wagtailcore_locale",
        "wagtailcore_page",
        "wagtailcore_site",
        "wagtailcore_task",
        "wagtailcore_workflow",
        "wagtailcore_workflowpage",
        "wagtailcore_workflowtask",
        # SQLite's full-text index keeps its configuration and an empty b-tree root.
        "wagtailsearch_indexentry_fts_config",
        "wagtailsearch_indexentry_fts_data",
    }
)
# The tree root and the welcome page Wagtail's own migration creates.
MIGRATE_SEEDED_PAGES = 2


def quote_table(name):
    return ".".join('"{}"'.format(part.replace('"', '""')) for part in name.split("."))


def table_names(cursor, vendor):
    """Every table of the database, sorted; on PostgreSQL `schema.table` outside `public`."""
    if vendor == "sqlite":
        # sqlite_sequence and sqlite_stat* belong to SQLite itself; the backup copies them.
        cursor.execute(
            "SELECT name FROM sqlite_master"
            " WHERE type = 'table' AND substr(name, 1, 7) != 'sqlite_'"
        )
        return sorted(row[0] for row in cursor.fetchall())
    cursor.execute(
        "SELECT schemaname, tablename FROM pg_catalog.pg_tables"
        " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
    )
    return sorted(
        table if schema == "public" else f"{schema}.{table}" for schema, table in cursor.fetchall()
    )


def table_row_counts(cursor, vendor):
    """{table: rows} for every table."""
    counts = {}
    for table in table_names(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote_table(table)}")  # noqa: S608 - quoted name
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor, vendor):
    """{app: [migration names in the order applied]} from django_migrations ({} without it)."""
    if "django_migrations" not in table_names(cursor, vendor):
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    applied = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _content_found(cursor, vendor):
    """Why the database holds content, as short Chinese phrases; [] when it holds none.

    Each table is probed with `LIMIT`, never counted whole: a live site answers at once.
    """
    reasons = []
    for table in table_names(cursor, vendor):
        if table == "wagtailcore_page":
            limit = MIGRATE_SEEDED_PAGES
        elif table in MIGRATE_SEEDED_TABLES:
            continue
        else:
            limit = 0
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {quote_table(table)} LIMIT {limit + 1}) AS probe"  # noqa: S608
        )
        if cursor.fetchone()[0] > limit:
            reasons.append(
                f"{table} 超过 {limit} 行(新迁移的库只有根页面和欢迎页)"
                if limit
                else f"{table} 有数据"
            )
    return reasons


class SQLiteDatabase:
    vendor = "sqlite"
    label = "SQLite"
    dump_name = "database.sqlite3"

    def __init__(self, connection):
        self.connection = connection

    def describe_target(self):
        return f"SQLite 数据库 {self.connection.settings_dict['NAME']}"

    def server_version(self):
        return f"SQLite {sqlite3.sqlite_version}"

    def connect(self):
        name = str(self.connection.settings_dict["NAME"])
        if not name.startswith("file:") and not Path(name).parent.is_dir():
            raise BackupError(f"数据库文件所在的目录不存在:{Path(name).parent}")
        try:
            self.connection.ensure_connection()
        except OperationalError as error:
            raise BackupError(f"无法打开数据库 {name}:{error}") from error

    def content_found(self):
        """Why the target holds content ([] if none); a missing file is an empty database."""
        name = str(self.connection.settings_dict["NAME"])
        if not name.startswith("file:") and not Path(name).exists():
            return []
        self.connect()
        with self.connection.cursor() as cursor:
            return _content_found(cursor, self.vendor)

    def dump(self, destination):
        """Copy the live database to `destination` with the online backup API.

        The backup API reads a consistent snapshot while the site goes on writing (WAL); a
        file copy of a live database can catch a page half-written or miss the WAL file.
        Returns {"tables": row counts, "migrations": applied migrations} of the copy.
        """
        self.connect()
        copy = sqlite3.connect(destination)
        try:
            self.connection.connection.backup(copy)
            # One self-contained file: the copy inherits WAL mode from the live database.
            copy.execute("PRAGMA journal_mode=DELETE")
            cursor = copy.cursor()
            return {
                "tables": table_row_counts(cursor, self.vendor),
                "migrations": applied_migrations(cursor, self.vendor),
            }
        finally:
            copy.close()

    def load(self, source, *, replace_schema):
        """Write the backup copy into the target through the backup API, page by page.

        SQLite itself replaces the target's content under its own lock, WAL file included;
        `replace_schema` needs nothing more here.
        """
        self.connect()
        backup_copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            backup_copy.backup(self.connection.connection)
        except sqlite3.Error as error:
            raise BackupError(f"写入 SQLite 数据库失败:{error}") from error
        finally:
            backup_copy.close()


class PostgreSQLDatabase:
    vendor = "postgresql"
    label = "PostgreSQL"
    dump_name = "database.pgdump"

    def __init__(self, connection):
        self.connection = connection

    def describe_target(self):
        settings = self.connection.settings_dict
        host = settings.get("HOST") or "localhost"
        port = settings.get("PORT") or 5432
        return f"PostgreSQL 数据库 {settings['NAME']}({host}:{port})"

    def connect(self):
        if not self.connection.settings_dict.get("NAME"):
            raise BackupError("DATABASE_URL 没有指明数据库名")
        try:
            self.connection.ensure_connection()
        except OperationalError as error:
            raise BackupError(
                f"无法连接 {self.describe_target()}:{str(error).strip()}"
                "(恢复前请先建好空数据库,例如 createdb)"
            ) from error

    def server_version(self):
        self.connect()
        major, minor = divmod(self.connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"

    def content_found(self):
        self.connect()
        with self.connection.cursor() as cursor:
            return _content_found(cursor, self.vendor)

    def binary(self, name):
        """pg_dump/pg_restore of the server's major version when installed side by side.

        pg_dump refuses a server newer than itself; Debian keeps each major version's
        tools under /usr/lib/postgresql/<major>/bin.
        """
        self.connect()
        major = self.connection.pg_version // 10000
        candidate = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
        found = str(candidate) if candidate.is_file() else shutil.which(name)
        if not found:
            raise BackupError(
                f"找不到 {name}:请安装与服务器同版本的 PostgreSQL 客户端(postgresql-client-{major})"
            )
        return found

    def run(self, program, options, trailing=()):
        """Run a PostgreSQL client tool connected as Django connects (user, host, password, SSL).

        Django's dbshell builds the same arguments and environment for psql; the database
        name comes right after `options`, then `trailing`.
        """
        client = self.connection.client
        args, env = client.settings_to_cmd_args_env(self.connection.settings_dict, options)
        args = [program, *args[1:], *trailing]
        completed = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            args,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode:
            name = Path(program).name
            raise BackupError(
                f"{name} 失败(退出码 {completed.returncode}):{completed.stderr.strip()}"
            )
        return completed

    def dump(self, destination):
        """pg_dump in custom format, with row counts from the very snapshot it dumps."""
        self.connect()
        if self.connection.in_atomic_block:
            raise BackupError("备份不能在数据库事务中进行")
        pg_dump = self.binary("pg_dump")
        with self.connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                snapshot_state = {
                    "tables": table_row_counts(cursor, self.vendor),
                    "migrations": applied_migrations(cursor, self.vendor),
                }
                # The snapshot lives as long as this transaction: dump while it is open.
                self.run(
                    pg_dump,
                    [
                        "--format=custom",
                        "--no-password",
                        f"--snapshot={snapshot}",
                        f"--file={destination}",
                    ],
                )
            finally:
                cursor.execute("ROLLBACK")
        return snapshot_state

    def load(self, source, *, replace_schema):
        """pg_restore in one transaction: it all lands, or nothing does.

        Objects are owned by the restoring user and no GRANTs are replayed, so a dump from
        another server with other roles restores as it is. `replace_schema` drops the
        dump's objects first (a freshly migrated target already has the tables).
        """
        pg_restore = self.binary("pg_restore")
        # pg_restore takes exclusive locks on the tables it replaces: hold no connection.
        self.connection.close()
        options = [
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
        ]
        if replace_schema:
            options += ["--clean", "--if-exists"]
        # The database name follows `--dbname`; without it pg_restore would print SQL instead.
        self.run(pg_restore, [*options, "--dbname"], trailing=[str(source)])


ENGINES = {engine.vendor: engine for engine in (SQLiteDatabase, PostgreSQLDatabase)}


def database_for(connection):
    engine = ENGINES.get(connection.vendor)
    if engine is None:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库(只支持 SQLite 和 PostgreSQL)")
    return engine(connection)
