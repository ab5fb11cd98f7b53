"""One import run: per-article isolation, progress, warnings and the closing summary."""

import contextlib
import itertools
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from .progress import ProgressBar
from .records import ImportProblem
from .writer import CREATED, UNCHANGED, UPDATED, deferred_indexing

# Articles committed together; each still has its own savepoint, so a failing one leaves
# nothing behind. One commit per article cost SQLite a disk flush per article.
BATCH_SIZE = 100
OUTCOME_WORDS = {CREATED: "新建", UPDATED: "更新", UNCHANGED: "未变"}
DRY_RUN_WORDS = {CREATED: "将新建", UPDATED: "将更新", UNCHANGED: "不变"}


@dataclass
class Summary:
    counts: dict = field(default_factory=lambda: {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
    failures: list = field(default_factory=list)  # (source, reason)
    warnings: list = field(default_factory=list)  # (source, message)
    seconds: float = 0.0

    @property
    def processed(self):
        return sum(self.counts.values()) + len(self.failures)


def describe_error(error):
    if isinstance(error, ImportProblem):
        return str(error)
    if isinstance(error, ValidationError):
        messages = []
        for name, errors in getattr(error, "message_dict", {"": error.messages}).items():
            messages.extend(f"{name}: {message}" if name else message for message in errors)
        return "内容校验失败:" + ";".join(messages)
    if isinstance(error, DatabaseError):
        return f"数据库错误:{error}"
    return f"内部错误 {type(error).__name__}: {error}"


class ImportRun:
    def __init__(self, writer, *, stdout, stderr, quiet=False, verbosity=1, total=None):
        self.writer = writer
        self.stdout = stdout
        self.stderr = stderr
        self.quiet = quiet
        self.verbosity = verbosity
        self.summary = Summary()
        self.progress = ProgressBar(stderr, total, enabled=not quiet and verbosity > 0)

    def run(self, items):
        """`items` yields (source name, callable returning a LegacyArticle)."""
        started = time.monotonic()
        items = iter(items)
        with deferred_indexing():
            while batch := list(itertools.islice(items, BATCH_SIZE)):
                batch_transaction = (
                    contextlib.nullcontext() if self.writer.dry_run else transaction.atomic()
                )
                with batch_transaction:
                    for source, produce in batch:
                        self.import_one(source, produce)
                        self.progress.step()
                    self.writer.flush()
                    self.report_deferred_failures()
            self.progress.close()
            if not self.writer.dry_run and self.writer.written_ids and not self.quiet:
                self.stderr.write(
                    f"正在更新 {len(set(self.writer.written_ids))} 篇文章的搜索索引…\n"
                )
            for error in self.writer.finish() or []:
                self.summary.failures.append(
                    (
                        "搜索索引",
                        f"文章已导入,但索引更新失败({error});请运行 manage.py update_index",
                    )
                )
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def report_deferred_failures(self):
        """New articles are written at the end of their batch; some may fail only then."""
        for source, error in self.writer.deferred_failures:
            reason = describe_error(error)
            self.summary.counts[CREATED] -= 1
            self.summary.failures.append((source, reason))
            self.stderr.write(f"失败 {source}:{reason}\n")
        self.writer.deferred_failures.clear()

    def import_one(self, source, produce):
        words = DRY_RUN_WORDS if self.writer.dry_run else OUTCOME_WORDS
        article = None
        try:
            article = produce()
            outcome = self.writer.write(article)
        except KeyboardInterrupt:
            raise
        except Exception as error:  # noqa: BLE001 - one bad article must not stop the rest
            reason = describe_error(error)
            self.summary.failures.append((source, reason))
            self.stderr.write(f"失败 {source}:{reason}\n")
            return
        finally:
            if article is not None:
                self.summary.warnings.extend((source, w) for w in article.warnings)
                if not self.quiet:
                    for warning in article.warnings:
                        self.stderr.write(f"注意 {source}:{warning}\n")
        self.summary.counts[outcome] += 1
        if self.writer.dry_run or self.verbosity >= 2:
            self.stdout.write(
                f"{words[outcome]} {article.number} /{'/'.join(article.section_path)}/"
                f"{article.number}.html 《{article.title}》 ← {source}"
            )

    def report(self):
        summary = self.summary
        counts = summary.counts
        rate = summary.processed / summary.seconds if summary.seconds else 0
        prefix = "试运行(没有写入任何内容):" if self.writer.dry_run else "导入完成:"
        words = DRY_RUN_WORDS if self.writer.dry_run else OUTCOME_WORDS
        self.stdout.write(
            f"{prefix}{words[CREATED]} {counts[CREATED]} 篇,{words[UPDATED]} {counts[UPDATED]} 篇,"
            f"{words[UNCHANGED]} {counts[UNCHANGED]} 篇,失败 {len(summary.failures)} 篇"
            f"(用时 {summary.seconds:.1f} 秒,每秒 {rate:.1f} 篇)"
        )
        if self.writer.sections_created:
            self.stdout.write("新建栏目:" + "、".join(self.writer.sections_created))
        if self.writer.images_created:
            self.stdout.write(f"新导入图片 {self.writer.images_created} 张")
        if summary.warnings:
            self.stdout.write(f"注意事项 {len(summary.warnings)} 条(见上方“注意”行)")
        if summary.failures:
            self.stdout.write("失败列表:")
            for source, reason in summary.failures:
                self.stdout.write(f"  {source}:{reason}")
