"""Restoring an archive into an empty database and media folder, then proving it arrived.

Order: the whole archive is checked against its manifest before anything is written;
then the target is checked (same database engine, no content in the database, no file
in the media folder); then the database and the media are written; then every table's
row count and every media file's SHA-256 are read back from the target and compared
with the manifest.
"""

import dataclasses
import tempfile
from pathlib import Path

from django.db.migrations.executor import MigrationExecutor

from .archive import extract_media, extract_member, verify_archive
from .databases import ENGINES, database_for, table_names, table_row_counts
from .errors import BackupError
from .media import file_digest, holds_files, media_files


@dataclasses.dataclass
class RestoreResult:
    manifest: dict
    media_written: int
    pending_migrations: list
    unknown_migrations: list


def check_target(connection, manifest, media_root):
    """Refuse a target of another engine, or one that holds content. Returns the database."""
    wanted = manifest["database"]["engine"]
    if connection.vendor != wanted:
        # Decided from the settings alone, before connecting anywhere.
        source = ENGINES[wanted].label if wanted in ENGINES else wanted
        target = (
            ENGINES[connection.vendor].label if connection.vendor in ENGINES else connection.vendor
        )
        raise BackupError(
            f"这份备份来自 {source} 数据库,而 DATABASE_URL 指向 {target} 数据库:"
            f"不能跨数据库类型恢复。请把 DATABASE_URL 指向一个空的 {source} 数据库。"
        )
    if manifest["media"]["included"] and holds_files(media_root):
        raise BackupError(
            f"媒体目录 {media_root} 里已有文件,拒绝恢复,以免覆盖。"
            "请用一个空的媒体目录(MEDIA_ROOT)。"
        )
    database = database_for(connection)
    reasons = database.content_found()
    if reasons:
        shown = reasons[:10] + ([f"……共 {len(reasons)} 张表"] if len(reasons) > 10 else [])
        raise BackupError(
            f"目标数据库({database.describe_target()})已有内容,拒绝恢复,以免覆盖:"
            + ";".join(shown)
            + "。请恢复到一个空数据库。"
        )
    return database


def restore_backup(connection, archive, media_root):
    manifest = verify_archive(archive)
    media_root = Path(media_root)
    database = check_target(connection, manifest, media_root)
    database.connect()
    with connection.cursor() as cursor:
        replace_schema = bool(table_names(cursor, connection.vendor))

    with tempfile.TemporaryDirectory(prefix="dayuan-restore-") as work:
        dump_path = Path(work, manifest["database"]["file"])
        extract_member(archive, manifest["database"]["file"], dump_path)
        database.load(dump_path, replace_schema=replace_schema)

    media_written = 0
    if manifest["media"]["included"]:
        media_root.mkdir(parents=True, exist_ok=True)
        media_written = extract_media(archive, media_root, manifest["media"]["files"])

    verify_target(connection, manifest, media_root)
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    unknown = sorted(set(executor.loader.applied_migrations) - set(executor.loader.disk_migrations))
    return RestoreResult(
        manifest=manifest,
        media_written=media_written,
        pending_migrations=[migration for migration, _ in pending],
        unknown_migrations=unknown,
    )


def verify_target(connection, manifest, media_root):
    """Read every table's row count and every media file back and compare with the manifest."""
    problems = []
    connection.ensure_connection()
    with connection.cursor() as cursor:
        counts = table_row_counts(cursor, connection.vendor)
    expected = manifest["database"]["tables"]
    for table in sorted(set(expected) | set(counts)):
        if table not in counts:
            problems.append(f"表 {table} 没有恢复")
        elif table not in expected:
            problems.append(f"目标库多出表 {table}")
        elif counts[table] != expected[table]:
            problems.append(f"表 {table} 有 {counts[table]} 行,清单是 {expected[table]} 行")

    if manifest["media"]["included"]:
        files = manifest["media"]["files"]
        present = set(media_files(media_root))
        for name in sorted(set(files) | present):
            if name not in present:
                problems.append(f"媒体文件 {name} 没有恢复")
            elif name not in files:
                problems.append(f"媒体目录多出文件 {name}")
            else:
                sha256, size = file_digest(media_root / name)
                if {"sha256": sha256, "size": size} != files[name]:
                    problems.append(f"媒体文件 {name} 的 SHA-256 与清单不符")
    if problems:
        shown = problems[:20] + ([f"……另有 {len(problems) - 20} 处"] if len(problems) > 20 else [])
        raise BackupError("恢复后校验失败:" + ";".join(shown))
