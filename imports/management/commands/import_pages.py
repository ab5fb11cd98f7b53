from django.core.management.base import CommandError

from imports.commands import ImportCommand, delivered
from imports.decoding import MEGABYTE
from imports.parallel import ordered_map
from imports.runner import ImportRun
from imports.saved_pages import page_files, parse_page_file


class Command(ImportCommand):
    help = (
        "从保存的旧站文章页面(纯文本或 HTML,文件或文件夹)导入文章,保留原编号和原地址。"
        "可重复执行:内容未变的文章不会改动,已变的就地更新。"
    )
    images_help = "这样的图片"
    workers_help = "解析页面"

    def add_source_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="页面文件或文件夹")

    def add_reading_arguments(self, parser):
        parser.add_argument(
            "--max-mb", type=float, default=32, help="单个文件的大小上限,单位 MB(默认 32)"
        )

    def handle(self, *args, paths, dry_run, quiet, media_root, max_mb, jobs, verbosity, **options):
        writer = self.article_writer(dry_run=dry_run, media_root=media_root)
        files = list(page_files(paths))
        max_bytes = int(max_mb * MEGABYTE)
        run = ImportRun(
            writer,
            stdout=self.stdout,
            stderr=self.stderr,
            quiet=quiet,
            verbosity=verbosity,
            total=len(files),
        )
        tasks = [(str(path) if path else None, name, max_bytes) for path, name in files]
        parsed = ordered_map(parse_page_file, tasks, jobs)
        run.run(
            (name, lambda result=result: delivered(*result))
            for (_, name), result in zip(files, parsed, strict=True)
        )
        run.report()
        if not files:
            raise CommandError("没有找到可导入的页面文件(.txt、.html、.htm)")
        if run.summary.failures:
            raise CommandError(f"{len(run.summary.failures)} 个页面导入失败,见上方失败列表")
