"""Making one backup archive of the database and the media folder (docs/backups.md)."""

import dataclasses
import os
import platform
import tempfile
from pathlib import Path

import django
from django.utils import timezone

import wagtail

from .archive import FORMAT, MEDIA_PREFIX, ArchiveWriter
from .databases import database_for
from .errors import BackupError
from .media import media_files
from .retention import new_archive_path


@dataclasses.dataclass
class BackupResult:
    path: Path
    manifest: dict

    @property
    def tables(self):
        return self.manifest["database"]["tables"]

    @property
    def media_count(self):
        return len(self.manifest["media"]["files"])

    @property
    def media_bytes(self):
        return sum(entry["size"] for entry in self.manifest["media"]["files"].values())


def create_backup(connection, output_dir, media_root, *, include_media=True):
    """Write one archive into `output_dir`; returns a BackupResult.

    The archive is written under a temporary name and renamed when complete, so a backup
    that fails half-way never looks like one (nor counts towards retention).
    """
    output_dir = Path(output_dir).resolve()
    media_root = Path(media_root).resolve()
    if include_media and output_dir.is_relative_to(media_root):
        # The media folder is served to the public, and would back itself up.
        raise BackupError(f"备份目录 {output_dir} 不能在媒体目录 {media_root} 里面")
    database = database_for(connection)
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    created = timezone.now()

    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".dayuan-backup-") as work:
        dump_path = Path(work, database.dump_name)
        snapshot = database.dump(dump_path)
        partial = Path(work, "archive.tar.gz")
        writer = ArchiveWriter(partial)
        try:
            dump_entry = writer.add_file(dump_path, database.dump_name)
            os.unlink(dump_path)  # at most one copy of the dump on disk at a time
            media = {}
            if include_media:
                for name in media_files(media_root):
                    media[name] = writer.add_file(media_root / name, MEDIA_PREFIX + name)
            manifest = {
                "format": FORMAT,
                "created": created.isoformat(),
                "versions": {
                    "django": django.get_version(),
                    "wagtail": wagtail.__version__,
                    "python": platform.python_version(),
                    "database_server": database.server_version(),
                },
                "database": {
                    "engine": database.vendor,
                    "file": database.dump_name,
                    **dump_entry,
                    "tables": snapshot["tables"],
                    "migrations": snapshot["migrations"],
                },
                "media": {"included": include_media, "root": str(media_root), "files": media},
            }
            writer.add_manifest(manifest)
            writer.close()
        except BaseException:
            writer.abort()
            raise
        path = new_archive_path(output_dir, created)
        os.replace(partial, path)
    return BackupResult(path=path, manifest=manifest)
