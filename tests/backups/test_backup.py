"""`manage.py backup`: one archive with the database, the media and a manifest that counts and
hashes them; the path printed last; retention; where archives may not go."""

import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import tarfile
from pathlib import Path

import django
from django.core.management import CommandError, call_command
from django.db import connection

import wagtail

import pytest

from tests.backups.conftest import backup, source_row_counts

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def read_manifest(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_manifest_counts_every_table_and_hashes_every_media_file(
    site_with_content, source_media, tmp_path
):
    archive, output = backup(tmp_path / "archives")

    assert output.strip().splitlines()[-1] == archive
    manifest = read_manifest(archive)
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["database"]["tables"] == source_row_counts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = set(cursor.fetchall())
    assert {
        (app, name) for app, names in manifest["database"]["migrations"].items() for name in names
    } == applied
    on_disk = {
        path.relative_to(source_media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in source_media.rglob("*")
        if path.is_file()
    }
    assert site_with_content.image.file.name in on_disk
    assert {name: entry["sha256"] for name, entry in manifest["media"]["files"].items()} == on_disk
    assert manifest["versions"]["django"] == django.get_version()
    assert manifest["versions"]["wagtail"] == wagtail.__version__
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        dump = tar.extractfile(manifest["database"]["file"]).read()
    assert names[0] == manifest["database"]["file"]
    assert names[-1] == "manifest.json"
    assert hashlib.sha256(dump).hexdigest() == manifest["database"]["sha256"]


def test_database_dump_is_whole_for_the_engines_own_tools(site_with_content, tmp_path):
    archive, _ = backup(tmp_path / "archives")
    manifest = read_manifest(archive)
    dump = tmp_path / manifest["database"]["file"]
    with tarfile.open(archive, "r:gz") as tar:
        dump.write_bytes(tar.extractfile(manifest["database"]["file"]).read())

    if connection.vendor == "sqlite":
        # One self-contained file: the online backup's copy, taken out of WAL mode.
        with sqlite3.connect(dump) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            assert copy.execute("SELECT username FROM auth_user").fetchall() == [
                ("reporter_backup",)
            ]
    else:
        # pg_dump's custom format, which pg_restore lists table by table.
        assert dump.read_bytes()[:5] == b"PGDMP"
        listing = subprocess.run(
            ["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True
        )
        assert "TABLE DATA public auth_user" in listing.stdout


def test_archive_is_readable_by_its_owner_only(site_with_content, tmp_path):
    archive, _ = backup(tmp_path / "archives")

    assert stat.S_IMODE(os.stat(archive).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "archives").st_mode) == 0o700


def test_keep_leaves_the_newest_archives_and_nothing_else_is_deleted(site_with_content, tmp_path):
    output_dir = tmp_path / "archives"
    output_dir.mkdir()
    unrelated = output_dir / "dayuan-notes.txt"
    unrelated.write_text("运维笔记")
    made = [backup(output_dir)[0] for _ in range(3)]

    newest, output = backup(output_dir, "--keep", "2")

    remaining = sorted(path.name for path in output_dir.iterdir())
    assert remaining == sorted([Path(made[-1]).name, Path(newest).name, unrelated.name])
    assert f"已删除旧备份:{made[0]}" in output
    assert output.strip().splitlines()[-1] == newest


@pytest.mark.parametrize("keep", ["0", "-1", "几个"])
def test_keep_must_be_a_positive_number(keep, tmp_path):
    with pytest.raises(CommandError, match="应为正整数"):
        call_command("backup", "--output-dir", str(tmp_path), "--keep", keep)


def test_output_folder_inside_the_media_folder_is_refused(source_media, tmp_path):
    with pytest.raises(CommandError, match="不能在媒体目录"):
        call_command("backup", "--output-dir", str(source_media / "backups"), stdout=io.StringIO())
    assert not (source_media / "backups").exists()


def test_media_in_object_storage_needs_no_media_and_is_left_out(
    site_with_content, settings, restore_target, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    with pytest.raises(CommandError, match="--no-media"):
        call_command("backup", "--output-dir", str(tmp_path), stdout=io.StringIO())

    archive, output = backup(tmp_path / "archives", "--no-media")

    assert "媒体文件:未备份(--no-media)" in output
    manifest = read_manifest(archive)
    assert manifest["media"] == {"included": False, "root": manifest["media"]["root"], "files": {}}
    assert manifest["database"]["tables"]["auth_user"] == 1
    # Its restore leaves the media folder alone, whatever is in it.
    restore_target.media_root.mkdir()
    (restore_target.media_root / "在对象存储之外.txt").write_text("留着")
    restored = restore_target.restore(archive)
    assert restored.returncode == 0, restored.stderr
    assert "这份备份不含媒体文件" in restored.stdout
    assert [p.name for p in restore_target.media_root.iterdir()] == ["在对象存储之外.txt"]
