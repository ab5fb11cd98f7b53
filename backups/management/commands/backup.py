import argparse
import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from backups.create import create_backup
from backups.errors import BackupError
from backups.retention import prune


def positive_int(value):
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"应为正整数:{value!r}")
    return number


class Command(BaseCommand):
    help = (
        "把数据库和媒体文件备份成一个归档(tar.gz,内含 manifest.json:每张表的行数、"
        "每个文件的 SHA-256、版本与迁移状态)。最后一行输出归档路径。"
    )
    # The model checks probe SQLite's JSON support inside a write transaction (IMMEDIATE): on
    # a busy site that probe can time out and fail the check, and a backup only ever reads.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=None,
            help="归档写到这个目录(默认 BACKUP_DIR,未设置时为项目下的 var/backups/)",
        )
        parser.add_argument(
            "--keep",
            type=positive_int,
            metavar="N",
            help="备份成功后只保留这个目录里最新的 N 个归档,删除更旧的",
        )
        parser.add_argument(
            "--no-media",
            action="store_true",
            help="不备份媒体文件(媒体存放在 S3 等对象存储时用;对象存储请另行备份)",
        )

    def handle(self, *args, output_dir, keep, no_media, **options):
        output_dir = output_dir or settings.DAYUAN_BACKUP_DIR
        if not no_media and not isinstance(default_storage, FileSystemStorage):
            raise CommandError(
                "媒体文件不在本机目录里(STORAGES 配置的是对象存储),本命令不能备份它们。"
                "请用对象存储自身的版本控制或复制来备份,并加 --no-media 只备份数据库。"
            )
        try:
            result = create_backup(
                connection, output_dir, settings.MEDIA_ROOT, include_media=not no_media
            )
        except (BackupError, OSError) as error:
            raise CommandError(f"备份失败:{error}") from error

        created = timezone.localtime(datetime.datetime.fromisoformat(result.manifest["created"]))
        self.stdout.write(f"备份时间:{created:%Y-%m-%d %H:%M:%S}")
        self.stdout.write(
            f"数据库:{result.manifest['database']['engine']},{len(result.tables)} 张表,"
            f"共 {sum(result.tables.values())} 行"
        )
        if no_media:
            self.stdout.write("媒体文件:未备份(--no-media)")
        else:
            self.stdout.write(
                f"媒体文件:{result.media_count} 个,{result.media_bytes / 1024 / 1024:.1f} MB"
            )
        self.stdout.write(f"归档大小:{result.path.stat().st_size / 1024 / 1024:.1f} MB")
        if keep:
            for old in prune(result.path.parent, keep):
                self.stdout.write(f"已删除旧备份:{old}")
        self.stdout.write(str(result.path))
