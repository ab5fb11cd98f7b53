"""Back up a site with content, restore it into an empty database of the same engine and an
empty media folder, and find every row and every byte there again."""

import hashlib

import pytest

from backups.databases import MIGRATE_SEEDED_PAGES, MIGRATE_SEEDED_TABLES
from tests.backups.conftest import backup, source_row_counts

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_into_empty_database_brings_back_every_row_and_every_media_byte(
    site_with_content, source_media, restore_target, tmp_path
):
    archive, _ = backup(tmp_path / "archives")

    result = restore_target.restore(archive)

    assert result.returncode == 0, result.stderr
    assert "校验通过" in result.stdout
    # Counted again here, with the engine's own client, not with backups/ code.
    expected = source_row_counts()
    assert restore_target.row_counts() == expected
    assert expected["news_articlepage"] == 1
    assert restore_target.query("SELECT title FROM wagtailcore_page WHERE depth = 5") == [
        ("忻州古城修缮完工",)
    ]
    assert restore_target.query("SELECT username FROM auth_user") == [("reporter_backup",)]
    original = source_media / site_with_content.image.file.name
    restored = restore_target.media_root / site_with_content.image.file.name
    assert sha256(restored) == sha256(original)
    assert sorted(p.relative_to(restore_target.media_root) for p in restored.parent.iterdir()) == (
        sorted(p.relative_to(source_media) for p in original.parent.iterdir())
    )
    # Sequences came along: the restored site takes new rows without key collisions.
    created = restore_target.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create_user('after_restore')",
    )
    assert created.returncode == 0, created.stderr
    assert len(restore_target.query("SELECT id FROM auth_user")) == 2


def test_freshly_migrated_database_counts_as_empty_and_takes_the_restore(
    site_with_content, restore_target, tmp_path
):
    archive, _ = backup(tmp_path / "archives")
    migrated = restore_target.manage("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    # What `migrate` leaves behind is exactly what restore may overwrite: a new data
    # migration that fills another table must be added to MIGRATE_SEEDED_TABLES.
    filled = {table for table, rows in restore_target.row_counts().items() if rows}
    assert filled - MIGRATE_SEEDED_TABLES == set()
    assert restore_target.row_counts()["wagtailcore_page"] == MIGRATE_SEEDED_PAGES

    result = restore_target.restore(archive)

    assert result.returncode == 0, result.stderr
    assert "校验通过" in result.stdout
    assert restore_target.row_counts() == source_row_counts()
