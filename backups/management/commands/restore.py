import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from backups.archive import verify_archive
from backups.errors import BackupError
from backups.restore import restore_backup


class Command(BaseCommand):
    help = (
        "把 backup 命令做的归档恢复到 DATABASE_URL 和 MEDIA_ROOT 指向的空数据库和空媒体目录,"
        "再逐表核对行数、逐个文件核对 SHA-256。目标已有内容时拒绝恢复。"
    )
    # Django's model checks open the database (SQLite's JSON support): a refused restore
    # must not even create an empty SQLite file.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE", help="backup 命令生成的 .tar.gz 归档")
        parser.add_argument(
            "--check",
            action="store_true",
            help="只检查归档是否完整(每个文件的 SHA-256 与清单一致),不恢复",
        )

    def handle(self, *args, archive, check, **options):
        try:
            if check:
                self.report_archive(archive, verify_archive(archive))
                return
            if not isinstance(default_storage, FileSystemStorage):
                raise BackupError(
                    "媒体文件配置在对象存储中(STORAGES),本命令只能把媒体恢复到本机目录 MEDIA_ROOT"
                )
            result = restore_backup(connection, archive, settings.MEDIA_ROOT)
        except (BackupError, OSError) as error:
            raise CommandError(f"恢复失败:{error}") from error

        manifest = result.manifest
        tables = manifest["database"]["tables"]
        files = manifest["media"]["files"]
        self.report_archive(archive, manifest)
        self.stdout.write(f"数据库已恢复:{connection.settings_dict['NAME']}")
        if manifest["media"]["included"]:
            self.stdout.write(f"媒体文件已恢复:{result.media_written} 个,到 {settings.MEDIA_ROOT}")
        else:
            self.stdout.write("这份备份不含媒体文件(备份时用了 --no-media),媒体目录未改动")
        checked = f"校验通过:{len(tables)} 张表的行数与清单一致(共 {sum(tables.values())} 行)"
        if manifest["media"]["included"]:
            checked += f",{len(files)} 个媒体文件的 SHA-256 与清单一致"
        self.stdout.write(self.style.SUCCESS(checked))
        if result.pending_migrations:
            self.stdout.write(
                f"当前代码比备份多 {len(result.pending_migrations)} 个迁移:请运行 manage.py migrate"
            )
        else:
            self.stdout.write("迁移状态:与当前代码一致")
        if result.unknown_migrations:
            names = ", ".join(f"{app}.{name}" for app, name in result.unknown_migrations[:10])
            self.stdout.write(f"注意:备份中有当前代码没有的迁移记录:{names}")

    def report_archive(self, archive, manifest):
        created = timezone.localtime(datetime.datetime.fromisoformat(manifest["created"]))
        versions = manifest["versions"]
        self.stdout.write(
            f"备份:{archive}({created:%Y-%m-%d %H:%M:%S} 创建,{versions['database_server']},"
            f"Django {versions['django']},Wagtail {versions['wagtail']})"
        )
        self.stdout.write(
            f"归档完整:数据库文件和 {len(manifest['media']['files'])} 个媒体文件的 SHA-256 "
            "均与清单一致"
        )
