"""Files that are not whole Dayuan archives are refused before any database is opened."""

import io
import tarfile

from django.core.management import CommandError, call_command

import pytest


def test_file_that_is_not_an_archive_is_refused_clearly(tmp_path):
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("这不是备份")

    with pytest.raises(CommandError, match="不是可读的备份文件"):
        call_command("restore", str(not_an_archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), stdout=io.StringIO())


def test_archive_without_a_manifest_is_refused(tmp_path):
    archive = tmp_path / "foreign.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("database.sqlite3")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"abc"))

    with pytest.raises(CommandError, match="没有 manifest.json"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_archive_with_a_path_outside_the_media_folder_is_refused(tmp_path):
    archive = tmp_path / "escape.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("media/../../etc/cron.d/x")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))

    with pytest.raises(CommandError, match="不该有的条目"):
        call_command("restore", str(archive), stdout=io.StringIO())
