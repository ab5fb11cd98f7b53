"""The check a restore ends with reads every table and every media file back: a row or a byte
missing from the target is named, not passed over."""

import tarfile

from django.contrib.auth import get_user_model
from django.db import connection

import pytest

from backups.archive import parse_manifest
from backups.errors import BackupError
from backups.restore import verify_target
from tests.backups.conftest import backup

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_verification_names_a_missing_row_a_changed_file_and_a_missing_file(
    site_with_content, source_media, tmp_path
):
    archive, _ = backup(tmp_path / "archives")
    with tarfile.open(archive, "r:gz") as tar:
        manifest = parse_manifest(tar.extractfile("manifest.json").read())
    # The database and media folder just backed up pass as they are.
    verify_target(connection, manifest, source_media)

    get_user_model().objects.all().delete()
    image = source_media / site_with_content.image.file.name
    image.write_bytes(image.read_bytes()[:-1] + b"\0")
    extra = source_media / "images" / "extra.jpg"
    extra.parent.mkdir(exist_ok=True)
    extra.write_bytes(b"extra")

    with pytest.raises(BackupError) as failure:
        verify_target(connection, manifest, source_media)

    message = str(failure.value)
    assert "表 auth_user 有 0 行,清单是 1 行" in message
    assert f"媒体文件 {site_with_content.image.file.name} 的 SHA-256 与清单不符" in message
    assert "媒体目录多出文件 images/extra.jpg" in message
