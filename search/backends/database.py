"""The default search backend: the site's own database, with Chinese-aware analysis.

Configured as ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}``.
Like Wagtail's `wagtail.search.backends.database`, it picks the implementation for the database
in use when it is created.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


def SearchBackend(params):  # noqa: N802 - the name Wagtail's backend loader looks for
    if connection.vendor == "postgresql":
        from .postgres import ChinesePostgresSearchBackend

        return ChinesePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available

        if not fts5_available():
            raise ImproperlyConfigured(
                "搜索需要 SQLite 的 FTS5 扩展 (SQLite with FTS5 is required for search)."
            )
        from .sqlite import ChineseSQLiteSearchBackend

        return ChineseSQLiteSearchBackend(params)
    raise ImproperlyConfigured(
        f"中文搜索只支持 SQLite 和 PostgreSQL (no Chinese search backend for {connection.vendor})."
    )
