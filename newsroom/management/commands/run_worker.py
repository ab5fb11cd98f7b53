import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from wagtail import hooks

from newsroom.heartbeat import record_heartbeat
from newsroom.scheduling import queued_task_backends, run_due_jobs
from viewcounts.buffers import view_buffer

HEARTBEAT_SECONDS = 60


class Command(BaseCommand):
    help = (
        "定时发布与定时下线:每分钟执行一次到期的发布和下线,并写入缓冲中的阅读数"
        "并在全站变灰开始和结束时清除全部缓存(生产环境用 systemd 常驻运行)。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="只执行一次后退出(测试、cron 用)")
        parser.add_argument("--interval", type=int, default=60, help="两次执行之间的秒数,默认 60")

    def handle(self, *args, once=False, interval=60, **options):
        self.stopping = False
        self.verbosity = options["verbosity"]
        if once:
            self.run_once()
            return
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.stdout.write(f"定时发布工作进程已启动,每 {interval} 秒检查一次。按 Ctrl-C 退出。")
        for backend in queued_task_backends():
            # Such a backend's queue is drained by its own worker, not by this one.
            self.stderr.write(f"注意:TASKS 配置了队列后端({backend}),请同时运行它自己的工作进程。")
        next_run = time.monotonic()
        while not self.stopping:
            # Between runs the database may have restarted: never reuse a dead connection.
            close_old_connections()
            try:
                self.run_once()
            except Exception as error:  # a bad night for the database must not end the worker
                self.stderr.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} 执行失败:{error}")
            next_run += interval
            beat = time.monotonic()
            while not self.stopping and time.monotonic() < next_run:
                time.sleep(min(1.0, next_run - time.monotonic()))
                if time.monotonic() - beat >= HEARTBEAT_SECONDS:
                    # A long --interval must not look like a dead worker to /readyz.
                    record_heartbeat()
                    beat = time.monotonic()
        self.stdout.write("定时发布工作进程已退出。")

    def run_once(self):
        # Alive, whatever the database says: /readyz checks the database itself.
        record_heartbeat()
        # Views buffered in Redis since the last reader's request would otherwise wait for the next.
        view_buffer().flush()
        published, unpublished = run_due_jobs()
        if published or unpublished or self.verbosity > 1:
            self.stdout.write(
                f"{timezone.localtime():%Y-%m-%d %H:%M:%S} "
                f"定时发布 {published} 篇,到期下线 {unpublished} 篇。"
            )
        # Jobs of apps above the newsroom (mourning mode in home/mourning.py): each returns
        # lines to report, if any.
        for job in hooks.get_hooks("run_worker_job"):
            for line in job() or ():
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} {line}")

    def stop(self, signum, frame):
        self.stopping = True
