"""What the import commands (import_pages, import_dedecms) share: options and the writer."""

from django.core.management.base import BaseCommand, CommandError

from .parallel import default_jobs
from .records import ImportProblem
from .writer import ArticleWriter


def delivered(article, problem):
    """The article a worker converted, or its problem raised for the run to report."""
    if problem is not None:
        raise ImportProblem(problem)
    return article


class ImportCommand(BaseCommand):
    """An import command's options: --dry-run, --quiet, --media-root and --jobs for all.

    Subclasses add what to import (add_source_arguments) and how to read it
    (add_reading_arguments), and complete the help of --media-root and --jobs.
    """

    # Completes "旧站网站根目录的副本,用来找到 /uploads/… …(可多次指定)".
    images_help: str
    # Completes "…的工作进程数(默认为 CPU 核数减一;0 表示不另开进程)".
    workers_help: str

    def add_source_arguments(self, parser):
        """Arguments naming what to import."""

    def add_reading_arguments(self, parser):
        """Options on how the source is read."""

    def add_arguments(self, parser):
        self.add_source_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="只显示将会发生的变化,不写入")
        parser.add_argument("--quiet", action="store_true", help="不显示进度条和注意事项")
        parser.add_argument(
            "--media-root",
            action="append",
            default=[],
            metavar="DIR",
            help=f"旧站网站根目录的副本,用来找到 /uploads/… {self.images_help}(可多次指定)",
        )
        self.add_reading_arguments(parser)
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            help=f"{self.workers_help}的工作进程数(默认为 CPU 核数减一;0 表示不另开进程)",
        )

    @staticmethod
    def article_writer(*, dry_run, media_root):
        """The writer for this run; a site without a home page stops the command."""
        try:
            return ArticleWriter(dry_run=dry_run, media_roots=media_root)
        except ImportProblem as error:
            raise CommandError(str(error)) from None
