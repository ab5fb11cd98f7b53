"""Restore refuses a target that holds content, a database of another engine and a damaged
archive, with a clear message, a non-zero exit and nothing written."""

import io
import tarfile

from django.core.management import CommandError, call_command

import pytest

from tests.backups.conftest import backup

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def assert_target_untouched(target):
    assert target.row_counts() == {}
    assert not target.media_root.exists() or not any(target.media_root.rglob("*"))


def test_database_holding_content_is_refused_and_left_as_it_was(
    site_with_content, restore_target, tmp_path
):
    archive, _ = backup(tmp_path / "archives")
    assert restore_target.restore(archive).returncode == 0
    counts = restore_target.row_counts()
    for path in restore_target.media_root.rglob("*"):
        if path.is_file():
            path.unlink()

    result = restore_target.restore(archive)

    assert result.returncode == 1
    assert "已有内容,拒绝恢复" in result.stderr
    assert "auth_user 有数据" in result.stderr
    assert "news_articlepage 有数据" in result.stderr
    assert restore_target.row_counts() == counts


def test_media_folder_holding_a_file_is_refused_before_the_database_is_touched(
    site_with_content, restore_target, tmp_path
):
    archive, _ = backup(tmp_path / "archives")
    restore_target.media_root.mkdir()
    (restore_target.media_root / "旧图片.jpg").write_bytes(b"old")

    result = restore_target.restore(archive)

    assert result.returncode == 1
    assert f"媒体目录 {restore_target.media_root} 里已有文件,拒绝恢复" in result.stderr
    assert restore_target.row_counts() == {}
    assert [p.name for p in restore_target.media_root.iterdir()] == ["旧图片.jpg"]


def test_database_of_another_engine_is_refused(site_with_content, restore_target, tmp_path):
    archive, _ = backup(tmp_path / "archives")
    if restore_target.vendor == "sqlite":
        # Refused from the settings alone: nothing listens on port 1.
        other, source, target = "postgres://postgres@127.0.0.1:1/nothing", "SQLite", "PostgreSQL"
    else:
        other, source, target = f"sqlite:///{tmp_path / 'other.sqlite3'}", "PostgreSQL", "SQLite"
    restore_target.url = other

    result = restore_target.restore(archive)

    assert result.returncode == 1
    assert f"这份备份来自 {source} 数据库,而 DATABASE_URL 指向 {target} 数据库" in result.stderr
    assert not (tmp_path / "other.sqlite3").exists()


def rewrite_archive(archive, change):
    """Copy the archive member by member, passing each member's bytes through `change`."""
    members = []
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            members.append((member, change(member.name, tar.extractfile(member).read())))
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_archive_with_a_changed_media_file_is_reported_and_nothing_is_restored(
    site_with_content, restore_target, tmp_path
):
    archive, _ = backup(tmp_path / "archives")
    image_member = "media/" + site_with_content.image.file.name

    def flip_one_byte(name, data):
        if name != image_member:
            return data
        return data[:100] + bytes([data[100] ^ 0xFF]) + data[101:]

    rewrite_archive(archive, flip_one_byte)

    result = restore_target.restore(archive)

    assert result.returncode == 1
    assert f"备份文件已损坏:{image_member} 的 SHA-256 与清单不符" in result.stderr
    assert_target_untouched(restore_target)
    with pytest.raises(CommandError, match="SHA-256 与清单不符"):
        call_command("restore", archive, "--check", stdout=io.StringIO())


def test_archive_with_a_changed_database_dump_is_reported(site_with_content, tmp_path):
    archive, _ = backup(tmp_path / "archives")
    rewrite_archive(
        archive, lambda name, data: data + b"\0" if name.startswith("database.") else data
    )

    with pytest.raises(CommandError, match=r"备份文件已损坏:database\.\w+ 的 SHA-256 与清单不符"):
        call_command("restore", archive, "--check", stdout=io.StringIO())


def test_truncated_archive_is_reported_and_nothing_is_restored(
    site_with_content, restore_target, tmp_path
):
    archive, _ = backup(tmp_path / "archives")
    with open(archive, "r+b") as stream:
        stream.truncate(stream.seek(0, io.SEEK_END) // 2)

    result = restore_target.restore(archive)

    assert result.returncode == 1
    assert "备份文件已损坏或不完整" in result.stderr
    assert_target_untouched(restore_target)
